"""A small loopback HTTP server that serves a sample news web (the demo and the tests use it)."""

from __future__ import annotations

import dataclasses
import email.utils
import hashlib
import json
import posixpath
import socket
import threading
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self
from urllib.parse import unquote, urlsplit

from monitor.errors import ConfigError, SampleWebError

PLACEHOLDER = b"{{BASE}}"
ROUTES_FILE = "_routes.toml"
DEFAULT_LAST_MODIFIED = "Wed, 27 Nov 2024 09:00:00 GMT"

# Charsets are left off the XML types on purpose: without one, the XML declaration decides
# (RFC 7303), so a feed in a legacy encoding needs no route of its own.
CONTENT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/rss+xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
}
TEXT_SUFFIXES = frozenset({".html", ".htm", ".xml", ".rss", ".atom", ".txt", ".json"})
ROUTE_KEYS = frozenset(
    {"status", "content_type", "headers", "delay", "validators", "last_modified", "body"}
)


@dataclass(frozen=True)
class RequestRecord:
    """One request the sample web answered; `path` is the request target as sent (with query)."""

    time: float
    method: str
    path: str
    status: int
    headers: dict[str, str]


@dataclass(frozen=True)
class Route:
    """Per-path overrides read from `_routes.toml`."""

    status: int | None = None
    content_type: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    validators: bool = True
    last_modified: str = DEFAULT_LAST_MODIFIED
    body: str | None = None


def load_routes(root: Traversable) -> dict[str, Route]:
    """Read `_routes.toml` from the root; a missing file means no overrides."""
    source = root.joinpath(ROUTES_FILE)
    if not source.is_file():
        return {}
    where = str(source)
    try:
        table = tomllib.loads(source.read_bytes().decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(str(exc), path=where) from exc
    routes: dict[str, Route] = {}
    for path, spec in table.items():
        if not path.startswith("/") or not isinstance(spec, dict):
            raise ConfigError("each entry must be a table named by an absolute URL path",
                              path=where, key=path)
        unknown = set(spec) - ROUTE_KEYS
        if unknown:
            raise ConfigError(f"unknown keys {sorted(unknown)}; known: {sorted(ROUTE_KEYS)}",
                              path=where, key=path)
        try:
            routes[path] = _route_from(spec)
        except (TypeError, ValueError) as exc:
            raise ConfigError(str(exc), path=where, key=path) from exc
    return routes


def _route_from(spec: dict[str, Any]) -> Route:
    headers = spec.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise TypeError("headers must be a table of strings")
    status = spec.get("status")
    if status is not None and not (isinstance(status, int) and 100 <= status <= 599):
        raise ValueError(f"status must be an HTTP status code, not {status!r}")
    last_modified = spec.get("last_modified", DEFAULT_LAST_MODIFIED)
    if _parse_http_date(last_modified) is None:
        raise ValueError(f"last_modified must be an HTTP date, not {last_modified!r}")
    return Route(
        status=status,
        content_type=spec.get("content_type"),
        headers=dict(headers),
        delay=float(spec.get("delay", 0.0)),
        validators=bool(spec.get("validators", True)),
        last_modified=last_modified,
        body=spec.get("body"),
    )


def _parse_http_date(value: str) -> datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is not None else None


def _etag_matches(header: str, etag: str) -> bool:
    # Weak comparison (RFC 9110 13.1.2): a W/ prefix on either side does not matter for GET.
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def _resolve(root: Traversable, url_path: str) -> Traversable | None:
    """The file a URL path names under root, or None; nothing outside root can be named."""
    path = unquote(url_path)
    if "\\" in path or "\x00" in path or not path.startswith("/"):
        return None
    parts = path.split("/")[1:]
    if any(p in ("..", ".") for p in parts) or any(p == "" for p in parts[:-1]):
        return None
    if parts[-1] == "":
        parts[-1] = "index.html"
    if parts == [ROUTES_FILE]:
        return None
    try:
        node = root.joinpath(*parts)
        return node if node.is_file() else None
    except (OSError, ValueError):
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    web: SampleWeb

    def __init__(self, address: tuple[str, int], web: SampleWeb) -> None:
        self.web = web
        self.open_sockets: set[socket.socket] = set()
        self.sockets_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.sockets_lock:
            self.open_sockets.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.sockets_lock:
            self.open_sockets.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-answer is routine for a crawler under test, not news.
        if self.web.verbose:
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "SampleWeb/1.0"
    sys_version = ""

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _refuse_method(self) -> None:
        self._send(405, {"Allow": "GET, HEAD", "Content-Type": "text/plain; charset=utf-8"},
                   b"405 Method Not Allowed\n", send_body=True)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_method

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.web.verbose:
            super().log_message(format, *args)

    def _answer(self, send_body: bool) -> None:
        web = self.server.web
        url_path = urlsplit(self.path).path
        route = web.routes.get(unquote(url_path)) or Route()
        if route.delay and web.stopping.wait(route.delay):
            self.close_connection = True  # stopped while waiting: hang up, as a dying server does
            return
        node = _resolve(web.root, url_path)
        if node is None and route.status is None:
            if not url_path.endswith("/") and _resolve(web.root, url_path + "/") is not None:
                # What real servers do for a directory named without its slash.
                query = urlsplit(self.path).query
                location = web.base_url + url_path + "/" + (f"?{query}" if query else "")
                self._send(301, {"Location": location, "Content-Type": "text/plain; charset=utf-8"},
                           b"301 Moved Permanently\n", send_body)
                return
            self._send(404, {"Content-Type": "text/plain; charset=utf-8"},
                       b"404 Not Found\n", send_body)
            return
        status = route.status or 200
        body, content_type = self._content(node, route, status)
        headers = {k: v.replace(PLACEHOLDER.decode(), web.base_url)
                   for k, v in route.headers.items()}
        headers.setdefault("Content-Type", route.content_type or content_type)
        if status == 200 and route.validators:
            etag = '"' + hashlib.sha1(body).hexdigest() + '"'
            headers["ETag"] = etag
            headers["Last-Modified"] = route.last_modified
            if self._not_modified(etag, route.last_modified):
                del headers["Content-Type"]
                self._send(304, headers, b"", send_body)
                return
        self._send(status, headers, body, send_body)

    def _content(self, node: Traversable | None, route: Route, status: int) -> tuple[bytes, str]:
        """The body to serve and its default content type."""
        if node is None:
            reason = self.responses.get(status, ("",))[0]
            return (route.body or f"{status} {reason}\n").encode(), "text/plain; charset=utf-8"
        body = node.read_bytes()
        suffix = posixpath.splitext(node.name)[1].lower()
        if suffix in TEXT_SUFFIXES:
            # On bytes, so pages in legacy encodings keep every byte but the placeholder.
            body = body.replace(PLACEHOLDER, self.server.web.base_url.encode("ascii"))
        return body, CONTENT_TYPES.get(suffix, "application/octet-stream")

    def _not_modified(self, etag: str, last_modified: str) -> bool:
        # RFC 9110 13.2.2: when If-None-Match is present, If-Modified-Since is ignored.
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return _etag_matches(if_none_match, etag)
        since = _parse_http_date(self.headers.get("If-Modified-Since") or "")
        modified = _parse_http_date(last_modified)
        return since is not None and modified is not None and since >= modified

    def _send(self, status: int, headers: dict[str, str], body: bytes, send_body: bool) -> None:
        # Recorded before answering, so a client that has its answer always finds it in the log.
        self.server.web.record(self.command, self.path, status, dict(self.headers.items()))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and status != 304:
            self.wfile.write(body)


class SampleWeb:
    """Serves the files under `root` on loopback, with `{{BASE}}` replaced by the base URL.

    `root` may be a Path or an importlib.resources Traversable (package data); only the
    Traversable API is used, so both work. Per-path overrides come from `root/_routes.toml`.
    """

    def __init__(self, root: Traversable | Path, host: str = "127.0.0.1", port: int = 0,
                 log_path: Path | None = None, verbose: bool = False) -> None:
        if not root.is_dir():
            raise SampleWebError(f"sample web root {root} is not a directory")
        self.root: Traversable = root
        self.host = host
        self.port = port
        self.log_path = log_path
        self.verbose = verbose
        self.routes = load_routes(root)
        self.base_url = ""
        self.requests: list[RequestRecord] = []
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._log: IO[str] | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        """Serve in a daemon thread; return the base URL (`http://127.0.0.1:PORT`)."""
        if self._server is not None:
            raise SampleWebError(f"sample web already running at {self.base_url}")
        try:
            server = _Server((self.host, self.port), self)
        except OSError as exc:
            raise SampleWebError(f"cannot listen on {self.host}:{self.port}: {exc}") from exc
        if self.log_path is not None:
            self._log = self.log_path.open("a", encoding="utf-8")
        self.stopping.clear()
        self._server = server
        self.base_url = f"http://{self.host}:{server.server_address[1]}"
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name=f"sampleweb-{server.server_address[1]}", daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stop serving and drop open connections (keep-alive clients included)."""
        server, self._server = self._server, None
        if server is None:
            return
        self.stopping.set()
        server.shutdown()
        with server.sockets_lock:
            for sock in list(server.open_sockets):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        with self._lock:
            if self._log is not None:
                self._log.close()
                self._log = None

    def record(self, method: str, path: str, status: int, headers: dict[str, str]) -> None:
        """Append one request to the in-memory log and, if set, to the JSON-lines file."""
        entry = RequestRecord(time.time(), method, path, status, headers)
        with self._lock:
            self.requests.append(entry)
            if self._log is not None:
                self._log.write(json.dumps(dataclasses.asdict(entry), ensure_ascii=False) + "\n")
                self._log.flush()

    def requests_for(self, path: str) -> list[RequestRecord]:
        """The recorded requests whose path (query string ignored) equals `path`."""
        with self._lock:
            return [r for r in self.requests if urlsplit(r.path).path == path]

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
