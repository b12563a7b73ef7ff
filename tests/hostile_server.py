"""A loopback HTTP server whose answers a test writes: hostile ones, and Google News' decoder.

`HostileWeb` runs in a thread of the test process (the crawl runs in a child process) and
answers each path with what the test registered: a body with any headers and status, raw
bytes (a gzip bomb, a lying charset), or a function. `GoogleNewsMimic` adds what Google News
serves for an opaque article link, as the maintained decoders document it: the article page
with `data-n-a-sg` and `data-n-a-ts`, and the `batchexecute` endpoint that answers a
`garturlreq` with the outlet's URL (only for the signature and timestamp its page gave).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # False: no Content-Length; the body streams until the connection closes.
    length: bool = True


Responder = Callable[["Asked"], Answer]


@dataclass(frozen=True)
class Asked:
    """One request the server received."""

    method: str
    path: str  # with its query
    headers: dict[str, str]
    body: bytes

    @property
    def route(self) -> str:
        return urlsplit(self.path).path


class HostileWeb:
    """Answers registered per path (the query ignored); 404 for anything else."""

    def __init__(self) -> None:
        self.routes: dict[str, Answer | Responder] = {}
        self.asked: list[Asked] = []
        self._lock = threading.Lock()
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self._answer()

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                asked = Asked(
                    self.command, self.path, dict(self.headers.items()), self.rfile.read(length)
                )
                with web._lock:
                    web.asked.append(asked)
                route = web.routes.get(asked.route)
                answer = (
                    Answer(404, b"not here")
                    if route is None
                    else route(asked)
                    if callable(route)
                    else route
                )
                self.send_response(answer.status)
                headers = dict(answer.headers)
                if answer.length:
                    headers["Content-Length"] = str(len(answer.body))
                else:
                    headers["Connection"] = "close"
                    self.close_connection = True
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a size limit): that is the point

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that hung up on a hostile answer: expected

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def add(self, path: str, answer: Answer | Responder) -> str:
        self.routes[path] = answer
        return self.url + path

    def paths(self, method: str | None = None) -> list[str]:
        with self._lock:
            return [a.route for a in self.asked if method is None or a.method == method]

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)


class GoogleNewsMimic:
    """Google News' article pages and batchexecute endpoint for a set of opaque ids."""

    BATCHEXECUTE = "/_/DotsSplashUi/data/batchexecute"

    def __init__(self, web: HostileWeb) -> None:
        self.web = web
        self.targets: dict[str, str] = {}  # article id -> outlet URL
        self.changed: set[str] = set()  # ids whose page no longer carries the attributes
        web.add(self.BATCHEXECUTE, self._batchexecute)

    def article(self, article_id: str, target: str) -> str:
        """Serve an opaque id that leads to `target`; the item's link (on Google's host)."""
        self.targets[article_id] = target
        self.web.add(f"/rss/articles/{article_id}", self._page)
        return f"https://news.google.com/rss/articles/{article_id}?oc=5&amp;hl=en-US"

    @staticmethod
    def signature(article_id: str) -> str:
        return "AZ5r3e" + article_id[::-1][:20]

    @staticmethod
    def timestamp(article_id: str) -> int:
        return 1733400000 + len(article_id)

    def _page(self, asked: Asked) -> Answer:
        article_id = asked.route.rsplit("/", 1)[1]
        if article_id in self.changed:
            body = "<html><body><c-wiz><div jscontroller='x'>Loading</div></c-wiz></body></html>"
        else:
            body = (
                "<!doctype html><html><head><title>Google News</title></head><body>"
                f'<c-wiz jsrenderer="x"><div jscontroller="aLI87" data-n-a-id="{article_id}" '
                f'data-n-a-ts="{self.timestamp(article_id)}" '
                f'data-n-a-sg="{self.signature(article_id)}"></div></c-wiz>'
                "<script>/* the page sends the reader on with a script */</script></body></html>"
            )
        return Answer(200, body.encode(), {"Content-Type": "text/html; charset=utf-8"})

    def _batchexecute(self, asked: Asked) -> Answer:
        if asked.method != "POST":
            return Answer(405, b"")
        try:
            form = parse_qs(asked.body.decode("utf-8"))
            envelope = json.loads(form["f.req"][0])
            rpc, payload = envelope[0][0][0], json.loads(envelope[0][0][1])
            kind, article_id, timestamp, signature = payload[0], payload[2], payload[3], payload[4]
        except (KeyError, IndexError, TypeError, ValueError):
            return Answer(400, b"")
        valid = (
            rpc == "Fbv4je"
            and kind == "garturlreq"
            and article_id in self.targets
            and timestamp == self.timestamp(article_id)
            and signature == self.signature(article_id)
        )
        if not valid:
            return Answer(400, b")]}'\n\n[[\"er\",null,null,null,null,400]]")
        inner = json.dumps(["garturlres", self.targets[article_id], 1])
        rows = [
            ["wrb.fr", "Fbv4je", inner, None, None, None, "generic"],
            ["di", 27],
            ["af.httprm", 26, "-6109287417307013342", 9],
        ]
        text = ")]}'\n\n" + json.dumps(rows)
        return Answer(200, text.encode(), {"Content-Type": "application/json; charset=utf-8"})
