"""`alerts test`, `alerts list`, `alerts retry` and `report feed`, run as a user runs them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.config import AlertsConfig
from scheduler.lock import lock_for
from storage.engine import Database
from storage.models import Article, Source
from storage.outbox import claim_batch, enqueue_story, mark_sent
from tests.conftest import invoke_cli
from tests.smtp_server import free_port, smtp_server

HOSTILE = 'Sora <script>alert(1)</script> | leak\x1b[31m'
CONTRACT_KEYS = [
    "story", "urls", "status", "attempts", "last_error", "created_at", "sent_at", "message_id",
]


def write_config(tmp_path: Path, port: int | None) -> Path:
    lines = ["[alerts]", 'mode = "immediate"']
    if port is not None:
        lines += [
            "[alerts.email]",
            'smtp_host = "127.0.0.1"',
            f"smtp_port = {port}",
            'security = "none"',
            'from = "monitor@example.org"',
            'to = ["analyst@example.org"]',
            'timeout = "5s"',
        ]
    path = tmp_path / "sora-monitor.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def add_story(session: Session, n: int, *, title: str, copies: int = 0, at: datetime) -> list[int]:
    source = session.scalar(select(Source).where(Source.name == "Tech Wire"))
    if source is None:
        source = Source(name="Tech Wire", kind="feed", url="https://techwire.example/feed")
        session.add(source)
        session.flush()
    ids: list[int] = []
    cluster: int | None = None
    for i in range(1 + copies):
        article = Article(
            canonical_url=f"https://techwire.example/{n}-{i}.html",
            source_id=source.id,
            title=title if i == 0 else f"{title} (syndicated)",
            language="en",
            published_at=at,
            relevant=True,
            relevance_score=0.9,
            leak_report=True,
            seed_copy=False,
        )
        article.first_seen_at = at
        session.add(article)
        session.flush()
        cluster = cluster or article.id
        article.cluster_id = cluster
        session.flush()
        ids += enqueue_story(session, article.id, AlertsConfig(), now=at)
    return ids


@pytest.fixture
def db(tmp_path: Path) -> str:
    """Three stories in the outbox: one sent (with a syndicated copy), two pending."""
    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    database = Database.open(url)
    now = datetime(2024, 11, 27, 9, 0, tzinfo=UTC)
    with database.session() as session, session.begin():
        sent = add_story(session, 1, title="Artists leak Sora", copies=1, at=now)
        claim_batch(session, sent, "<alert-old@example.org>")
        mark_sent(
            session, sent, batch_id="<alert-old@example.org>",
            data={"recipients": ["analyst@example.org"]}, sent_at=now,
        )
        add_story(session, 2, title=HOSTILE, at=now + timedelta(hours=1))
        add_story(session, 3, title="OpenAI shuts Sora access", at=now + timedelta(hours=2))
    database.dispose()
    return url


def listed(db: str) -> list[dict]:
    result = invoke_cli("alerts", "list", "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_alerts_test_says_what_the_server_accepted(tmp_path: Path) -> None:
    with smtp_server(reject={"nobody@example.org"}) as server:
        config = write_config(tmp_path, server.port)
        ok = invoke_cli("alerts", "test", "--config", str(config), "--to", "me@example.org")
        assert ok.returncode == 0, ok.stderr
        assert ok.stdout.startswith("test message <")
        assert f"accepted by 127.0.0.1:{server.port} for me@example.org" in ok.stdout
        partly = invoke_cli("alerts", "test", "--config", str(config))  # [alerts.email] to
        assert partly.returncode == 0 and "for analyst@example.org" in partly.stdout
        refused = invoke_cli(
            "alerts", "test", "--config", str(config),
            "--to", "me@example.org", "--to", "nobody@example.org",
        )
        assert refused.returncode == 1
        assert "refused by 127.0.0.1" in refused.stdout and "nobody@example.org (550" in (
            refused.stdout
        )
        # Two addresses in one --to are refused, not cut to the first one.
        joined = invoke_cli(
            "alerts", "test", "--config", str(config), "--to", "me@example.org, you@example.org"
        )
        assert joined.returncode == 2 and "holds several addresses" in joined.stderr
        assert "give --to once per address" in joined.stderr
        received = [e.rcpt_tos for e in server.envelopes]
        subjects = {m["Subject"] for m in server.messages}
    assert received == [["me@example.org"], ["analyst@example.org"], ["me@example.org"]]
    assert subjects == {"[sora-monitor] test message"}


def test_alerts_test_failures_are_one_clear_line(tmp_path: Path) -> None:
    port = free_port()
    down = invoke_cli("alerts", "test", "--config", str(write_config(tmp_path, port)))
    assert down.returncode == 1 and down.stdout == ""
    assert down.stderr.startswith(
        f"sora-monitor: error: cannot connect to the SMTP server 127.0.0.1:{port}: "
        "connection refused"
    )
    unset = invoke_cli("alerts", "test", "--config", str(write_config(tmp_path, None)))
    assert unset.returncode == 2
    assert "sora-monitor.toml, key 'alerts.email.smtp_host': no SMTP server configured" in (
        unset.stderr
    )


def test_alerts_list_as_json_has_the_contract_keys(db: str) -> None:
    rows = listed(db)
    assert [r["story"] for r in rows] == [4, 3, 1]  # newest first; story = cluster id
    for row in rows:
        assert list(row)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    sent = rows[-1]
    assert sent["urls"] == ["https://techwire.example/1-0.html", "https://techwire.example/1-1.html"]
    assert (sent["status"], sent["attempts"], sent["message_id"]) == (
        "sent", 1, "<alert-old@example.org>"
    )
    assert sent["sent_at"] == "2024-11-27T09:00:00+00:00" and sent["kind"] == "leak"
    assert [r["status"] for r in rows[:2]] == ["pending", "pending"]
    assert rows[1]["title"] == HOSTILE and rows[1]["sent_at"] is None


def test_alerts_list_as_csv_markdown_and_table(db: str) -> None:
    csv = invoke_cli("alerts", "list", "--db", db, "--format", "csv").stdout
    assert csv.splitlines()[0].startswith("story,kind,status,attempts,created_at,sent_at,title")
    markdown = invoke_cli("alerts", "list", "--db", db, "--format", "markdown").stdout
    assert "&lt;script&gt;" in markdown and "<script>" not in markdown
    table = invoke_cli("alerts", "list", "--db", db).stdout
    assert "pending" in table and "\x1b[31m" not in table
    fresh = db.replace("monitor.db", "empty.db")
    assert invoke_cli("db", "upgrade", "--db", fresh).returncode == 0  # read commands create none
    empty = invoke_cli("alerts", "list", "--db", fresh).stdout
    assert "no alerts yet" in empty


def test_alerts_retry_sends_what_is_pending_now(db: str, tmp_path: Path) -> None:
    port = free_port()
    config = str(write_config(tmp_path, port))
    down = invoke_cli("alerts", "retry", "--config", config, "--db", db)
    assert down.returncode == 1
    assert "2 alerts pending (cannot connect" in down.stdout
    assert "connection refused" in down.stderr
    assert {r["attempts"] for r in listed(db) if r["status"] == "pending"} == {1}
    with smtp_server(port=port) as server:
        with lock_for(db):  # a run is working: retry must not race it
            busy = invoke_cli("alerts", "retry", "--config", config, "--db", db)
        assert busy.returncode == 75
        up = invoke_cli("alerts", "retry", "--config", config, "--db", db)
        assert up.returncode == 0, up.stderr
        assert up.stdout == "2 alerts sent (1 mail)\n"
        again = invoke_cli("alerts", "retry", "--config", config, "--db", db)
        assert again.stdout == "nothing to send: no alert is pending\n"
        [message] = server.messages
    # The title stays text (a header cannot carry markup); the terminal escape is gone.
    assert message["Subject"].strip() == (
        "[sora-monitor] 2 new leak stories: Sora <script>alert(1)</script> | leak"
    )
    assert {r["status"] for r in listed(db)} == {"sent"}
    unset = invoke_cli("alerts", "retry", "--config", str(write_config(tmp_path, None)), "--db", db)
    assert unset.returncode == 2 and "no SMTP server configured" in unset.stderr


def test_report_feed_is_valid_atom_with_stable_ids(db: str, tmp_path: Path) -> None:
    out = tmp_path / "alerts.xml"
    result = invoke_cli("report", "feed", "--db", db, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote 3 stories to {out}\n"
    parsed = feedparser.parse(out.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    ids = [e.id for e in parsed.entries]
    assert len(set(ids)) == 3 and all(i.startswith("urn:uuid:") for i in ids)
    # Plain text in the feed: the tag is escaped (inert), the terminal escape removed.
    assert parsed.entries[1].title == "Sora <script>alert(1)</script> | leak"
    assert b"&lt;script&gt;" in out.read_bytes() and b"\x1b" not in out.read_bytes()
    assert parsed.entries[2].link == "https://techwire.example/1-0.html"
    stdout = invoke_cli("report", "feed", "--db", db, "-o", "-").stdout
    again = feedparser.parse(stdout.encode())
    assert [e.id for e in again.entries] == [e.id for e in parsed.entries]
    assert [e.updated for e in again.entries] == [e.updated for e in parsed.entries]
