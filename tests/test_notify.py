"""SMTPNotifier against a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from monitor.alerting import Alert, Story, StoryArticle
from monitor.config import EmailConfig
from monitor.errors import (
    ConfigError,
    NotificationError,
    SMTPAuthError,
    SMTPConnectError,
    SMTPRecipientsError,
    SMTPSecurityError,
)
from scheduler.mail import build_message, build_test_message
from scheduler.notify import SMTPNotifier
from tests.smtp_server import HOST, TLSFiles, free_port, make_tls_files, smtp_server

SENDER = "monitor@example.org"
PASSWORD = "s3cret-Pa55word"
ENV = {"SORA_TEST_SMTP_PASSWORD": PASSWORD}


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TLSFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


def config(port: int, **overrides: object) -> EmailConfig:
    values: dict = {
        "smtp_host": HOST,
        "smtp_port": port,
        "security": "none",
        "from_addr": SENDER,
        "to": ("analyst@example.org",),
        "timeout": timedelta(seconds=5),
    }
    values.update(overrides)
    return EmailConfig(**values)


def notifier(cfg: EmailConfig, **kwargs: object) -> SMTPNotifier:
    # A fixed EHLO name spares a reverse-DNS lookup of the test machine on every connection.
    return SMTPNotifier(cfg, local_hostname="localhost", **kwargs)  # type: ignore[arg-type]


def alert(key: str = "run-1") -> Alert:
    article = StoryArticle(
        url="https://news.example/sora-leak",
        title="Sora leaked by artists",
        outlet="Example News",
        language="en",
        published_at=datetime(2024, 11, 26, 14, 0, tzinfo=UTC),
    )
    arabic = StoryArticle(
        url="https://arabic.example/sora",
        title="تسريب نموذج سورا من أوبن إيه آي",
        outlet="أخبار التقنية",
        language="ar",
        published_at=datetime(2024, 11, 26, 16, 0, tzinfo=UTC),
    )
    story = Story(key="7", headline=article, others=(), claims=())
    story_ar = Story(key="8", headline=arabic, others=(), claims=())
    return Alert(key=key, stories=(story, story_ar), created_at=datetime(2024, 11, 27, tzinfo=UTC))


def message(recipients: tuple[str, ...] = ("analyst@example.org",)):
    return build_message(alert(), sender=SENDER, recipients=recipients)


def test_alert_modules_load_neither_scrapy_nor_sqlalchemy() -> None:
    code = (
        "import sys, scheduler.notify, scheduler.mail, cli.atom, monitor.safe_text; "
        "print(sorted(m for m in ('scrapy', 'sqlalchemy', 'twisted') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_plain_delivery_reaches_the_server_with_both_parts_and_headers() -> None:
    with smtp_server() as server:
        msg = message(("analyst@example.org", "desk@example.org"))
        result = notifier(config(server.port)).send(msg)
    assert result.message_id == "<alert-run-1@sora-monitor.invalid>"
    assert result.accepted == ("analyst@example.org", "desk@example.org")
    assert result.refused == {}
    [envelope] = server.envelopes
    assert envelope.mail_from == SENDER
    assert envelope.rcpt_tos == ["analyst@example.org", "desk@example.org"]
    [received] = server.messages
    assert received["Message-ID"] == "<alert-run-1@sora-monitor.invalid>"
    assert received["Subject"] == "[sora-monitor] 2 new leak stories: Sora leaked by artists"
    assert received.get_content_type() == "multipart/alternative"
    html = received.get_body(("html",)).get_content()
    assert 'lang="ar" dir="rtl"' in html and "تسريب نموذج سورا" in html
    assert "Sora leaked by artists" in received.get_body(("plain",)).get_content()


def test_resending_the_same_alert_keeps_its_message_id() -> None:
    with smtp_server() as server:
        first = notifier(config(server.port)).send(message())
        second = notifier(config(server.port)).send(message())
    assert first.message_id == second.message_id
    assert [m["Message-ID"] for m in server.messages] == [first.message_id] * 2


def test_test_message_is_delivered() -> None:
    with smtp_server() as server:
        msg = build_test_message(sender=SENDER, recipients=["me@example.org"])
        result = notifier(config(server.port)).send(msg)
    assert result.accepted == ("me@example.org",)
    assert server.messages[0]["Subject"] == "[sora-monitor] test message"


def test_connection_refused_is_a_connect_error() -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(SMTPConnectError, match="connection refused") as info:
        notifier(config(port)).send(message())
    assert f"{HOST}:{port}" in str(info.value)


def test_a_silent_server_times_out_as_a_connect_error() -> None:
    # A listening socket nobody accepts on: the TCP handshake succeeds, no greeting ever comes.
    with socket.socket() as silent:
        silent.bind((HOST, 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(SMTPConnectError, match=r"did not answer within 0\.3s"):
            notifier(config(port, timeout=timedelta(seconds=0.3))).send(message())
    assert time.monotonic() - started < 3


def test_server_dropping_the_connection_mid_data_is_a_connect_error() -> None:
    with smtp_server(drop_in_data=True) as server:
        dropped = "closed the connection while sending the message"
        with pytest.raises(SMTPConnectError, match=dropped):
            notifier(config(server.port)).send(message())
    assert server.envelopes == []


def test_partial_recipient_refusal_is_reported() -> None:
    with smtp_server(reject={"gone@example.org"}) as server:
        msg = message(("analyst@example.org", "gone@example.org"))
        result = notifier(config(server.port)).send(msg)
    assert result.accepted == ("analyst@example.org",)
    assert set(result.refused) == {"gone@example.org"}
    assert result.refused["gone@example.org"].startswith("550 ")
    assert server.envelopes[0].rcpt_tos == ["analyst@example.org"]


def test_every_recipient_refused_is_a_recipients_error() -> None:
    with smtp_server(reject={"gone@example.org"}) as server:
        with pytest.raises(SMTPRecipientsError, match=r"gone@example\.org \(550"):
            notifier(config(server.port)).send(message(("gone@example.org",)))
    assert server.envelopes == []


def test_login_over_starttls_with_a_trusted_self_signed_certificate(tls: TLSFiles) -> None:
    with smtp_server(tls=tls, require_starttls=True, auth=("monitor", PASSWORD)) as server:
        cfg = config(
            server.port, security="starttls", username="monitor",
            password_env="SORA_TEST_SMTP_PASSWORD",
        )
        result = notifier(cfg, environ=ENV, ssl_context=tls.client_context()).send(message())
    assert result.accepted == ("analyst@example.org",)
    assert len(server.envelopes) == 1


def test_implicit_tls(tls: TLSFiles) -> None:
    with smtp_server(tls=tls, implicit_tls=True, auth=("monitor", PASSWORD)) as server:
        cfg = config(
            server.port, security="ssl", username="monitor",
            password_env="SORA_TEST_SMTP_PASSWORD",
        )
        notifier(cfg, environ=ENV, ssl_context=tls.client_context()).send(message())
    assert len(server.envelopes) == 1


def test_untrusted_certificate_is_refused(tls: TLSFiles) -> None:
    with smtp_server(tls=tls) as server:
        with pytest.raises(SMTPSecurityError, match="not trusted"):
            notifier(config(server.port, security="starttls")).send(message())
    assert server.envelopes == []


def test_starttls_required_but_not_offered() -> None:
    with smtp_server() as server:
        with pytest.raises(SMTPSecurityError, match="does not offer STARTTLS"):
            notifier(config(server.port, security="starttls")).send(message())
    assert server.envelopes == []


def test_bad_password_is_an_auth_error_without_the_password(tls: TLSFiles) -> None:
    wrong = "wrong-Pa55word-xyz"
    with smtp_server(tls=tls, auth=("monitor", PASSWORD)) as server:
        cfg = config(
            server.port, security="starttls", username="monitor", password_env="SMTP_PW",
        )
        n = notifier(cfg, environ={"SMTP_PW": wrong}, ssl_context=tls.client_context())
        with pytest.raises(SMTPAuthError) as info:
            n.send(message())
    text = str(info.value)
    assert "refused the credentials" in text and "SMTP_PW" in text
    assert wrong not in text and PASSWORD not in text
    assert server.envelopes == []


def test_missing_password_variable_names_the_variable() -> None:
    cfg = config(25, username="monitor", password_env="SORA_MONITOR_SMTP_PASSWORD")
    expected = "set the environment variable SORA_MONITOR_SMTP_PASSWORD"
    with pytest.raises(SMTPAuthError, match=expected):
        notifier(cfg, environ={}).send(message())


def test_auth_not_offered_in_clear_text() -> None:
    with smtp_server() as server:
        cfg = config(server.port, username="monitor", password_env="SMTP_PW")
        with pytest.raises(SMTPAuthError, match="does not offer authentication"):
            notifier(cfg, environ={"SMTP_PW": PASSWORD}).send(message())


def test_configuration_errors_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="smtp_host"):
        SMTPNotifier(config(25, smtp_host=None))
    with pytest.raises(ConfigError, match="security"):
        SMTPNotifier(config(25, security="tls"))


def test_message_without_recipients_is_refused_before_connecting() -> None:
    msg = message()
    del msg["To"]
    with pytest.raises(NotificationError, match="no recipient"):
        notifier(config(free_port())).send(msg)
