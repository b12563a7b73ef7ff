"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), capturing what it accepts.

    with smtp_server() as server:            # plain SMTP, no auth
        ...send to server.host, server.port...
        server.messages[0]                   # email.message.EmailMessage as received

Options: `tls=TLSFiles` (STARTTLS offered, or implicit TLS with `implicit_tls=True`),
`require_starttls`, `auth=("user", "password")`, `reject={"addr"}` (550 on RCPT),
`drop_in_data=True` (hangs up after the first line of DATA, before accepting anything).
`make_tls_files(dir)` generates a self-signed certificate for 127.0.0.1 with `cryptography`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

HOST = "127.0.0.1"


@dataclass(frozen=True)
class TLSFiles:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts this self-signed certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.cert))


def make_tls_files(directory: Path) -> TLSFiles:
    """Write a fresh self-signed certificate for 127.0.0.1/localhost into `directory`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sora-monitor test SMTP")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(HOST)), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    files = TLSFiles(cert=directory / "smtp-cert.pem", key=directory / "smtp-key.pem")
    files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return files


@dataclass
class CapturingHandler:
    """Accepts every message, except recipients listed in `reject` (550 at RCPT)."""

    reject: frozenset[str] = frozenset()
    envelopes: list[Envelope] = field(default_factory=list)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list
    ) -> str:
        if address in self.reject:
            return f"550 5.1.1 <{address}>: no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 2.0.0 OK: queued"


class _DroppingSMTP(SMTP):
    """Answers DATA with 354, reads one line of the message, then hangs up."""

    async def smtp_DATA(self, arg: str) -> None:
        if not self.envelope or not self.envelope.rcpt_tos:
            await super().smtp_DATA(arg)
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        await self._reader.readline()
        self.transport.close()
        # connection_lost() cancels this handler; until then, read nothing more.
        await asyncio.get_running_loop().create_future()


class _Controller(Controller):
    def __init__(self, handler: Any, *, dropping: bool, **kwargs: Any) -> None:
        self._dropping = dropping
        super().__init__(handler, **kwargs)

    def factory(self) -> SMTP:
        cls = _DroppingSMTP if self._dropping else SMTP
        return cls(self.handler, **self.SMTP_kwargs)


@dataclass
class RunningServer:
    host: str
    port: int
    handler: CapturingHandler

    @property
    def envelopes(self) -> list[Envelope]:
        return self.handler.envelopes

    @property
    def messages(self) -> list[EmailMessage]:
        return [
            message_from_bytes(e.original_content or b"", policy=policy.default)  # type: ignore[misc]
            for e in self.handler.envelopes
        ]


def free_port() -> int:
    """A port that was free a moment ago (aiosmtpd's Controller cannot listen on port 0)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def smtp_server(
    *,
    tls: TLSFiles | None = None,
    implicit_tls: bool = False,
    require_starttls: bool = False,
    auth: tuple[str, str] | None = None,
    reject: set[str] | frozenset[str] = frozenset(),
    drop_in_data: bool = False,
    port: int | None = None,
) -> Iterator[RunningServer]:
    """Run an aiosmtpd server on 127.0.0.1 for the duration of the block."""
    handler = CapturingHandler(reject=frozenset(reject))
    kwargs: dict[str, Any] = {"hostname": HOST, "port": port or free_port()}
    if tls is not None and implicit_tls:
        kwargs["ssl_context"] = tls.server_context()
    elif tls is not None:
        kwargs["tls_context"] = tls.server_context()
        kwargs["require_starttls"] = require_starttls
    if auth is not None:
        user, password = auth

        def authenticator(
            server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
        ) -> AuthResult:
            ok = (
                isinstance(data, LoginPassword)
                and data.login == user.encode()
                and data.password == password.encode()
            )
            return AuthResult(success=ok, handled=False)

        kwargs["authenticator"] = authenticator
        # aiosmtpd only counts STARTTLS as TLS; with implicit TLS the check must be off.
        kwargs["auth_require_tls"] = tls is not None and not implicit_tls
    controller = _Controller(handler, dropping=drop_in_data, **kwargs)
    controller.start()
    try:
        yield RunningServer(host=HOST, port=kwargs["port"], handler=handler)
    finally:
        controller.stop()
