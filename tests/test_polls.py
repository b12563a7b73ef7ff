"""The crawl's ledger in the database: validators wait until what a poll led to is settled,
whichever process settles it; pages per site are granted once across processes; a run's
counters are read back from its rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from monitor.config import Source as SourceSpec
from monitor.polling import CrawlPlan, PlannedPoll, PollAnswer, PollingPolicy
from monitor.states import PollStatus, SourceKind
from storage.engine import Database
from storage.models import Source, SourcePoll
from storage.polls import (
    Progress,
    grant_pages,
    record_answer,
    record_plan,
    record_progress,
    run_facts,
)
from storage.queries import start_run, sync_sources

FEED = SourceSpec(name="Feed", kind=SourceKind.FEED, url="http://news.example/feed.xml")
SITE = SourceSpec(name="Site", kind=SourceKind.SITE, url="http://news.example/")
POLICIES = {kind: PollingPolicy(timedelta(minutes=15)) for kind in SourceKind}
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def databases(db_url: str) -> Iterator[tuple[Database, Database]]:
    """Two handles on one database, as two processes of one crawl would hold."""
    first, second = Database.open(db_url), Database.open(db_url)
    with first.session() as session, session.begin():
        sync_sources(session, [FEED, SITE])
    yield first, second
    first.dispose()
    second.dispose()


def plan(database: Database, *specs: SourceSpec) -> tuple[int, list[int]]:
    with database.session() as session, session.begin():
        run_id = start_run(session)
        recorded = record_plan(
            session,
            CrawlPlan(tuple(PlannedPoll(spec) for spec in specs)),
            run_id=run_id,
            crawl=f"crawl-{run_id}",
        )
    return run_id, [p.id for p in recorded.polls if p.id is not None]


def answer(
    database: Database, poll_id: int, result: PollAnswer, pending: int, at: datetime
) -> None:
    with database.session() as session, session.begin():
        record_answer(
            session, poll_id, result, policies=POLICIES, disable_after=12.0, pending=pending,
            now=at,
        )


def settle(database: Database, poll_id: int, count: int = 1, **counts: int) -> None:
    progress = Progress.empty()
    progress.settled[poll_id] += count
    if counts:
        progress.counts[poll_id] = Counter(counts)
    with database.session() as session, session.begin():
        record_progress(session, progress, POLICIES, now=NOW)


def source(database: Database, name: str = "Feed") -> Source:
    with database.session() as session:
        row = session.scalars(select(Source).where(Source.name == name)).one()
        session.expunge(row)
        return row


def test_validators_wait_until_every_article_is_settled_by_whichever_process(
    databases: tuple[Database, Database],
) -> None:
    first, second = databases
    _, (poll,) = plan(first, FEED)
    new = PollAnswer(PollStatus.OK, etag='"v2"', last_modified="Mon", body_hash="h2", entries=3)
    answer(first, poll, new, pending=3 - 1, at=NOW)  # three articles sent, the feed itself done
    health = source(first)
    assert health.last_ok_at == NOW and health.last_entries == 3
    assert health.etag is None, "validators saved before the feed's articles were stored"
    settle(first, poll, 2)
    assert source(first).etag is None
    settle(second, poll)  # the last article, stored by another process
    saved = source(first)
    assert (saved.etag, saved.last_modified, saved.body_hash) == ('"v2"', "Mon", "h2")


def test_a_killed_poll_keeps_the_old_validators_and_a_late_one_does_not_win(
    databases: tuple[Database, Database],
) -> None:
    first, second = databases
    _, (killed,) = plan(first, FEED)
    answer(first, killed, PollAnswer(PollStatus.OK, etag='"old"'), pending=1 - 1, at=NOW)
    # The crawl is killed with that article pending; the next run polls the feed again.
    _, (again,) = plan(second, FEED)
    later = NOW + timedelta(minutes=15)
    answer(second, again, PollAnswer(PollStatus.OK, etag='"new"'), pending=0 - 1, at=later)
    assert source(first).etag == '"new"'
    settle(first, killed)  # a straggler of the killed crawl
    assert source(first).etag == '"new"'


def test_pages_per_site_are_granted_once_across_processes(
    databases: tuple[Database, Database],
) -> None:
    first, second = databases
    with first.session() as session, session.begin():
        assert grant_pages(session, "c1", {"a.example": 3, "b.example": 1}, cap=4) == {
            "a.example": 3,
            "b.example": 1,
        }
    with second.session() as session, session.begin():
        assert grant_pages(session, "c1", {"a.example": 3}, cap=4) == {"a.example": 1}
        assert grant_pages(session, "c2", {"a.example": 3}, cap=4) == {"a.example": 3}
    with first.session() as session, session.begin():
        assert grant_pages(session, "c1", {"a.example": 1}, cap=4) == {"a.example": 0}


def test_a_run_s_facts_come_from_its_polls(databases: tuple[Database, Database]) -> None:
    first, second = databases
    run_id, (feed, site) = plan(first, FEED, SITE)
    answer(first, feed, PollAnswer(PollStatus.NOT_MODIFIED), pending=-1, at=NOW)
    answer(first, site, PollAnswer(PollStatus.UNCHANGED, body_hash="h"), pending=2 - 1, at=NOW)
    settle(first, site, **{"sora/pages/fetched": 1, "sora/errors/http_404": 1})
    settle(second, site, **{"sora/pages/fetched": 1})
    progress = Progress.empty()
    progress.changed.add(site)  # a section page brought a new article
    with second.session() as session, session.begin():
        record_progress(session, progress, POLICIES, now=NOW)
    with first.session() as session:
        facts = run_facts(session, run_id)
        polls = {p.id: p for p in session.scalars(select(SourcePoll))}
    assert facts.polled == 2
    assert facts.statuses == {"not-modified": 1, "unchanged": 1}
    assert facts.counts == {"sora/pages/fetched": 2, "sora/errors/http_404": 1}
    assert (polls[site].pending, polls[site].outcome) == (0, "changed")
    assert source(first, "Site").unchanged_polls == 0  # changed after all: due again at once
    assert source(first, "Site").next_allowed_at is None
