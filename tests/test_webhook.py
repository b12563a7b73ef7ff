"""The webhook channel against a real HTTP receiver on 127.0.0.1: signed JSON, one Idempotency-Key
per batch, retries with the e-mail's backoff, exactly once through an outage and a `kill -9`,
and independent of e-mail when both are configured.

The demo web's README is the answer key (as in test_alert_delivery): nine leak stories alert.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from monitor.alerting import Alert
from monitor.config import Config, WebhookConfig, load_config, parse_config
from monitor.errors import ConfigError
from monitor.urls import URLPolicy
from scheduler.deliver import deliver
from scheduler.webhook import SIGNATURE_HEADER, WebhookChannel, payload, signature
from storage.engine import Database
from storage.outbox import alert_rows
from tests.conftest import ROOT, cli_env, invoke_cli, run_cli
from tests.smtp_server import free_port, smtp_server
from tests.test_alert_delivery import ALERTING, numbered_stories, web, write_config
from tests.test_mail import ARABIC, THREAT, article
from tests.test_mail import story as mail_story
from tests.webhook_server import webhook_server

__all__ = ["web"]  # the demo web, served once for this module too

SECRET = "webhook-test-secret"
SECRET_ENV = "SORA_TEST_WEBHOOK_SECRET"
TOKEN = "private-token"  # in the webhook URL's query: never in a message or a log
LOOPBACK = URLPolicy.from_settings(["http", "https"], ["127.0.0.1"])


def hook_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/hooks/sora?token={TOKEN}"


def webhook_lines(url: str, timeout: str = "2s") -> list[str]:
    return [f'url = "{url}"', f'secret_env = "{SECRET_ENV}"', f'timeout = "{timeout}"']


def alert(key: str = "alert-leak-1-1-abc") -> Alert:
    story = mail_story(
        key="story-7",
        headline=ARABIC,
        others=(article(published_at=None),),
        claims=("threat-to-creators",),
        claim_texts={"threat-to-creators": THREAT},
        claim_language="ar",
    )
    return Alert(key=key, stories=(story,), created_at=datetime(2024, 11, 27, 8, 0, tzinfo=UTC))


def channel(url: str, *, timeout: float = 2, policy: URLPolicy = LOOPBACK, **env: str) -> Any:
    config = WebhookConfig(url=url, secret_env=SECRET_ENV, timeout=timedelta(seconds=timeout))
    environ = {SECRET_ENV: SECRET} if not env else env
    return WebhookChannel(config, policy, user_agent="sora-monitor/test", environ=environ)


def test_a_batch_is_one_signed_json_post_with_its_idempotency_key() -> None:
    batch = alert()
    with webhook_server(secret=SECRET) as server:
        delivery = channel(server.url).send(batch)
        [received] = server.requests
    assert delivery.delivered and dict(delivery.data) == {"status": 200}
    assert received.path == "/hooks/sora?token=private-token"
    assert received.headers["content-type"] == "application/json; charset=utf-8"
    assert received.headers["idempotency-key"] == "alert-leak-1-1-abc"
    assert received.headers["user-agent"] == "sora-monitor/test"
    assert received.signed is True
    assert received.headers[SIGNATURE_HEADER.lower()] == signature(SECRET, received.body)
    document = received.json()
    assert document == json.loads(json.dumps(payload(batch)))
    assert document["batch"] == "alert-leak-1-1-abc"
    assert document["text"] == "sora-monitor: 1 new leak story about Sora"
    [story] = document["stories"]
    assert story["story"] == "story-7" and story["language"] == "ar"
    assert story["published_at"] == "2024-11-26T16:30:00+00:00"
    assert story["claims"] == [{"id": "threat-to-creators", "text": THREAT, "language": "ar"}]
    [other] = story["also_reported_by"]
    assert (other["url"], other["published_at"]) == (
        "https://news.example/2024/11/sora-leak?id=1&ref=rss", None
    )
    assert "فنانون" in received.body.decode("utf-8")  # UTF-8 as such, not \\u escapes


def test_the_readme_shows_the_payload_as_it_is_posted() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The webhook's payload", 1)[1]
    shown = json.loads(re.search(r"```json\n(.*?)\n```", section, re.S)[1])  # type: ignore[index]

    def shape(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items()}
        if isinstance(value, list):
            return [shape(value[0])] if value else []
        return None

    assert shape(shown) == shape(json.loads(json.dumps(payload(alert()))))


@pytest.mark.parametrize(
    ("answers", "retry", "reachable", "said"),
    [
        ([503], True, True, "answered 503 Service Unavailable"),
        ([429], True, False, "answered 429 Too Many Requests"),
        ([404], False, True, "refused the POST with 404 Not Found"),
        ([400], False, True, "refused the POST with 400 Bad Request"),
        ([302], False, True, "a redirect, which is not followed"),
    ],
    ids=["unavailable", "rate-limited", "not-found", "bad-request", "redirect"],
)
def test_what_the_receiver_answers_decides_whether_to_retry(
    answers: list[int], retry: bool, reachable: bool, said: str
) -> None:
    with webhook_server(secret=SECRET, statuses=answers) as server:
        delivery = channel(server.url).send(alert())
        where = f"http://127.0.0.1:{server.port}"
        assert len(server.requests) == 1  # a redirect (to 169.254.169.254) is not followed
    assert not delivery.delivered
    assert (delivery.retry, delivery.reachable) == (retry, reachable)
    assert f"the webhook {where} " in (delivery.reason or "") and said in (delivery.reason or "")
    assert TOKEN not in (delivery.reason or "")


def test_an_endpoint_that_is_down_or_silent_is_retried_later() -> None:
    port = free_port()
    down = channel(hook_url(port)).send(alert())
    assert (down.delivered, down.retry, down.reachable) == (False, True, False)
    assert down.reason == (
        f"cannot connect to the webhook http://127.0.0.1:{port}: connection refused; check "
        "[alerts.webhook] url and that the endpoint is up"
    )
    with webhook_server(silent=True) as server:
        started = time.monotonic()
        silent = channel(server.url, timeout=0.5).send(alert())
        assert time.monotonic() - started < 5
    assert (silent.delivered, silent.retry, silent.reachable) == (False, True, False)
    assert "did not answer within 0.5s" in (silent.reason or "")
    assert TOKEN not in (down.reason or "") + (silent.reason or "")


def test_the_url_policy_and_the_secret_hold_before_anything_is_posted() -> None:
    with webhook_server(secret=SECRET) as server:
        public_only = URLPolicy.from_settings(["http", "https"], [])
        refused = channel(server.url, policy=public_only).send(alert())
        unsigned = channel(server.url, OTHER="x").send(alert())  # the secret's variable unset
        assert server.requests == []
    assert (refused.delivered, refused.retry) == (False, False)
    assert "refused by the URL policy (private-address" in (refused.reason or "")
    assert "[crawl] private_hosts" in (refused.reason or "") and TOKEN not in (refused.reason or "")
    assert (unsigned.delivered, unsigned.retry) == (False, True)
    assert f"set the environment variable {SECRET_ENV}" in (unsigned.reason or "")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('url = "http://169.254.169.254/latest"', "link-local or cloud metadata: never posted to"),
        ('url = "file:///etc/passwd"', "URL must start with http:// or https://"),
        ('url = "https://hooks.example.org/x"\nsecret = "s"', "secrets never come from the file"),
        ('url = "https://hooks.example.org/x"\nsecret_env = "not a name"', "environment variable"),
    ],
    ids=["metadata", "file", "secret-in-file", "bad-env-name"],
)
def test_a_webhook_the_config_cannot_allow_is_refused_at_load(table: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)) as caught:
        parse_config(f"[alerts.webhook]\n{table}\n", "sora-monitor.toml")
    assert "key 'alerts.webhook." in str(caught.value)


# -- end to end: real runs of the demo web, a real SMTP server and a real receiver ------------


@dataclass(frozen=True)
class Outage:
    """A database after a run with e-mail and the webhook both down: every alert pending."""

    db: Path
    smtp_port: int
    hook_port: int


@pytest.fixture(scope="module")
def outage(web: str, tmp_path_factory: pytest.TempPathFactory) -> Outage:
    directory = tmp_path_factory.mktemp("outage")
    smtp_port, hook_port = free_port(), free_port()
    assert smtp_port != hook_port
    config = write_config(
        directory, web, smtp_port=smtp_port, webhook=webhook_lines(hook_url(hook_port))
    )
    db = directory / "monitor.db"
    env = cli_env(**{SECRET_ENV: SECRET})
    result = run_cli("run", "--config", str(config), "--db", f"sqlite:///{db}", env=env)
    assert result.returncode == 0, result.stderr
    assert (
        f"9 alerts pending (cannot connect to the SMTP server 127.0.0.1:{smtp_port}: connection "
        f"refused), 9 webhook alerts pending (cannot connect to the webhook "
        f"http://127.0.0.1:{hook_port}: connection refused) in "
    ) in result.stdout
    assert TOKEN not in result.stdout + result.stderr
    return Outage(db, smtp_port, hook_port)


@pytest.fixture
def db(outage: Outage, tmp_path: Path) -> str:
    copy = tmp_path / "monitor.db"
    shutil.copy(outage.db, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def database(db: str) -> Iterator[Database]:
    opened = Database.open(db)
    yield opened
    opened.dispose()


def both(tmp_path: Path, smtp_port: int, hook_port: int) -> Config:
    config = write_config(
        tmp_path, "http://127.0.0.1:9", smtp_port=smtp_port,
        webhook=webhook_lines(hook_url(hook_port)),
    )  # fmt: skip
    return load_config(config)


def rows_of(database: Database, channel: str) -> list:
    with database.session() as session, session.begin():
        return [r for r in alert_rows(session) if r.channel == channel]


def assert_each_story_once(document: dict, base_url: str) -> None:
    """The posted batch holds every alerting story once, its copies under it."""
    stories = document["stories"]
    assert len(stories) == len(ALERTING) == 9
    for key, paths in ALERTING.items():
        urls = [
            [s["url"], *(o["url"] for o in s["also_reported_by"])]
            for s in stories
            if s["url"].removeprefix(base_url) in paths
        ]
        assert len(urls) == 1, key
        assert sorted(u.removeprefix(base_url) for u in urls[0]) == sorted(paths), key


def test_a_run_posts_the_new_leak_stories_once(web: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'monitor.db'}"
    env = cli_env(**{SECRET_ENV: SECRET})
    with webhook_server(secret=SECRET) as server:
        config = write_config(tmp_path, web, webhook=webhook_lines(server.url))
        result = run_cli("run", "--config", str(config), "--db", db, env=env)
        assert result.returncode == 0, result.stderr
        assert "22 new articles, 9 webhook alerts sent (1 post) in " in result.stdout
        [received] = server.requests
    assert received.signed is True
    assert_each_story_once(received.json(), web)
    arabic = [s for s in received.json()["stories"] if s["language"] == "ar"]
    assert arabic and all(c["language"] == "ar" for s in arabic for c in s["claims"])
    # Only the webhook is configured: the outbox holds a webhook row per story and no e-mail.
    listed = json.loads(invoke_cli("alerts", "list", "--db", db, "--format", "json").stdout)
    assert len(listed) == 9
    assert {(r["channel"], r["status"], r["attempts"], r["message_id"]) for r in listed} == {
        ("webhook", "sent", 1, None)
    }
    assert {r["batch"] for r in listed} == {received.key}


def test_webhook_alerts_arrive_exactly_once_through_an_outage(
    outage: Outage, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, web: str
) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    config = both(tmp_path, outage.smtp_port, outage.hook_port)  # both still down
    start = datetime.now(UTC)
    for minute in (1, 2):  # the free retries at the next runs, then the backoff
        deliver(config, database, now=start + timedelta(minutes=minute))
    waiting = rows_of(database, "webhook")
    assert {(r.status, r.attempts) for r in waiting} == {("pending", 3)}
    [due] = {r.next_attempt_at for r in waiting}
    [batch] = {r.batch_id for r in waiting}
    assert due >= start + timedelta(minutes=17)
    with webhook_server(port=outage.hook_port, secret=SECRET) as server:
        early = deliver(config, database, now=due - timedelta(minutes=1))
        assert server.requests == [] and early.pending == 18  # backing off: not yet
        back = deliver(config, database, now=due)
        assert back.line().endswith(", 9 webhook alerts sent (1 post)")
        assert deliver(config, database, now=due + timedelta(minutes=1)).sent == 0
        [received] = server.requests
    assert received.key == batch and received.signed is True
    assert list(server.deliveries) == [batch]
    assert_each_story_once(received.json(), web)
    assert {(r.status, r.attempts) for r in rows_of(database, "webhook")} == {("sent", 4)}
    # The SMTP server is still down: its alerts wait on their own.
    assert {r.status for r in rows_of(database, "email")} == {"pending"}


def test_a_kill_9_between_accept_and_commit_is_one_delivery_to_the_receiver(
    outage: Outage, db: str, tmp_path: Path
) -> None:
    path = db.removeprefix("sqlite:///")
    holder: dict[str, sqlite3.Connection] = {}
    accepted = threading.Event()

    def hold_the_database(received: Any) -> None:
        # The receiver has the batch; the sender's commit now waits for this write lock, so
        # the kill below lands between the receiver's accept and the sender's commit.
        if accepted.is_set():
            return  # the batch sent again: let it through
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        connection.execute("BEGIN IMMEDIATE")
        holder["lock"] = connection
        accepted.set()

    with webhook_server(secret=SECRET, before_answer=hold_the_database) as server:
        config = write_config(tmp_path, "http://127.0.0.1:9", webhook=webhook_lines(server.url))
        command = [sys.executable, "-m", "monitor", "alerts", "retry"]
        log = tmp_path / "sender.log"
        with log.open("wb") as output:
            sender = subprocess.Popen(
                [*command, "--config", str(config), "--db", db],
                cwd=ROOT,
                env=cli_env(**{SECRET_ENV: SECRET}),
                stdout=output,
                stderr=output,
            )
        try:
            assert accepted.wait(60), "the batch never arrived"
            time.sleep(0.5)  # the 200 reaches the sender, which then waits to commit
            os.kill(sender.pid, signal.SIGKILL)
            assert sender.wait(10) == -signal.SIGKILL, log.read_text()
        finally:
            if sender.poll() is None:
                sender.kill()
                sender.wait()
            if "lock" in holder:
                holder["lock"].execute("ROLLBACK")
                holder["lock"].close()
        opened = Database.open(db)
        try:
            killed = rows_of(opened, "webhook")
        finally:
            opened.dispose()
        assert {(r.status, r.attempts) for r in killed} == {("pending", 1)}  # not recorded
        again = invoke_cli(
            "alerts", "retry", "--config", str(config), "--db", db, env={SECRET_ENV: SECRET}
        )
        assert again.returncode == 0, again.stderr
        assert "9 webhook alerts sent (1 post)" in again.stdout
        first, second = server.requests
    # The same batch, under the same key: the receiver counts one delivery.
    assert first.key == second.key == killed[0].batch_id
    assert first.body == second.body and first.signed and second.signed
    assert list(server.deliveries) == [first.key]


def test_a_refused_post_fails_at_once_until_alerts_retry(
    outage: Outage, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    with webhook_server(secret=SECRET, statuses=[404]) as server:
        config = both(tmp_path, outage.smtp_port, server.port)
        refused = deliver(config, database)
        again = deliver(config, database)  # given up: not tried again by itself
        assert len(server.requests) == 1 and "webhook" not in again.line()
        assert refused.line().endswith(
            f", 9 webhook alerts failed (the webhook http://127.0.0.1:{server.port} refused "
            'the POST with 404 Not Found ({"ok": false}): check [alerts.webhook] url and '
            "secret_env, then `sora-monitor alerts retry`)"
        )
        assert {(r.status, r.attempts) for r in rows_of(database, "webhook")} == {("failed", 2)}
        retried = deliver(config, database, force=True)  # what `alerts retry` does
        assert retried.line().endswith(", 9 webhook alerts sent (1 post)")
        assert len(server.requests) == 2 and len(server.deliveries) == 1


@dataclass(frozen=True)
class Delivered:
    line: str
    mails: list
    posts: list
    listed: list[dict]


def deliver_with_one_down(outage: Outage, directory: Path, down: str) -> Delivered:
    """Deliver the outage's alerts with e-mail and the webhook configured and `down` still down."""
    directory.mkdir()
    shutil.copy(outage.db, directory / "monitor.db")
    url = f"sqlite:///{directory / 'monitor.db'}"
    database = Database.open(url)
    try:
        with smtp_server() as mail, webhook_server(secret=SECRET) as hook:
            smtp_port = outage.smtp_port if down == "email" else mail.port
            hook_port = outage.hook_port if down == "webhook" else hook.port
            report = deliver(both(directory, smtp_port, hook_port), database)
            mails, posts = mail.messages, hook.requests
    finally:
        database.dispose()
    listed = invoke_cli("alerts", "list", "--db", url, "--format", "json").stdout
    return Delivered(report.line(), mails, posts, json.loads(listed))


def test_email_and_webhook_deliver_independently(
    outage: Outage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SECRET_ENV, SECRET)
    webhook_down = deliver_with_one_down(outage, tmp_path / "webhook-down", "webhook")
    assert len(webhook_down.mails) == 1 and webhook_down.posts == []
    assert len(numbered_stories(webhook_down.mails[0])) == 9
    assert webhook_down.line.startswith(
        "9 alerts sent (1 mail), 9 webhook alerts pending (cannot connect to the webhook"
    )
    email_down = deliver_with_one_down(outage, tmp_path / "email-down", "email")
    assert email_down.mails == [] and len(email_down.posts) == 1
    assert email_down.line.startswith("9 alerts pending (cannot connect to the SMTP server")
    assert email_down.line.endswith(", 9 webhook alerts sent (1 post)")
    # `alerts list` shows each channel's own status; the contract's keys come first.
    cases = ((webhook_down, "email", "webhook"), (email_down, "webhook", "email"))
    for delivered, sent, pending in cases:
        statuses: dict[str, set] = {}
        for row in delivered.listed:
            assert list(row)[:8] == [
                "story", "urls", "status", "attempts", "last_error", "created_at", "sent_at",
                "message_id",
            ]
            statuses.setdefault(row["channel"], set()).add((row["status"], row["attempts"]))
        assert statuses == {sent: {("sent", 2)}, pending: {("pending", 2)}}
    emails = [r for r in webhook_down.listed if r["channel"] == "email"]
    assert {r["message_id"] for r in emails} == {webhook_down.mails[0]["Message-ID"]}
    hooks = [r for r in webhook_down.listed if r["channel"] == "webhook"]
    assert {r["message_id"] for r in hooks} == {None}
    assert all("cannot connect to the webhook" in r["last_error"] for r in hooks)
