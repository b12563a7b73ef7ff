"""The alert outbox on real databases (SQLite, and PostgreSQL when available)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.alerting import MAX_ATTEMPTS, retry_at
from monitor.config import AlertsConfig, EmailConfig, WebhookConfig
from storage.engine import Database
from storage.models import Alert, Article, Source
from storage.outbox import (
    alert_rows,
    claim_batch,
    claim_texts,
    claimed_batches,
    count_pending,
    enqueue_story,
    last_sent_at,
    mark_failed,
    mark_sent,
    reopen_failed,
    story_members,
    unclaimed,
)
from storage.sightings import record_sightings, sync_claims

NOW = datetime(2024, 11, 27, 9, 0, tzinfo=UTC)
CONFIG = AlertsConfig(email=EmailConfig(to=("a@example.org",)))


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = Database.open(db_url)
    yield db
    db.dispose()


_counter = iter(range(1, 10_000))


def add_article(session: Session, cluster_id: int | None = None, **changes: Any) -> int:
    """Store an article as the pipeline would (its own cluster unless told otherwise)."""
    n = next(_counter)
    source = session.scalar(select(Source).where(Source.name == "Tech Wire"))
    if source is None:
        source = Source(name="Tech Wire", kind="feed", url="https://techwire.example/feed")
        session.add(source)
        session.flush()
    values: dict[str, Any] = {
        "canonical_url": f"https://techwire.example/{n}.html",
        "source_id": source.id,
        "title": f"Sora leak report {n}",
        "language": "en",
        "published_at": NOW - timedelta(hours=n),
        "relevant": True,
        "relevance_score": 0.9,
        "leak_report": True,
        "seed_copy": False,
    }
    values.update(changes)
    article = Article(**values)
    article.first_seen_at = NOW
    session.add(article)
    session.flush()
    article.cluster_id = cluster_id if cluster_id is not None else article.id
    session.flush()
    return article.id


def enqueue(database: Database, article_id: int, config: AlertsConfig = CONFIG) -> list[int]:
    with database.session() as session, session.begin():
        return enqueue_story(session, article_id, config, now=NOW)


def test_a_new_leak_story_is_enqueued_once_and_its_copies_join_it(database: Database) -> None:
    with database.session() as session, session.begin():
        first = add_article(session)
        cluster = session.get(Article, first).cluster_id  # type: ignore[union-attr]
        copy = add_article(session, cluster_id=cluster)
    ids = enqueue(database, first)
    assert len(ids) == 1
    assert enqueue(database, copy) == []  # a syndicated copy joins its story
    assert enqueue(database, first) == []  # enqueueing is idempotent
    with database.session() as session, session.begin():
        [row] = alert_rows(session)
        members = story_members(session, [cluster])  # type: ignore[list-item]
    assert (row.cluster_id, row.article_id) == (cluster, first)
    assert (row.kind, row.status) == ("leak", "pending")
    assert row.recipients == ("a@example.org",) and row.attempts == 0 and row.message_id is None
    assert [m.article_id for m in members[cluster]] == [first, copy]  # type: ignore[index]
    assert members[cluster][0].outlet == "Tech Wire"  # type: ignore[index]


@pytest.mark.parametrize(
    "facts",
    [
        {"leak_report": False},
        {"relevant": False},
        {"relevance_score": 0.2},
        {"language": "fr"},
        {"seed_copy": True},
    ],
    ids=["not-a-leak", "irrelevant", "low-score", "language", "seed-copy"],
)
def test_articles_that_do_not_qualify_enqueue_nothing(database: Database, facts: dict) -> None:
    with database.session() as session, session.begin():
        article = add_article(session, **facts)
    assert enqueue(database, article) == []


def test_a_leak_report_in_the_seeds_cluster_never_alerts(database: Database) -> None:
    with database.session() as session, session.begin():
        seed_copy = add_article(session, seed_copy=True)
        cluster = session.get(Article, seed_copy).cluster_id  # type: ignore[union-attr]
        near_copy = add_article(session, cluster_id=cluster)
    assert enqueue(database, near_copy) == []


def test_mode_both_writes_an_immediate_and_a_digest_row(database: Database) -> None:
    with database.session() as session, session.begin():
        article = add_article(session)
    assert len(enqueue(database, article, AlertsConfig(mode="both"))) == 2
    with database.session() as session, session.begin():
        assert sorted(r.kind for r in alert_rows(session)) == ["digest", "leak"]
        assert [r.kind for r in unclaimed(session, ["digest"])] == ["digest"]


def test_each_channel_has_its_own_rows_batches_and_status(database: Database) -> None:
    hook = WebhookConfig(url="https://hooks.example.org/sora")
    config = AlertsConfig(email=EmailConfig(smtp_host="smtp.example.org"), webhook=hook)
    with database.session() as session, session.begin():
        article = add_article(session)
    email_row, webhook_row = enqueue(database, article, config)
    with database.session() as session, session.begin():
        assert [r.id for r in unclaimed(session, ["leak"])] == [email_row]
        assert [r.id for r in unclaimed(session, ["leak"], channel="webhook")] == [webhook_row]
        claim_batch(session, [webhook_row], "alert-leak-2-1-abc")
        mark_sent(session, [webhook_row], batch_id="alert-leak-2-1-abc", sent_at=NOW)
        assert claimed_batches(session, now=NOW) == {}
        assert count_pending(session) == 1 and count_pending(session, "webhook") == 0
        assert last_sent_at(session, "leak", "webhook") == NOW
        assert last_sent_at(session, "leak") is None
        rows = {r.channel: r for r in alert_rows(session)}
    assert (rows["email"].status, rows["email"].batch_id) == ("pending", None)
    assert (rows["webhook"].status, rows["webhook"].batch_id) == ("sent", "alert-leak-2-1-abc")
    # The Message-ID is an e-mail row's alone; a webhook batch has its Idempotency-Key.
    assert rows["webhook"].message_id is None and rows["webhook"].recipients == ()
    # A copy of the story found later joins it on every channel: nothing new is written.
    with database.session() as session, session.begin():
        cluster = session.get(Article, article).cluster_id  # type: ignore[union-attr]
        copy = add_article(session, cluster_id=cluster)
    assert enqueue(database, copy, config) == []


def test_a_batch_is_claimed_once_then_failed_with_backoff_then_sent(database: Database) -> None:
    with database.session() as session, session.begin():
        articles = [add_article(session) for _ in range(3)]
    ids = [i for a in articles for i in enqueue(database, a)]
    with database.session() as session, session.begin():
        assert [r.id for r in unclaimed(session, ["leak"])] == ids
        assert claim_batch(session, ids[:2], "<alert-a@x.org>") == ids[:2]
        # Claimed rows belong to their batch: a second claim takes only what is left.
        assert claim_batch(session, ids, "<alert-b@x.org>") == ids[2:]
        assert unclaimed(session, ["leak", "digest"]) == []
        batches = claimed_batches(session, now=NOW)
    assert {k: [r.id for r in v] for k, v in batches.items()} == {
        "<alert-a@x.org>": ids[:2],
        "<alert-b@x.org>": ids[2:],
    }
    with database.session() as session, session.begin():
        for _ in range(3):
            mark_failed(session, ids[:2], error="connection refused", now=NOW, retry_at=retry_at)
    with database.session() as session, session.begin():
        rows = {r.id: r for r in alert_rows(session)}
        assert rows[ids[0]].attempts == 3 and rows[ids[0]].last_error == "connection refused"
        assert rows[ids[0]].next_attempt_at == NOW + timedelta(minutes=15)
        assert rows[ids[0]].status == "pending"
        # Backing off: not due now, due after the delay, always included when forced.
        assert list(claimed_batches(session, now=NOW)) == ["<alert-b@x.org>"]
        later = NOW + timedelta(minutes=15)
        assert len(claimed_batches(session, now=later)) == 2
        assert len(claimed_batches(session, now=NOW, force=True)) == 2
        mark_sent(
            session, ids[:2], batch_id="<alert-a@x.org>", data={"recipients": ["a@example.org"]},
            sent_at=later,
        )
    with database.session() as session, session.begin():
        rows = {r.id: r for r in alert_rows(session)}
        sent = rows[ids[0]]
        assert (sent.status, sent.attempts, sent.sent_at, sent.last_error) == (
            "sent", 4, later, None
        )
        assert last_sent_at(session, "leak") == later
        assert last_sent_at(session, "digest") is None
        assert list(claimed_batches(session, now=later, force=True)) == ["<alert-b@x.org>"]


def test_after_too_many_attempts_a_row_fails_until_reopened(database: Database) -> None:
    with database.session() as session, session.begin():
        article = add_article(session)
    ids = enqueue(database, article)
    with database.session() as session, session.begin():
        claim_batch(session, ids, "<alert-c@x.org>")
        for _ in range(MAX_ATTEMPTS):
            mark_failed(session, ids, error="550 relay denied", now=NOW, retry_at=retry_at)
    with database.session() as session, session.begin():
        [row] = alert_rows(session)
        assert (row.status, row.attempts, row.next_attempt_at) == ("failed", MAX_ATTEMPTS, None)
        assert claimed_batches(session, now=NOW + timedelta(days=30)) == {}
        assert reopen_failed(session) == 1
    with database.session() as session, session.begin():
        assert list(claimed_batches(session, now=NOW)) == ["<alert-c@x.org>"]


@dataclass
class Match:
    claim_id: str
    evidence: str = "..."
    variant: str = ""
    score: float = 0.9


@dataclass
class CatalogueClaim:
    id: str
    text_en: str
    text_ar: str
    kind: str = "event"


def test_story_members_carry_their_claims(database: Database) -> None:
    with database.session() as session, session.begin():
        sync_claims(session, [CatalogueClaim("leaked-by-testers", "By testers", "من المختبرين")])
        article = add_article(session)
        record_sightings(
            session, article, [Match("leaked-by-testers")], published_at=NOW, first_seen_at=NOW
        )
        cluster = session.get(Article, article).cluster_id  # type: ignore[union-attr]
    with database.session() as session, session.begin():
        [member] = story_members(session, [cluster])[cluster]  # type: ignore[index]
        texts = claim_texts(session)
        count = session.query(Alert).count()
    assert member.claims == ("leaked-by-testers",)
    assert texts == {"leaked-by-testers": ("By testers", "من المختبرين")}
    assert count == 0
