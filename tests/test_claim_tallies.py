"""Claim tallies on SQLite and PostgreSQL: kept right by every write, equal to a rebuild, and
giving the claim reports exactly what counting every sighting gives."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from cli.reports import counted_rows
from monitor.aggregators import unresolved_key
from monitor.analysis import ArticleAnalysis
from monitor.config import Source as SourceSpec
from monitor.spread import rebucket, summarize_claim, timeline, timeline_of_counts
from storage.claim_reports import claim_buckets, claim_sightings
from storage.claim_tallies import rebuild_claim_tallies
from storage.engine import Database
from storage.models import Article, Claim, ClaimSighting, ClaimTally
from storage.queries import resolve_provenance, sync_sources, upsert_article
from storage.sightings import record_sightings


@dataclass(frozen=True)
class Match:
    claim_id: str
    evidence: str = "a sentence we wrote"
    variant: str = ""
    score: float = 1.0
    layer: str = "lexical"


@dataclass(frozen=True)
class ClaimText:
    id: str
    text_en: str = "a claim"
    text_ar: str = "ادعاء"


CLAIMS = [ClaimText("c1"), ClaimText("c2"), ClaimText("c3"), ClaimText("quiet")]
SOURCES = [
    SourceSpec(name="Tech Wire", kind="feed", url="http://news.example/feed.xml", language="en"),
    SourceSpec(name="News Search", kind="search", url="http://search.example/rss", language="en"),
]
T0 = datetime(2024, 11, 26, 18, 40, tzinfo=UTC)

ARTICLE = ArticleAnalysis(
    canonical_url="",
    urls=(),
    source="Tech Wire",
    title="Sora",
    body="Body text",
    body_source="page",
    author=None,
    published_at=T0,
    fetched_at=T0,
    fetch_status="ok",
    fetch_error=None,
    language="en",
    relevant=True,
)


def store(
    session: Any, url: str, matches: list[Match], cluster: int | None = None, **changes: Any
) -> int:
    """What the pipeline does with an analysed article: store it, then its claims."""
    analysis = replace(ARTICLE, canonical_url=url, **changes)
    result = upsert_article(session, analysis, cluster_id=cluster)
    record_sightings(
        session, result.article_id, matches,
        published_at=result.published_at or result.first_seen_at,
        first_seen_at=result.first_seen_at,
    )  # fmt: skip
    return result.article_id


def snapshot(session: Any) -> set[tuple[Any, ...]]:
    return {
        tuple(row)
        for row in session.execute(
            select(
                ClaimTally.claim_id, ClaimTally.kind, ClaimTally.key, ClaimTally.n,
                ClaimTally.first_at, ClaimTally.first_article_id, ClaimTally.last_at,
            )
        )
    }  # fmt: skip


def assert_reports_match_counting(session: Any) -> None:
    sightings = claim_sightings(session)
    by_claim = {c.id: [s for s in sightings if s.claim_id == c.id] for c in CLAIMS}
    assert counted_rows(session, CLAIMS) == [summarize_claim(c, by_claim[c.id]) for c in CLAIMS]
    for claim in CLAIMS:
        for bucket in ("hour", "day"):
            counted = rebucket(claim_buckets(session, claim.id, bucket), bucket)
            assert timeline_of_counts(counted) == timeline(by_claim[claim.id], bucket)


@pytest.fixture
def database(db_url: str) -> Any:
    database = Database.open(db_url)
    with database.session() as session, session.begin():
        sync_sources(session, SOURCES)
        session.add_all(Claim(id=c.id, text_en=c.text_en, text_ar=c.text_ar, kind="event")
                        for c in CLAIMS)  # fmt: skip
    yield database
    database.dispose()


def test_tallies_follow_every_write_and_equal_a_rebuild(database: Database) -> None:
    with database.session() as session, session.begin():
        a1 = store(
            session, "https://news.example/a1", [Match("c1", variant="3 hours"), Match("c2")]
        )
        # A copy of a1 (same cluster), in Arabic, with no date: counted at first sight.
        a2 = store(
            session, "https://ar.example/a2", [Match("c1", variant="three hours")], cluster=a1,
            language="ar", published_at=None,
        )  # fmt: skip
        # Not about Sora: its sighting never counts.
        store(session, "https://news.example/a3", [Match("c1")], relevant=False)
        # Stored from a feed's summary (judged irrelevant, in French, dated later)...
        store(
            session, "https://news.example/a4", [Match("c2")], body_source="feed",
            relevant=False, language="fr", published_at=T0 + timedelta(days=2),
        )  # fmt: skip
        # An aggregator's item without an outlet name: the host is the outlet.
        store(session, "https://www.host.example/a5", [Match("c2")], source="News Search")
    with database.session() as session, session.begin():
        assert_reports_match_counting(session)
        # ...then completed from its page: relevant, English, earlier than a1, a new claim.
        store(
            session, "https://news.example/a4", [Match("c2"), Match("c3")],
            published_at=T0 - timedelta(hours=5),
        )  # fmt: skip
    with database.session() as session, session.begin():
        assert_reports_match_counting(session)
        rows = {r["claim_id"]: r for r in counted_rows(session, CLAIMS)}
        assert rows["c2"]["first_url"] == "https://news.example/a4"
        assert rows["c2"]["sources"] == 2 and rows["c1"]["stories"] == 1
        assert rows["c1"]["variants"] == {"3 hours": 1, "three hours": 1}
        # Any ORM change of what a tally depends on moves it: a1 leaves its cluster, a2 is
        # judged irrelevant after all (it was the first in Arabic).
        session.get(Article, a1).cluster_id = 999
        session.get(Article, a2).relevant = False
    with database.session() as session, session.begin():
        assert_reports_match_counting(session)
        rows = {r["claim_id"]: r for r in counted_rows(session, CLAIMS)}
        assert rows["c1"]["languages"] == {"ar": 0, "en": 1} and rows["c1"]["stories"] == 1
        # A sighting written behind the pipeline's back, as other tests do, counts too.
        session.add(ClaimSighting(claim_id="c3", article_id=a1, evidence="e", score=1.0,
                                  published_at=None, first_seen_at=T0))  # fmt: skip
    with database.session() as session, session.begin():
        assert_reports_match_counting(session)
        kept = snapshot(session)
        rebuild_claim_tallies(session)
        assert snapshot(session) == kept


def test_a_folded_feed_only_item_takes_its_sightings_out_of_the_tallies(
    database: Database,
) -> None:
    """A Google News item kept feed-only (with a claim) and then found to be an article another
    source stored: the placeholder goes with its sightings, and so does its share."""
    link = "https://news.google.com/rss/articles/CBMiAVX3lxTE9wYXF1ZQ?oc=5"
    with database.session() as session, session.begin():
        store(session, "https://news.example/a1", [Match("c1")])
        key = unresolved_key(link)
        store(
            session, key, [Match("c1"), Match("c2")], urls=(key,), source="News Search",
            body_source="feed", provenance_url=link, language="ar",
        )  # fmt: skip
    with database.session() as session, session.begin():
        rows = {r["claim_id"]: r for r in counted_rows(session, CLAIMS)}
        assert rows["c1"]["sightings"] == 2 and rows["c2"]["sightings"] == 1
        resolve_provenance(session, link, "https://news.example/a1")
    with database.session() as session, session.begin():
        assert session.scalar(select(func.count()).select_from(Article)) == 1
        assert_reports_match_counting(session)
        rows = {r["claim_id"]: r for r in counted_rows(session, CLAIMS)}
        assert rows["c1"]["sightings"] == 1 and rows["c1"]["languages"] == {"ar": 0, "en": 1}
        assert rows["c2"]["sightings"] == 0
        kept = snapshot(session)
        rebuild_claim_tallies(session)
        assert snapshot(session) == kept


@pytest.mark.postgres
def test_concurrent_writers_keep_the_tallies_right(postgres_url: str) -> None:
    """Two processes' worth of writers storing one story's copies at the same moment."""
    database = Database.open(postgres_url)
    with database.session() as session, session.begin():
        sync_sources(session, SOURCES)
        session.add_all(Claim(id=c.id, text_en=c.text_en, text_ar=c.text_ar, kind="event")
                        for c in CLAIMS)  # fmt: skip
        leader = store(session, "https://news.example/leader", [Match("c1")])
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            barrier.wait(timeout=30)
            for i in range(15):
                with database.session() as session, session.begin():
                    store(
                        session, f"https://{name}.example/{i}", [Match("c1"), Match("c2")],
                        cluster=leader, outlet=f"Outlet {i % 3}",
                    )  # fmt: skip
        except BaseException as exc:  # noqa: BLE001 (reported by the test)
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    try:
        with database.session() as session, session.begin():
            assert_reports_match_counting(session)
            rows = {r["claim_id"]: r for r in counted_rows(session, CLAIMS)}
            assert rows["c1"]["sightings"] == 31 and rows["c1"]["stories"] == 1
            assert rows["c2"]["sources"] == 3
    finally:
        database.dispose()


def test_the_migration_tallies_an_older_databases_sightings(db_url: str) -> None:
    """A database at 0008 with sightings (one undated, one whose article's date moved): the
    migration that adds the tallies counts them all, and they give what counting gives."""
    from alembic import command

    from storage.engine import _alembic_config, make_engine
    from storage.models import Source

    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), "0008")
        with engine.begin() as connection:
            source = connection.execute(
                insert(Source.__table__)
                .values(name="Tech Wire", kind="feed", url="https://techwire.example/feed")
                .returning(Source.__table__.c.id)
            ).scalar_one()
            for claim in CLAIMS:
                connection.execute(
                    insert(Claim.__table__).values(
                        id=claim.id, text_en=claim.text_en, text_ar=claim.text_ar, kind="event"
                    )
                )
            t0 = T0
            specs = [  # id, language, relevant, article date, sighting date, cluster
                (1, "en", True, t0, t0, 1),
                (2, "ar", True, None, None, 1),
                (3, "en", True, t0 - timedelta(days=1), t0, 3),
                (4, "en", False, t0, t0, 4),
            ]
            for n, language, relevant, published, sighted, cluster in specs:
                connection.execute(
                    insert(Article.__table__).values(
                        id=n, canonical_url=f"https://techwire.example/{n}", source_id=source,
                        language=language, relevant=relevant, published_at=published,
                        first_seen_at=t0 + timedelta(hours=n), cluster_id=cluster,
                        body_source="page", fetch_status="ok",
                    )
                )  # fmt: skip
                for claim_id in ("c1", "c2") if n != 3 else ("c1",):
                    connection.execute(
                        insert(ClaimSighting.__table__).values(
                            claim_id=claim_id, article_id=n, evidence="e", variant="",
                            score=1.0, layer="lexical", published_at=sighted,
                            first_seen_at=t0 + timedelta(hours=n),
                        )
                    )  # fmt: skip
    finally:
        engine.dispose()
    database = Database.open(db_url)  # migrates to the head, as `run` does
    try:
        with database.session() as session, session.begin():
            assert_reports_match_counting(session)
            rows = {r["claim_id"]: r for r in counted_rows(session, CLAIMS)}
            assert rows["c1"]["sightings"] == 3 and rows["c1"]["stories"] == 2
            assert rows["c1"]["first_url"] == "https://techwire.example/3"
    finally:
        database.dispose()
