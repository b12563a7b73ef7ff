"""Source health: weighted failures, auto-disabling with the reason, enable/disable, and a
real source failing run after run until it is disabled and no longer requested."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.config import Source as SourceSpec
from monitor.errors import UnknownSource
from monitor.polling import PollingPolicy, PollResult
from monitor.states import PollOutcome
from storage.engine import Database
from storage.health import (
    CONFIG_DISABLED,
    DISABLE_AFTER,
    record_failure,
    record_polls,
    record_success,
    set_enabled,
)
from storage.models import Source
from storage.queries import feed_states, sync_sources
from tests.conftest import Site, invoke_cli, run_cli
from tests.test_sitemaps import make_due
from tests.test_sites import cycle, write_config

FEED = SourceSpec(name="Feed", kind="feed", url="http://news.example/feed.xml")


@pytest.fixture
def database(db_url: str):
    database = Database.open(db_url)
    with database.session() as session, session.begin():
        sync_sources(session, [FEED])
    yield database
    database.dispose()


def row(database: Database, name: str = "Feed") -> Source:
    with database.session() as session:
        source = session.scalars(select(Source).where(Source.name == name)).one()
        session.expunge(source)
        return source


def test_failures_add_their_weight_and_disable_at_the_threshold(database: Database) -> None:
    disabled = []
    with database.session() as session, session.begin():
        for _ in range(3):
            disabled.append(record_failure(session, "Feed", "HTTP 404", weight=3.0))
        disabled.append(record_failure(session, "Feed", "timed out", weight=1.0))
    assert disabled == [False, False, False, False]
    assert row(database).consecutive_failures == 10.0 and row(database).enabled
    with database.session() as session, session.begin():
        assert record_failure(session, "Feed", "HTTP 404", weight=3.0) is True
    source = row(database)
    assert not source.enabled and source.disabled_at is not None
    assert source.consecutive_failures == 13.0 >= DISABLE_AFTER
    assert "after 5 failures in a row" in source.disabled_reason
    assert "last error: HTTP 404" in source.disabled_reason
    with database.session() as session, session.begin():
        assert not feed_states(session)["Feed"].enabled


def test_the_disabling_log_line_gives_a_command_that_can_be_pasted(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    spaced = SourceSpec(name="Dead feed", kind="feed", url="http://news.example/dead.xml")
    with database.session() as session, session.begin():
        sync_sources(session, [FEED, spaced])
        for _ in range(4):
            record_failure(session, "Dead feed", "HTTP 404", weight=3.0)
    assert "`sora-monitor sources enable 'Dead feed'` brings it back" in caplog.text


def test_a_success_resets_failures_and_enable_brings_a_source_back(database: Database) -> None:
    with database.session() as session, session.begin():
        record_failure(session, "Feed", "DNS lookup failed", weight=2.0)
        record_success(session, "Feed", etag='"a"', body_hash="h", entries=4)
        record_success(session, "Feed")  # the pipeline's second call: nothing changes
    source = row(database)
    assert source.consecutive_failures == 0 and source.failed_polls == 0
    assert (source.etag, source.body_hash, source.last_entries) == ('"a"', "h", 4)
    assert source.last_error == "DNS lookup failed"  # kept: it says what happened last

    with database.session() as session, session.begin():
        toggled = set_enabled(session, "Feed", False)
    assert (toggled.enabled, toggled.was_enabled) == (False, True)
    assert row(database).disabled_reason == "disabled by hand (sources disable)"
    with database.session() as session, session.begin():
        record_failure(session, "Feed", "HTTP 404", weight=3.0)
        toggled = set_enabled(session, "Feed", True)
    source = row(database)
    assert source.enabled and source.disabled_reason is None
    assert source.consecutive_failures == 0 and source.next_allowed_at is None
    with database.session() as session, session.begin(), pytest.raises(UnknownSource):
        set_enabled(session, "Nope", True)


def test_the_configuration_disables_and_enables_again(database: Database) -> None:
    off = SourceSpec(name="Feed", kind="feed", url=FEED.url, enabled=False)
    with database.session() as session, session.begin():
        sync_sources(session, [off])
    assert row(database).disabled_reason == CONFIG_DISABLED and not row(database).enabled
    with database.session() as session, session.begin():
        sync_sources(session, [FEED])
    assert row(database).enabled
    # Disabled after failures: the configuration saying enabled does not lift that.
    with database.session() as session, session.begin():
        for _ in range(4):
            record_failure(session, "Feed", "HTTP 410", weight=3.0)
        sync_sources(session, [FEED])
    assert not row(database).enabled


def test_poll_plans_are_stored(database: Database) -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    policy = {"Feed": PollingPolicy(timedelta(minutes=10))}
    with database.session() as session, session.begin():
        quiet = {"Feed": PollResult(PollOutcome.UNCHANGED)}
        record_polls(session, quiet, policy, now=now)
        planned = record_polls(session, quiet, policy, now=now)
    assert planned["Feed"] == now + timedelta(minutes=18)  # 2 x 10 min, 10% early
    source = row(database)
    assert source.unchanged_polls == 2 and source.last_polled_at == now
    with database.session() as session, session.begin():
        record_failure(session, "Feed", "timed out")
        record_failure(session, "Feed", "timed out")
        planned = record_polls(session, {"Feed": PollResult(PollOutcome.FAILED)}, policy, now=now)
    assert planned["Feed"] == now + timedelta(minutes=9)


def test_a_dead_feed_fails_until_it_is_disabled(site: Site, tmp_path: Path) -> None:
    sources = '\n[[sources]]\nname = "Dead feed"\nkind = "feed"\nurl = "{BASE}/feeds/gone.rss"\n'
    config = write_config(tmp_path / "c.toml", site.url, sources)
    config.write_text(config.read_text().replace('poll_every = "1h"', 'poll_every = "1s"'))
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    mark = site.mark()
    for _ in range(4):  # a 404 weighs 3: the fourth one reaches 12
        make_due(db_url)  # the backoff between failures is test_polling's business
        result = cycle(config, db_url, ("feed",))
        assert result.exit_code == 1 and "no source could be reached" in result.message
    assert [r["status"] for r in site.requests(mark) if r["path"] == "/feeds/gone.rss"] == [404] * 4

    listed = invoke_cli(
        "sources", "list", "--config", str(config), "--db", db_url, "--format", "json"
    )
    assert listed.returncode == 0, listed.stderr
    (dead,) = json.loads(listed.stdout)
    assert dead["enabled"] is False and dead["consecutive_failures"] == 12.0
    assert "disabled automatically after 4 failures" in dead["disabled_reason"]

    mark = site.mark()
    make_due(db_url)
    cycle(config, db_url, ("feed",))
    assert not [r for r in site.requests(mark) if r["path"] == "/feeds/gone.rss"]

    enabled = invoke_cli("sources", "enable", "Dead feed", "--config", str(config), "--db", db_url)
    assert enabled.returncode == 0 and enabled.stdout.strip() == "Dead feed: enabled"
    unknown = invoke_cli("sources", "disable", "Nope", "--config", str(config), "--db", db_url)
    assert unknown.returncode == 2 and "no source named 'Nope'" in unknown.stderr


def test_sources_check_reports_without_storing_or_following(site: Site, tmp_path: Path) -> None:
    sources = (
        '[[sources]]\nname = "Tech Wire"\nkind = "feed"\nurl = "{BASE}/feeds/tech-en.rss"\n'
        '[[sources]]\nname = "Dead feed"\nkind = "feed"\nurl = "{BASE}/feeds/gone.rss"\n'
        '[[sources]]\nname = "Map"\nkind = "sitemap"\nurl = "{BASE}/sitemaps/index.xml"\n'
        'follow = ["/ar/"]\n'
        '[[sources]]\nname = "Site"\nkind = "site"\nurl = "{BASE}/"\nfollow = ["/tech/"]\n'
    )
    config = write_config(tmp_path / "c.toml", site.url, sources)
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    mark = site.mark()
    args = ("--config", str(config), "--db", db_url, "--format", "json")
    result = run_cli("sources", "check", *args)
    assert result.returncode == 1, result.stderr  # a source failed
    checks = {c["source"]: c for c in json.loads(result.stdout)}
    assert checks["Tech Wire"] | {"url": None} == {
        "source": "Tech Wire", "kind": "feed", "url": None, "status": "ok",
        "entries": 8, "articles": 8, "new": 8, "error": None,
    }
    assert (checks["Dead feed"]["status"], checks["Dead feed"]["error"]) == ("failed", "HTTP 404")
    # The index and its two sitemaps: 2 + 11 entries, 6 of them under /ar/.
    assert (checks["Map"]["entries"], checks["Map"]["articles"]) == (13, 6)
    # A site's links are counted; which are articles (not section pages) is not known unread.
    assert checks["Site"]["entries"] == checks["Site"]["new"] > 0
    assert checks["Site"]["articles"] is None
    paths = {r["path"] for r in site.requests(mark)}
    assert paths == {
        "/robots.txt", "/feeds/tech-en.rss", "/feeds/gone.rss",
        "/sitemaps/index.xml", "/sitemaps/news.xml", "/sitemap.xml", "/",
    }  # no article page
    database = Database.open(db_url)
    with database.session() as session:
        assert session.scalars(select(Source)).all() == []  # nothing stored, not even health
    database.dispose()
