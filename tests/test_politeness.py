"""Politeness, read from the test server's request log: per-site spacing with a delay set,
Retry-After on 429/503 sat out (or, when long, turned into the source's next poll time)."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from crawler.middlewares import retry_after_seconds
from storage.engine import Database
from storage.models import Run, Source
from tests.conftest import Site
from tests.test_sitemaps import SITEMAP_SOURCE, make_due
from tests.test_sites import SITE_SOURCE, cycle, stored_paths, write_config


def feed(name: str, url: str) -> str:
    return f'\n[[sources]]\nname = "{name}"\nkind = "feed"\nurl = "{url}"\n'


def test_requests_to_each_site_are_spaced_by_the_delay(site: Site, tmp_path: Path) -> None:
    other = site.url.replace("127.0.0.1", "localhost")  # a second site (download slot)
    sources = feed("Malformed", f"{site.url}/feeds/malformed.rss") + feed(
        "Empty", f"{other}/feeds/empty.rss"
    )
    config = write_config(
        tmp_path / "c.toml",
        site.url,
        sources,
        crawl='delay = "1s"\nconcurrent_per_domain = 1',
    )
    config.write_text(
        config.read_text()
        .replace('delay = "0s"\n', "")
        .replace('private_hosts = ["127.0.0.1"]', 'private_hosts = ["127.0.0.1", "localhost"]')
    )
    mark = site.mark()
    result = cycle(config, f"sqlite:///{tmp_path / 'db.sqlite'}", ("feed",))
    assert "3 new articles" in result.message, result.message
    by_host: dict[str, list[float]] = defaultdict(list)
    for request in site.requests(mark):
        by_host[request["headers"]["Host"].split(":")[0]].append(request["time"])
    assert set(by_host) == {"127.0.0.1", "localhost"}
    assert len(by_host["127.0.0.1"]) == 5  # robots.txt, the feed, its three articles
    for host, times in by_host.items():
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        # DOWNLOAD_DELAY 1 s with Scrapy's +-50% jitter: never closer than half a second.
        assert min(gaps) >= 0.49, (host, gaps)


def test_one_site_as_feed_site_and_sitemap_gets_one_site_s_politeness(
    site: Site, tmp_path: Path
) -> None:
    """A full cycle crawls all kinds of source in one crawler: one robots.txt request, and
    the site's delay and concurrency hold across its feed, its pages and its sitemap."""
    sources = (
        feed("Tech Wire feed", "{BASE}/feeds/tech-en.rss")
        + SITE_SOURCE
        + SITEMAP_SOURCE.replace("Tech Wire sitemap", "Tech Wire news sitemap")
    )
    config = write_config(
        tmp_path / "c.toml", site.url, sources, crawl="concurrent_per_domain = 1"
    )
    config.write_text(config.read_text().replace('delay = "0s"\n', 'delay = "1s"\n'))
    mark = site.mark()
    result = cycle(config, f"sqlite:///{tmp_path / 'db.sqlite'}", ("feed", "site", "sitemap"))
    assert "3 sources polled" in result.message, result.message
    requests = site.requests(mark)
    assert [r["path"] for r in requests].count("/robots.txt") == 1
    times = sorted(r["time"] for r in requests)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    # DOWNLOAD_DELAY 1 s with Scrapy's +-50% jitter, one request at a time: never closer
    # than half a second, whichever kind of source asked.
    assert len(gaps) > 10 and min(gaps) >= 0.49, gaps


def test_retry_after_is_honoured_and_a_long_one_defers_the_source(
    site: Site, tmp_path: Path
) -> None:
    other = site.url.replace("127.0.0.1", "localhost")  # its own site: it will be shut out
    sources = feed("Limited", f"{site.url}/limited") + feed("Busy", f"{site.url}/busy")
    sources += feed("Gone away", f"{other}/limited-long")
    config = write_config(tmp_path / "c.toml", site.url, sources)
    config.write_text(
        config.read_text()
        .replace("retries = 0", "retries = 1")
        .replace('private_hosts = ["127.0.0.1"]', 'private_hosts = ["127.0.0.1", "localhost"]')
    )
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    mark = site.mark()
    started = datetime.now(UTC)
    cycle(config, db_url, ("feed",))
    requests = site.requests(mark)
    times = defaultdict(list)
    for request in requests:
        times[request["path"]].append(request["time"])
    # 429 with Retry-After: 2 -> the retry waits two seconds; 503 with Retry-After: 1 -> one.
    assert len(times["/limited"]) == 2 and times["/limited"][1] - times["/limited"][0] >= 1.95
    assert len(times["/busy"]) == 2 and times["/busy"][1] - times["/busy"][0] >= 0.95
    # Retry-After: 3600 is not sat out: asked once, not retried, the source waits an hour.
    assert len(times["/limited-long"]) == 1
    database = Database.open(db_url)
    with database.session() as session:
        gone = session.scalars(select(Source).where(Source.name == "Gone away")).one()
        assert gone.last_error == "HTTP 429"
        assert gone.next_allowed_at >= started + timedelta(minutes=59)
        limited = session.scalars(select(Source).where(Source.name == "Limited")).one()
        # A first failure costs no wait; the server's two seconds are the floor.
        assert limited.next_allowed_at <= datetime.now(UTC) + timedelta(seconds=3)
        limited_due = limited.next_allowed_at
    database.dispose()

    # The second cycle must start after the server's floor, or "Limited" is rightly not due yet.
    if limited_due is not None:
        time.sleep(max(0.0, (limited_due - datetime.now(UTC)).total_seconds()) + 0.2)
    mark = site.mark()
    again = cycle(config, db_url, ("feed",))
    paths = [r["path"] for r in site.requests(mark)]
    assert "/limited-long" not in paths and "/limited" in paths, again.message


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120", now) == 120.0
    assert retry_after_seconds("Wed, 25 Nov 2026 12:05:00 GMT", now) == 300.0
    assert retry_after_seconds("Wed, 25 Nov 2026 11:00:00 GMT", now) == 0.0  # already past
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


def test_pages_per_site_are_capped_and_the_rest_come_at_the_next_run(
    site: Site, tmp_path: Path
) -> None:
    """The cap is granted in the database as the crawl goes; a feed whose pages went over it
    keeps its old validators, so the next run reads it again and fetches the rest."""
    sources = feed("Tech Wire", "{BASE}/feeds/tech-en.rss")  # 8 pages on one site
    config = write_config(tmp_path / "c.toml", site.url, sources, crawl="max_pages_per_site = 4")
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    cycle(config, db_url, ("feed",))
    assert len(stored_paths(db_url, site.url)) == 4
    database = Database.open(db_url)
    with database.session() as session:
        run = session.scalars(select(Run)).one()
        assert run.counters["pages_capped"] == 4
        assert session.scalars(select(Source)).one().etag is None
    database.dispose()
    make_due(db_url)
    mark = site.mark()
    cycle(config, db_url, ("feed",))
    feed_request = next(r for r in site.requests(mark) if r["path"] == "/feeds/tech-en.rss")
    assert feed_request["status"] == 200  # read again, not a 304
    assert len(stored_paths(db_url, site.url)) == 8
    database = Database.open(db_url)
    with database.session() as session:
        assert session.scalars(select(Source)).one().etag  # all stored: validators saved
    database.dispose()
