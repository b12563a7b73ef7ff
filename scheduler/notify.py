"""Sending alert e-mails: the Notifier protocol and its SMTP implementation (smtplib)."""

from __future__ import annotations

import base64
import logging
import os
import smtplib
import socket
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses, make_msgid
from typing import Protocol

from monitor.config import EmailConfig
from monitor.errors import (
    ConfigError,
    NotificationError,
    SMTPAuthError,
    SMTPConnectError,
    SMTPRecipientsError,
    SMTPRejectedError,
    SMTPSecurityError,
    SMTPSenderError,
)
from monitor.states import SMTPSecurity

__all__ = ["Notifier", "SMTPNotifier", "SendResult"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SendResult:
    """What the server accepted: the message's id, accepted and refused recipients."""

    message_id: str
    accepted: tuple[str, ...]
    refused: Mapping[str, str] = field(default_factory=dict)


class Notifier(Protocol):
    """Something that delivers an e-mail message, or raises a NotificationError."""

    def send(self, message: EmailMessage) -> SendResult: ...


def _response_text(code: int, response: bytes | str) -> str:
    text = response.decode("utf-8", "replace") if isinstance(response, bytes) else str(response)
    return f"{code} {' '.join(text.split())}"


class SMTPNotifier:
    """Delivers messages through the SMTP server of an `EmailConfig`.

    The password comes from the environment variable the config names and appears in no log
    line and no exception message. `ssl_context` replaces the system's trust store (tests use
    it to trust a self-signed certificate).
    """

    def __init__(
        self,
        config: EmailConfig,
        environ: Mapping[str, str] = os.environ,
        *,
        ssl_context: ssl.SSLContext | None = None,
        local_hostname: str | None = None,
    ) -> None:
        if not config.smtp_host:
            raise ConfigError(
                "no SMTP server configured: set smtp_host (and smtp_port, security)",
                key="alerts.email.smtp_host",
            )
        if config.security not in tuple(SMTPSecurity):
            raise ConfigError(
                f"security must be one of {', '.join(SMTPSecurity)}, not {config.security!r}",
                key="alerts.email.security",
            )
        self.config = config
        self._host: str = config.smtp_host
        self._environ = environ
        self._ssl_context = ssl_context
        self._local_hostname = local_hostname
        self._where = f"{config.smtp_host}:{config.smtp_port}"

    # -- credentials -----------------------------------------------------------------------

    def _password(self) -> str | None:
        config = self.config
        if not config.username:
            return None
        if not config.password_env:
            raise SMTPAuthError(
                f"username {config.username!r} is set but no password: set [alerts.email] "
                "password_env to the name of an environment variable holding the password"
            )
        password = config.password(self._environ)
        if not password:  # unset or empty: both mean the variable was not exported
            raise SMTPAuthError(
                f"the SMTP password for {config.username!r} is missing: set the environment "
                f"variable {config.password_env} (named by [alerts.email] password_env)"
            )
        return password

    def _redact(self, text: str, password: str | None) -> str:
        # A server that echoes what it received must not leak the password into our errors.
        if not password:
            return text
        username = self.config.username or ""
        secrets = {
            password,
            base64.b64encode(password.encode()).decode(),
            base64.b64encode(f"\0{username}\0{password}".encode()).decode(),
        }
        for secret in secrets:
            text = text.replace(secret, "***")
        return text

    # -- connection ------------------------------------------------------------------------

    def _context(self) -> ssl.SSLContext:
        return self._ssl_context or ssl.create_default_context()

    @contextmanager
    def _session(self) -> Iterator[smtplib.SMTP]:
        config = self.config
        timeout = config.timeout.total_seconds()
        smtp: smtplib.SMTP
        if config.security == SMTPSecurity.SSL:
            smtp = smtplib.SMTP_SSL(
                self._host,
                config.smtp_port,
                local_hostname=self._local_hostname,
                timeout=timeout,
                context=self._context(),
            )
        else:
            smtp = smtplib.SMTP(
                self._host,
                config.smtp_port,
                local_hostname=self._local_hostname,
                timeout=timeout,
            )
        try:
            yield smtp
        finally:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass  # the outcome is already decided; a failed goodbye changes nothing
            smtp.close()

    def _secure(self, smtp: smtplib.SMTP) -> None:
        smtp.ehlo()
        if self.config.security != SMTPSecurity.STARTTLS:
            return
        if not smtp.has_extn("starttls"):
            raise SMTPSecurityError(
                f"the SMTP server {self._where} does not offer STARTTLS and security = "
                '"starttls" forbids sending in clear text: set security = "ssl" if it expects '
                'TLS from the start (usually port 465), or "none" only for a trusted local relay'
            )
        smtp.starttls(context=self._context())
        smtp.ehlo()

    def _login(self, smtp: smtplib.SMTP, password: str | None) -> None:
        username = self.config.username
        if not username or password is None:
            return
        if not smtp.has_extn("auth"):
            hint = (
                'set security = "starttls" or "ssl" (servers offer AUTH only over TLS)'
                if self.config.security == SMTPSecurity.NONE
                else "remove username from [alerts.email] if the server needs no login"
            )
            raise SMTPAuthError(
                f"the SMTP server {self._where} does not offer authentication: {hint}"
            )
        smtp.login(username, password)

    # -- sending ---------------------------------------------------------------------------

    def send(self, message: EmailMessage) -> SendResult:
        """Deliver `message` to its To/Cc/Bcc recipients; raise a NotificationError if not sent.

        A message without a Message-ID gets one, so the result always names the message.
        """
        fields = [*message.get_all("To", []), *message.get_all("Cc", []),
                  *message.get_all("Bcc", [])]
        recipients = [addr for _, addr in getaddresses([str(f) for f in fields]) if addr]
        if not recipients:
            raise NotificationError("the message has no recipient (To, Cc or Bcc)")
        if message["Message-ID"] is None:
            message["Message-ID"] = make_msgid(domain="sora-monitor.invalid")
        message_id = str(message["Message-ID"])
        password = self._password()
        phase = "connecting"
        try:
            with self._session() as smtp:
                phase = "greeting it and starting TLS"
                self._secure(smtp)
                phase = "logging in"
                self._login(smtp, password)
                phase = "sending the message"
                refused_raw = smtp.send_message(message, to_addrs=recipients)
        except NotificationError:
            raise
        except smtplib.SMTPException as exc:
            raise self._translate(exc, phase, password) from exc
        except OSError as exc:
            raise self._translate_os(exc, phase) from exc
        refused = {
            addr: self._redact(_response_text(code, resp), password)
            for addr, (code, resp) in refused_raw.items()
        }
        accepted = tuple(r for r in recipients if r not in refused)
        log.info("sent %s to %d recipient(s) via %s", message_id, len(accepted), self._where)
        return SendResult(message_id=message_id, accepted=accepted, refused=refused)

    def _translate(
        self, exc: smtplib.SMTPException, phase: str, password: str | None
    ) -> NotificationError:
        where = self._where
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            # smtplib reports a read timeout or reset as "disconnected"; the cause says which.
            if isinstance(exc.__context__, OSError):
                return self._translate_os(exc.__context__, phase)
            return self._dropped(phase)
        if isinstance(exc, smtplib.SMTPNotSupportedError):
            # e.g. a non-ASCII address when the server lacks SMTPUTF8
            return NotificationError(f"the SMTP server {where} cannot take this message: {exc}")
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            reasons = ", ".join(
                f"{addr} ({self._redact(_response_text(code, resp), password)})"
                for addr, (code, resp) in exc.recipients.items()
            )
            return SMTPRecipientsError(
                f"the SMTP server {where} refused every recipient: {reasons}; "
                "check the addresses in [alerts.email] to (or --to)"
            )
        if not isinstance(exc, smtplib.SMTPResponseException):
            return NotificationError(f"SMTP error with {where} while {phase}: {exc}")
        reply = self._redact(_response_text(exc.smtp_code, exc.smtp_error), password)
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return SMTPAuthError(
                f"the SMTP server {where} refused the credentials of {self.config.username!r} "
                f"({reply}): check [alerts.email] username and the password in the "
                f"environment variable {self.config.password_env}"
            )
        if isinstance(exc, smtplib.SMTPSenderRefused):
            return SMTPSenderError(
                f"the SMTP server {where} refused the sender {exc.sender!r} ({reply}): check "
                "[alerts.email] from; many servers accept only the login's own address"
            )
        if isinstance(exc, smtplib.SMTPConnectError):
            return SMTPConnectError(
                f"the SMTP server {where} refused the session ({reply}): try again later"
            )
        if isinstance(exc, smtplib.SMTPDataError):
            return SMTPRejectedError(
                f"the SMTP server {where} rejected the message ({reply}); "
                "a 4xx reply is temporary (try again later), a 5xx reply is a policy refusal"
            )
        return NotificationError(f"the SMTP server {where} answered {reply} while {phase}")

    def _dropped(self, phase: str) -> SMTPConnectError:
        return SMTPConnectError(
            f"the SMTP server {self._where} closed the connection while {phase}; the message "
            "was not accepted: try again later, and check the server's logs"
        )

    def _translate_os(self, exc: OSError, phase: str) -> NotificationError:
        where = self._where
        config = self.config
        if isinstance(exc, ssl.SSLCertVerificationError):
            return SMTPSecurityError(
                f"the TLS certificate of {where} is not trusted ({exc.verify_message}): put the "
                "name on the server's certificate in smtp_host, or install its CA certificate"
            )
        if isinstance(exc, ssl.SSLError):
            return SMTPSecurityError(
                f"TLS with {where} failed ({exc.reason or exc}): check security "
                '("ssl" for servers that expect TLS at once, usually port 465; "starttls" '
                "for port 587)"
            )
        if isinstance(exc, socket.gaierror):
            return SMTPConnectError(
                f"cannot resolve the SMTP host {config.smtp_host!r}: check [alerts.email] "
                "smtp_host and the network"
            )
        if isinstance(exc, ConnectionRefusedError):
            return SMTPConnectError(
                f"cannot connect to the SMTP server {where}: connection refused; check "
                "[alerts.email] smtp_host and smtp_port, and that the server is running"
            )
        if isinstance(exc, ConnectionError):
            return self._dropped(phase)
        if isinstance(exc, TimeoutError):
            hint = (
                '; a server that expects TLS at once (usually port 465) needs security = "ssl"'
                if phase == "connecting" and config.security != SMTPSecurity.SSL
                else ""
            )
            return SMTPConnectError(
                f"the SMTP server {where} did not answer within "
                f"{config.timeout.total_seconds():g}s while {phase}{hint}: check the server "
                "and the firewall, or raise [alerts.email] timeout"
            )
        return SMTPConnectError(
            f"network error with the SMTP server {where} while {phase}: "
            f"{exc.strerror or exc.__class__.__name__}; the message was not accepted"
        )
