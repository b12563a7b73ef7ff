"""A real HTTP server on 127.0.0.1 for tests, receiving webhook POSTs as a careful receiver does.

    with webhook_server(secret="s3cret") as server:     # port 0 unless `port=` is given
        ...post to server.url...
        server.requests        # every POST as received (headers, body, signature checked)
        server.deliveries      # Idempotency-Key -> the first body: one logical delivery each

The receiver dedupes by the `Idempotency-Key` header: a batch sent again after a crash is
counted in `requests` but not again in `deliveries`. Options: `statuses` (answer these codes to
the first POSTs, then 200), `silent` (accept and never answer, to time the client out),
`before_answer(request)` (runs after the POST is recorded and before it is answered).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    """One POST as the server read it."""

    path: str
    headers: dict[str, str]
    body: bytes
    signed: bool | None  # None: the server holds no secret to check against

    @property
    def key(self) -> str | None:
        return self.headers.get("idempotency-key")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """What the server was asked and what it remembers (thread-safe)."""

    secret: str | None = None
    statuses: list[int] = field(default_factory=list)
    silent: bool = False
    before_answer: Callable[[Received], None] | None = None
    requests: list[Received] = field(default_factory=list)
    deliveries: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    release: threading.Event = field(default_factory=threading.Event)

    def record(self, received: Received) -> int:
        with self.lock:
            self.requests.append(received)
            status = self.statuses.pop(0) if self.statuses else 200
            if 200 <= status < 300 and received.key and received.signed is not False:
                self.deliveries.setdefault(received.key, received.json())
            return status


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            signed = None
            if receiver.secret is not None:
                expected = "sha256=" + hmac.new(
                    receiver.secret.encode(), body, hashlib.sha256
                ).hexdigest()
                signed = hmac.compare_digest(self.headers.get("X-Sora-Signature", ""), expected)
            received = Received(
                path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
                signed=signed,
            )
            status = receiver.record(received)
            if receiver.silent:
                receiver.release.wait(30)
                return
            if receiver.before_answer is not None:
                receiver.before_answer(received)
            if signed is False:
                status = 401
            answer = json.dumps({"ok": 200 <= status < 300}).encode()
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the tests read `requests`

    return Handler


@dataclass
class RunningWebhook:
    host: str
    port: int
    receiver: Receiver

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/hooks/sora?token=private-token"

    @property
    def requests(self) -> list[Received]:
        with self.receiver.lock:
            return list(self.receiver.requests)

    @property
    def deliveries(self) -> dict[str, Any]:
        with self.receiver.lock:
            return dict(self.receiver.deliveries)


@contextmanager
def webhook_server(
    *,
    port: int = 0,
    secret: str | None = None,
    statuses: list[int] | None = None,
    silent: bool = False,
    before_answer: Callable[[Received], None] | None = None,
) -> Iterator[RunningWebhook]:
    """Run the receiver on 127.0.0.1 (on `port`, or a free one) for the duration of the block."""
    receiver = Receiver(
        secret=secret, statuses=list(statuses or []), silent=silent, before_answer=before_answer
    )
    server = ThreadingHTTPServer((HOST, port), _handler(receiver))
    server.daemon_threads = True
    # A short poll: shutdown() waits for it, and tests start and stop many servers.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield RunningWebhook(host=HOST, port=server.server_address[1], receiver=receiver)
    finally:
        receiver.release.set()
        server.shutdown()
        server.server_close()
