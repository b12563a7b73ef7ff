"""Storage on SQLite and PostgreSQL: migrations, idempotent upserts, sources, runs, pragmas."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from monitor.analysis import ArticleAnalysis
from monitor.config import Source as SourceSpec
from storage.engine import Database, current_revision, head_revision, make_engine
from storage.health import record_failure, record_success
from storage.models import Article, Run
from storage.queries import (
    feed_states,
    finish_run,
    instance_id,
    known_urls,
    list_sources,
    new_articles,
    start_run,
    sync_sources,
    upsert_article,
)

# An analysed article as the pipeline hands it to storage; tests change what they look at.
ARTICLE = ArticleAnalysis(
    canonical_url="",
    urls=(),
    source="Tech Wire",
    title="Sora leaked",
    body="Body text",
    body_source="page",
    author=None,
    published_at=datetime(2024, 11, 26, 18, 40, tzinfo=UTC),
    fetched_at=datetime(2024, 11, 27, tzinfo=UTC),
    fetch_status="ok",
    fetch_error=None,
    language="en",
)


def Analysed(canonical_url: str, **changes: Any) -> ArticleAnalysis:  # noqa: N802
    return replace(ARTICLE, canonical_url=canonical_url, **changes)


SOURCES = [
    SourceSpec(name="Tech Wire", kind="feed", url="http://news.example/feed.xml", language="en"),
    SourceSpec(name="عالم التقنية", kind="feed", url="http://ar.example/atom.xml", language="ar"),
]


@pytest.fixture
def database(db_url: str) -> Database:
    database = Database.open(db_url)
    with database.session() as session, session.begin():
        sync_sources(session, SOURCES)
    yield database
    database.dispose()


def test_migrations_run_on_first_use_and_are_idempotent(db_url: str) -> None:
    first = Database.open(db_url)
    assert current_revision(first.engine) == head_revision()
    first.dispose()
    second = Database.open(db_url)  # nothing to do the second time
    assert current_revision(second.engine) == head_revision()
    second.dispose()


def test_each_database_has_its_own_lasting_instance_id(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = Database.open(db_url)
    with first.session() as session:
        mine = instance_id(session)
    first.dispose()
    again = Database.open(db_url)
    with again.session() as session:
        assert instance_id(session) == mine  # made once, by the migration
    again.dispose()
    other = Database.open(f"sqlite:///{tmp_path / 'other.db'}")
    with other.session() as session:
        assert instance_id(session) != mine
    other.dispose()


def test_articles_keep_the_publisher_s_name_and_reports_fall_back_sensibly(
    database: Database,
) -> None:
    with database.session() as session, session.begin():
        sync_sources(
            session,
            [*SOURCES, SourceSpec(name="Search", kind="search", url="http://agg.example/rss")],
        )
        upsert_article(session, Analysed("http://a.example/1", outlet="Harbor Times"))
        upsert_article(session, Analysed("http://a.example/2"))  # feed "Tech Wire"
        upsert_article(session, Analysed("http://www.b.example/3", source="Search"))
    with database.session() as session:
        rows = new_articles(session, datetime(2000, 1, 1, tzinfo=UTC))
    outlets = {row.url: (row.source, row.outlet) for row in rows}
    assert outlets == {
        "http://a.example/1": ("Tech Wire", "Harbor Times"),
        "http://a.example/2": ("Tech Wire", "Tech Wire"),
        # A search feed gathers many publishers: its name is not the outlet's.
        "http://www.b.example/3": ("Search", "b.example"),
    }


def test_upsert_stores_each_article_once(database: Database) -> None:
    article = Analysed(
        "http://news.example/a", urls=("http://news.example/a", "http://news.example/amp/a")
    )
    with database.session() as session, session.begin():
        assert upsert_article(session, article).outcome == "new"
    with database.session() as session, session.begin():
        # the same article under another URL form: a duplicate, and that form is remembered
        again = replace(
            article, canonical_url="http://news.example/a", urls=("http://news.example/a?x=1",)
        )
        assert upsert_article(session, again).outcome == "duplicate"
        assert upsert_article(session, article).outcome == "duplicate"
    with database.session() as session:
        assert session.scalar(select(text("count(*)")).select_from(Article)) == 1
        assert known_urls(
            session, ["http://news.example/a?x=1", "http://news.example/amp/a", "http://other/"]
        ) == {"http://news.example/a?x=1", "http://news.example/amp/a"}


def test_summary_only_articles_are_completed_when_the_page_arrives(database: Database) -> None:
    summary_only = Analysed(
        "http://news.example/b",
        urls=("http://news.example/b",),
        body="summary",
        body_source="feed",
        fetch_status="failed",
        fetch_error="HTTP 500",
        fetched_at=None,
    )
    with database.session() as session, session.begin():
        upsert_article(session, summary_only)
        # a transient failure does not settle the URL: it is fetched again next time
        assert known_urls(session, ["http://news.example/b"]) == set()
    with database.session() as session, session.begin():
        full = Analysed(
            "http://news.example/b", urls=("http://news.example/b",), body="the full text"
        )
        assert upsert_article(session, full).outcome == "updated"
    with database.session() as session:
        stored = session.scalars(select(Article)).one()
        assert (stored.body, stored.body_source, stored.fetch_status) == (
            "the full text",
            "page",
            "ok",
        )


def test_sources_keep_health_and_reset_validators_when_their_url_changes(
    database: Database,
) -> None:
    with database.session() as session, session.begin():
        record_success(
            session,
            "Tech Wire",
            etag='"abc"',
            last_modified="Wed, 27 Nov 2024 09:00:00 GMT",
            body_hash="h",
            entries=8,
        )
        record_failure(session, "عالم التقنية", "HTTP 404", weight=3.0)
        record_failure(session, "عالم التقنية", "timed out", weight=1.0)
    with database.session() as session, session.begin():
        states = feed_states(session)
        assert states["Tech Wire"].etag == '"abc"'
        rows = {r.name: r for r in list_sources(session)}
        assert rows["عالم التقنية"].consecutive_failures == 4.0
        assert rows["عالم التقنية"].last_error == "timed out"
        moved = [replace(SOURCES[0], url="http://news.example/new-feed.xml"), SOURCES[1]]
        sync_sources(session, moved)
    with database.session() as session:
        assert feed_states(session)["Tech Wire"].etag is None
        assert {r.name: r for r in list_sources(session)}[
            "عالم التقنية"
        ].consecutive_failures == 4.0


def test_new_articles_window_order_and_relevance_filter(database: Database) -> None:
    with database.session() as session, session.begin():
        upsert_article(session, Analysed("http://n/1", urls=("http://n/1",), relevant=True))
        upsert_article(session, Analysed("http://n/2", urls=("http://n/2",), relevant=False))
        upsert_article(session, Analysed("http://n/3", urls=("http://n/3",), relevant=None))
    with database.session() as session:
        since = datetime.now(UTC) - timedelta(hours=1)
        shown = [row.url for row in new_articles(session, since)]
        assert shown == ["http://n/3", "http://n/1"]  # newest first; irrelevant left out
        assert len(new_articles(session, since, include_irrelevant=True)) == 3
        assert new_articles(session, datetime.now(UTC) + timedelta(minutes=1)) == []
        row = new_articles(session, since)[0]
        assert row.first_seen_at.tzinfo is not None and row.source == "Tech Wire"


def test_runs_record_status_and_counters(database: Database) -> None:
    with database.session() as session, session.begin():
        run_id = start_run(session)
    with database.session() as session, session.begin():
        finish_run(
            session, run_id, status="partial", counters={"articles_new": 3, "feeds_failed": 1}
        )
    with database.session() as session:
        run = session.get(Run, run_id)
        assert (run.status, run.counters["articles_new"]) == ("partial", 3)
        assert run.finished_at >= run.started_at


def test_naive_datetimes_are_refused(database: Database) -> None:
    with (
        database.session() as session,
        pytest.raises(Exception, match="naive datetime"),
        session.begin(),
    ):
        upsert_article(
            session,
            Analysed(
                "http://n/naive", urls=("http://n/naive",), published_at=datetime(2024, 11, 26)
            ),
        )


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    engine.dispose()


def test_an_unusable_database_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from monitor.errors import StorageError, UsageError

    not_a_db = tmp_path / "garbage.db"
    not_a_db.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(StorageError, match="cannot open or migrate"):
        Database.open(f"sqlite:///{not_a_db}")
    with pytest.raises(UsageError, match="cannot parse database URL"):  # exit 2
        Database.open("not a url")
