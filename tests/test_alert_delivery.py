"""Alerts end to end: real crawls of the demo web, a real SMTP server, real crashes and outages.

The demo web's README is the answer key: nine leak stories alert (the syndicated pair is one
story, the seed's copy none); nothing irrelevant or non-leak is mailed.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from importlib.resources import files
from pathlib import Path

import pytest
from sqlalchemy import update

from cli.sampleweb import SampleWeb
from monitor.config import Config, load_config
from scheduler.deliver import deliver, send_digest
from scheduler.notify import SendResult, SMTPNotifier
from storage.engine import Database
from storage.models import Alert
from storage.outbox import alert_rows
from tests.conftest import invoke_cli, run_cli
from tests.smtp_server import free_port, smtp_server
from tests.test_demo_content import table

DEMO = files("cli") / "data" / "demo"
KEY = table("answer-key")
ALERTING = {  # story -> answer-key paths, for the stories that must alert
    row["story"]: [r["path"] for r in KEY if r["story"] == row["story"]]
    for row in KEY
    if row["leak_report"] == "yes" and row["seed_copy"] == "no"
}
SILENT = [row["path"] for row in KEY if row["story"] not in ALERTING]
COUNTS = {row["measure"]: int(row["value"]) for row in table("counts")}


@pytest.fixture(scope="module")
def web() -> Iterator[str]:
    with SampleWeb(DEMO) as served:
        yield served.base_url


def write_config(
    directory: Path,
    base_url: str,
    *,
    smtp_port: int | None = None,
    mode: str = "immediate",
    webhook: Sequence[str] = (),
) -> Path:
    """The demo web's sources, alerts in `mode`, SMTP on `smtp_port`, `webhook` lines as the
    [alerts.webhook] table."""
    sources = (DEMO / "sources.toml").read_text(encoding="utf-8").replace("{{BASE}}", base_url)
    lines = [
        "[crawl]",
        'private_hosts = ["127.0.0.1"]',
        'delay = "0s"',
        'timeout = "10s"',
        "retries = 0",
        "",
        "[alerts]",
        f'mode = "{mode}"',
    ]
    if smtp_port is not None:
        lines += [
            "",
            "[alerts.email]",
            'smtp_host = "127.0.0.1"',
            f"smtp_port = {smtp_port}",
            'security = "none"',
            'from = "monitor@example.org"',
            'to = ["analyst@example.org"]',
            'timeout = "5s"',
        ]
    if webhook:
        lines += ["", "[alerts.webhook]", *webhook]
    path = directory / "sora-monitor.toml"
    path.write_text("\n".join(lines) + "\n\n" + sources, encoding="utf-8")
    return path


def run(config: Path, db: str) -> str:
    result = run_cli("run", "--config", str(config), "--db", db)
    assert result.returncode == 0, result.stderr
    return result.stdout


def plain_text(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return part.get_content().replace("\r\n", "\n")  # as received over SMTP: CRLF


def numbered_stories(message: EmailMessage) -> list[str]:
    """The headline of each story of an alert mail, from its plain-text part."""
    text = plain_text(message)
    return re.findall(r"^\d+\. (.+)$", text, re.M)


def assert_each_story_once(message: EmailMessage, base_url: str) -> None:
    text = plain_text(message)
    assert len(numbered_stories(message)) == COUNTS["alerting_leak_stories"] == len(ALERTING) == 9
    links = re.findall(r"^   Link:\s+(\S+)$", text, re.M)
    headline_paths = [link.removeprefix(base_url) for link in links]
    # Every alerting story leads exactly one entry; its copies are listed under it.
    for story, paths in ALERTING.items():
        assert sum(p in paths for p in headline_paths) == 1, story
        for path in paths:
            assert text.count(base_url + path) == 1, path
    for path in SILENT:
        assert base_url + path not in text, path
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert 'lang="ar" dir="rtl"' in html and 'lang="en" dir="ltr"' in html


def test_a_run_mails_every_new_leak_story_exactly_once(web: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'monitor.db'}"
    with smtp_server() as server:
        config = write_config(tmp_path, web, smtp_port=server.port)
        first = run(config, db)
        assert "22 new articles, 9 alerts sent (1 mail)" in first
        [message] = server.messages
        assert server.envelopes[0].rcpt_tos == ["analyst@example.org"]
        assert message["Subject"].startswith("[sora-monitor] 9 new leak stories: ")
        assert message["From"] == "monitor@example.org"
        assert_each_story_once(message, web)
        # Outlets by their own names (og:site_name), whichever feed brought the story.
        outlets = set(re.findall(r"^   Outlet:\s+(.+)$", plain_text(message), re.M))
        assert {"Tech Wire", "The Global Post", "عرب تك", "الأخبار اليومية"} <= outlets
        second = run(config, db)
        assert "alert" not in second  # nothing new, nothing pending: nothing to say
        assert len(server.messages) == 1
    listed = invoke_cli("alerts", "list", "--db", db, "--format", "json")
    rows = json.loads(listed.stdout)
    assert len(rows) == 9
    assert {(r["status"], r["attempts"], r["message_id"]) for r in rows} == {
        ("sent", 1, message["Message-ID"])
    }


def test_alerts_pending_while_the_server_is_down_arrive_once_when_it_is_back(
    web: str, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'monitor.db'}"
    port = free_port()  # nothing listens there during the first run
    config = write_config(tmp_path, web, smtp_port=port)
    first = run(config, db)
    assert f"9 alerts pending (cannot connect to the SMTP server 127.0.0.1:{port}" in first
    database = Database.open(db)
    try:
        rows = rows_of(database, "leak")
    finally:
        database.dispose()
    assert {(r.status, r.attempts) for r in rows} == {("pending", 1)}
    assert "connection refused" in (rows[0].last_error or "")
    claimed = rows[0].message_id
    with smtp_server(port=port) as server:
        second = run(config, db)
        assert "0 new articles, 9 alerts sent (1 mail)" in second
        third = run(config, db)
        assert "alert" not in third
        [message] = server.messages
    assert message["Message-ID"] == claimed  # the batch kept its id across the outage
    assert_each_story_once(message, web)


@pytest.fixture(scope="module")
def pending_db(web: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database after a run in `both` mode without SMTP: every alert still pending."""
    directory = tmp_path_factory.mktemp("pending")
    config = write_config(directory, web, mode="both")
    output = run(config, f"sqlite:///{directory / 'monitor.db'}")
    assert "18 alerts pending (no SMTP server configured: set [alerts.email] smtp_host)" in output
    return directory / "monitor.db"


@pytest.fixture
def database(pending_db: Path, tmp_path: Path) -> Iterator[Database]:
    copy = tmp_path / "monitor.db"
    shutil.copy(pending_db, copy)
    db = Database.open(f"sqlite:///{copy}")
    yield db
    db.dispose()


def smtp_config(tmp_path: Path, port: int, mode: str) -> Config:
    return load_config(write_config(tmp_path, "http://127.0.0.1:9", smtp_port=port, mode=mode))


def rows_of(database: Database, kind: str) -> list:
    with database.session() as session, session.begin():
        return [r for r in alert_rows(session) if r.kind == kind]


def test_a_server_dropping_the_connection_in_data_leaves_the_alerts_pending(
    database: Database, tmp_path: Path
) -> None:
    port = free_port()
    config = smtp_config(tmp_path, port, "immediate")
    with smtp_server(port=port, drop_in_data=True) as server:
        report = deliver(config, database)
        assert server.messages == []
    # The run found the stories in `both` mode; now in `immediate` mode the digest rows go
    # with the immediate mail instead of waiting for a digest that no longer comes.
    assert (report.sent, report.failed, report.pending) == (0, 18, 18)
    rows = rows_of(database, "leak") + rows_of(database, "digest")
    assert {(r.status, r.attempts) for r in rows} == {("pending", 1)}
    assert "closed the connection while sending the message" in (rows[0].last_error or "")
    with smtp_server(port=port) as server:
        again = deliver(config, database)
        assert deliver(config, database).sent == 0
        [message] = server.messages
    assert (again.sent, again.messages, again.pending) == (18, 1, 0)
    assert len(numbered_stories(message)) == 9  # each story once, not once per row
    assert message["Message-ID"] == rows[0].message_id
    assert {(r.status, r.attempts) for r in rows_of(database, "digest")} == {("sent", 2)}


class CrashAfterAccept:
    """Delivers for real, then dies before the caller can record it (a kill -9 stand-in)."""

    def __init__(self, inner: SMTPNotifier) -> None:
        self.inner = inner

    def send(self, message: EmailMessage) -> SendResult:
        self.inner.send(message)
        raise SystemExit("killed between the server's accept and the commit")


def test_a_crash_between_accept_and_commit_resends_with_the_same_message_id(
    database: Database, tmp_path: Path
) -> None:
    with smtp_server() as server:
        config = smtp_config(tmp_path, server.port, "immediate")
        notifier = SMTPNotifier(config.alerts.email, local_hostname="localhost")
        with pytest.raises(SystemExit):
            deliver(config, database, notifier=CrashAfterAccept(notifier))
        assert {r.status for r in rows_of(database, "leak")} == {"pending"}
        report = deliver(config, database, notifier=notifier)
        assert report.sent == 18
        first, second = server.messages
    assert first["Message-ID"] == second["Message-ID"]
    assert numbered_stories(first) == numbered_stories(second)


def test_once_the_server_takes_mail_again_batches_in_backoff_go_out_too(
    database: Database, tmp_path: Path
) -> None:
    port = free_port()
    config = smtp_config(tmp_path, port, "immediate")
    later = [r.id for r in rows_of(database, "leak")[:3]]

    def hold(status: str) -> None:  # three stories that only arrive after the outage
        with database.session() as session, session.begin():
            session.execute(update(Alert).where(Alert.id.in_(later)).values(status=status))

    hold("held")
    start = datetime.now(UTC)
    for minute in range(3):  # the server is down: two free retries, then backoff
        deliver(config, database, now=start + timedelta(minutes=minute))
    # The fixture's rows of both kinds (written in mode `both`) all go the immediate way.
    waiting = [r for r in rows_of(database, "leak") + rows_of(database, "digest")
               if r.status == "pending"]  # fmt: skip
    assert len(waiting) == 15 and {r.attempts for r in waiting} == {3}
    assert all(r.next_attempt_at > start + timedelta(minutes=10) for r in waiting)
    hold("pending")
    with smtp_server(port=port) as server:
        report = deliver(config, database, now=start + timedelta(minutes=4))
        # The new stories' mail went through: the server is back, the old batch need not wait.
        assert (report.sent, report.messages) == (18, 2)
        assert len(server.messages) == 2
    assert {r.status for r in rows_of(database, "leak") + rows_of(database, "digest")} == {
        "sent"
    }


def test_the_digest_goes_out_once_a_day_with_the_stories_found_before_it(
    database: Database, tmp_path: Path
) -> None:
    rows = rows_of(database, "digest")
    created = max(r.created_at for r in rows)
    late = [r.id for r in rows[:3]]  # pretend three stories arrive after the digest moment
    with smtp_server() as server:
        config = smtp_config(tmp_path, server.port, "both")
        digest_at = (created + timedelta(hours=2)).replace(second=0, microsecond=0)
        schedule = dataclasses.replace(config.schedule, digest_at=digest_at.time())
        config = config.replace(schedule=schedule)
        with database.session() as session, session.begin():
            session.execute(
                update(Alert)
                .where(Alert.id.in_(late))
                .values(created_at=digest_at + timedelta(minutes=10))
            )
        now = digest_at.astimezone(UTC)
        assert send_digest(config, database, now - timedelta(hours=1)).sent == 0  # not due
        assert server.messages == []
        sent = send_digest(config, database, now + timedelta(minutes=30))
        assert (sent.sent, sent.messages) == (6, 1)
        assert send_digest(config, database, now + timedelta(minutes=45)).sent == 0  # idempotent
        # The immediate rows of mode `both` are not the digest's business.
        assert {r.status for r in rows_of(database, "leak")} == {"pending"}
        tomorrow = send_digest(config, database, now + timedelta(days=1, minutes=1))
        assert (tomorrow.sent, tomorrow.messages) == (3, 1)
        assert send_digest(config, database, now + timedelta(days=2, minutes=1)).sent == 0
        first, second = server.messages
    assert len(numbered_stories(first)) == 6 and len(numbered_stories(second)) == 3
    assert first["Message-ID"] != second["Message-ID"]


def test_a_run_sends_no_digest_but_says_what_waits(database: Database, tmp_path: Path) -> None:
    with smtp_server() as server:
        config = smtp_config(tmp_path, server.port, "digest")
        early = datetime.now(UTC) - timedelta(days=1)  # before any row was created
        report = deliver(config, database, now=early)
        assert server.messages == []
    assert (report.sent, report.pending) == (0, 18)
    assert report.line() == "18 alerts pending (the digest goes out at 08:00)"
