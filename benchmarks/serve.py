"""Serve a web built by corpus.py on loopback, each site on its own host.

Site k is `http://127.0.0.(k+1):PORT/site{k}/...` (Linux routes all of 127.0.0.0/8 to loopback),
so every site is a host of its own for per-host politeness and concurrency; on its own address
`/`, `/robots.txt`, `/feed.xml` and `/sitemap.xml` are the site's (crawlers that start from a
host's root find its home page and its feed). 127.0.0.1 serves every path, plus:

  /feeds.txt, /urls.txt   every feed URL, every article URL, one a line
  /__stats                request counts as JSON: total, article, feed, robots, other, not_found
  /__reset                zero the counts (neither of these two is counted)

HTTP/1.1 with keep-alive, a thread per connection, a listen backlog of 1024, everything held in
memory. Port 80 (needs root) gives URLs without a port, which trafilatura's command line needs
(it drops `http://IP:PORT/` URLs as invalid); port 0 takes a free one.

    python benchmarks/serve.py --root /tmp/sora-peers/corpus --port 80

prints the port on its first line, then each site's feed URL; on SIGTERM or SIGINT it writes the
counts to stderr and stops.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
SITE_FILES = {"/": "/index.html", "/index.html": "/index.html", "/robots.txt": "/robots.txt",
              "/feed.xml": "/feed.xml", "/sitemap.xml": "/sitemap.xml"}
KINDS = ("total", "article", "feed", "robots", "other", "not_found")


def host_of(site: int) -> str:
    return f"127.0.0.{site + 1}"


def base_url(host: str, port: int) -> str:
    return f"http://{host}" if port == 80 else f"http://{host}:{port}"


class Counts:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.values = dict.fromkeys(KINDS, 0)

    def add(self, kind: str) -> None:
        with self.lock:
            self.values["total"] += 1
            self.values[kind] += 1

    def reset(self) -> None:
        with self.lock:
            self.values = dict.fromkeys(KINDS, 0)

    def snapshot(self) -> dict[str, int]:
        with self.lock:
            return dict(self.values)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024
    web: Web
    site: int | None  # the site whose host this listener is, None for 127.0.0.1

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # a client that hangs up mid-answer
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sora-bench/1"
    timeout = 30
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _answer(self, head: bool) -> None:
        web = self.server.web
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path in ("/__stats", "/__reset"):
            if path == "/__reset":
                web.counts.reset()
            body = json.dumps(web.counts.snapshot()).encode()
            return self._send(200, body, TYPES[".json"], head)
        site = self.server.site
        if site is not None and path in SITE_FILES:
            path = f"/site{site}{SITE_FILES[path]}"
        elif path.endswith("/"):
            path += "index.html"
        found = web.files.get(path)
        if found is None:
            web.counts.add("not_found")
            return self._send(404, b"not found\n", TYPES[".txt"], head)
        body, content_type, kind = found
        web.counts.add(kind)
        self._send(200, body, content_type, head)

    def _send(self, status: int, body: bytes, content_type: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", "Tue, 10 Dec 2024 12:00:00 GMT")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)


class Web:
    """A built corpus served on 127.0.0.1 and on each site's own address, all on one port."""

    def __init__(self, root: Path, port: int = 0) -> None:
        self.root = root
        manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        self.sites: int = manifest["sites"]
        self.articles: list[dict[str, object]] = manifest["articles"]
        self.requested_port = port
        self.port = 0
        self.counts = Counts()
        self.files: dict[str, tuple[bytes, str, str]] = {}
        self.servers: list[_Server] = []
        self.threads: list[threading.Thread] = []

    def _listen(self, host: str, port: int, site: int | None) -> _Server:
        server = _Server((host, port), _Handler)
        server.web = self
        server.site = site
        return server

    def start(self) -> Web:
        """Bind every address (one free port for all when asked for port 0), load the files
        with the URLs filled in, and serve in background threads."""
        for _attempt in range(5):
            first = self._listen("127.0.0.1", self.requested_port, None)
            port = first.server_address[1]
            servers = [first]
            try:
                for k in range(1, self.sites + 1):
                    servers.append(self._listen(host_of(k), port, k))
            except OSError:
                for server in servers:
                    server.server_close()
                if self.requested_port:
                    raise
                continue
            break
        else:
            raise OSError("no free port on every site's address")
        self.port, self.servers = port, servers
        self._load()
        for server in servers:
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def stop(self) -> None:
        # Each listener notices the request within its poll interval (0.5 s): all at once.
        stoppers = [threading.Thread(target=server.shutdown) for server in self.servers]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in self.servers:
            server.server_close()
        self.servers.clear()

    def base(self, site: int) -> str:
        return base_url(host_of(site), self.port)

    def feeds(self) -> list[str]:
        return [f"{self.base(k)}/site{k}/feed.xml" for k in range(1, self.sites + 1)]

    def urls(self) -> list[str]:
        return [f"{self.base(int(str(a['site'])))}{a['path']}" for a in self.articles]

    def _load(self) -> None:
        bases = {f"@SITE{k}@": self.base(k) for k in range(1, self.sites + 1)}
        files: dict[str, tuple[bytes, str, str]] = {}
        for path in sorted(self.root.rglob("*")):
            if not path.is_file() or path.name == "manifest.json":
                continue
            rel = "/" + path.relative_to(self.root).as_posix()
            data = path.read_bytes()
            if "/article-" in rel:
                kind = "article"
            else:
                kind = {"feed.xml": "feed", "robots.txt": "robots"}.get(path.name, "other")
                text = data.decode("utf-8")
                for placeholder, base in bases.items():
                    text = text.replace(placeholder, base)
                data = text.encode("utf-8")
            content_type = TYPES.get(path.suffix, "application/octet-stream")
            if path.name == "feed.xml":
                content_type = "application/rss+xml; charset=utf-8"
            files[rel] = (data, content_type, kind)
        files["/feeds.txt"] = ("".join(f"{u}\n" for u in self.feeds()).encode(), TYPES[".txt"],
                               "other")
        files["/urls.txt"] = ("".join(f"{u}\n" for u in self.urls()).encode(), TYPES[".txt"],
                              "other")
        self.files = files


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path("/tmp/sora-peers/corpus"))
    parser.add_argument("--port", type=int, default=0, help="0: a free port; 80 needs root")
    args = parser.parse_args(argv)
    web = Web(args.root, args.port).start()
    print(web.port, flush=True)
    for k, feed in enumerate(web.feeds(), 1):
        print(f"site{k} {feed}", flush=True)
    stopped = threading.Event()

    def stop(_signum: int, _frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopped.wait(0.5):
        pass
    sys.stderr.write(f"requests {json.dumps(web.counts.snapshot())}\n")
    web.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
