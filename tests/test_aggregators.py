"""Aggregator links (Google News, Bing News) resolved to the outlet's URL; never stored as
canonical; the aggregator recorded as discovered_via."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.aggregators import aggregator_of, resolve_link
from storage.engine import Database
from storage.models import Article, ArticleURL
from tests.conftest import Site
from tests.test_sites import cycle, write_config

OUTLET = "https://www.example-news.com/tech/2024/11/sora-leak.html"
# An older Google News id: a protobuf that carries the outlet's URL.
GOOGLE_ID = "CBMiOGh0dHBzOi8vd3d3LmV4YW1wbGUtbmV3cy5jb20vdGVjaC8yMDI0LzExL3NvcmEtbGVhay5odG1s0gEA"


@pytest.mark.parametrize(
    ("link", "source", "expected"),
    [
        (OUTLET, None, (OUTLET, None, "direct")),
        (
            "http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=1&url="
            "https%3a%2f%2fwww.example-news.com%2ftech%2f2024%2f11%2fsora-leak.html&c=9",
            None,
            (OUTLET, "Bing News", "parameter"),
        ),
        (
            f"https://news.google.com/rss/articles/{GOOGLE_ID}?oc=5",
            None,
            (OUTLET, "Google News", "encoded"),
        ),
        (
            "https://news.google.com/rss/articles/AU_yqLOpaque?oc=5",
            OUTLET,
            (OUTLET, "Google News", "source"),
        ),
        (
            # The source names only the outlet's home page: Google must be asked (decode).
            "https://news.google.com/rss/articles/AU_yqLOpaque?oc=5",
            "https://www.example-news.com",
            ("https://news.google.com/rss/articles/AU_yqLOpaque?oc=5", "Google News", "decode"),
        ),
        (
            # A url= pointing back at an aggregator resolves nothing.
            "https://www.bing.com/news/apiclick.aspx?url=https%3a%2f%2fnews.google.com%2fx",
            None,
            (
                "https://www.bing.com/news/apiclick.aspx?url=https%3a%2f%2fnews.google.com%2fx",
                "Bing News",
                "redirect",
            ),
        ),
    ],
)
def test_links_are_resolved(link: str, source: str | None, expected: tuple) -> None:
    resolution = resolve_link(link, source)
    assert (resolution.url, resolution.via, resolution.method) == expected
    assert resolution.needs_fetch is (expected[2] == "redirect")


def test_aggregator_hosts() -> None:
    assert aggregator_of("https://news.google.com/rss/search?q=sora") == "Google News"
    assert aggregator_of("http://www.bing.com/news/apiclick.aspx") == "Bing News"
    assert aggregator_of("https://google.com/") is None
    assert aggregator_of("https://notbing.com/x") is None
    assert aggregator_of("not a url") is None


def test_a_search_feed_stores_outlet_urls_and_the_aggregator(site: Site, tmp_path: Path) -> None:
    sources = '[[sources]]\nname = "Search"\nkind = "search"\nurl = "{BASE}/feeds/aggregator.rss"'
    config = write_config(tmp_path / "c.toml", site.url, sources)
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    mark = site.mark()
    result = cycle(config, db_url, ("search",))
    assert "2 new articles" in result.message, result.message
    database = Database.open(db_url)
    with database.session() as session:
        stored = {
            a.canonical_url.removeprefix(site.url): a.discovered_via
            for a in session.scalars(select(Article))
        }
        urls = set(session.scalars(select(ArticleURL.url)))
    database.dispose()
    assert stored == {
        "/tech/2025/09/sora-2-launch.html": "Bing News",
        "/tech/2025/10/sora-app-top-app-store.html": "Google News",
    }
    assert not any(aggregator_of(url) for url in urls)  # not even as a variant
    # Resolved from the feed alone: the aggregator was never asked.
    assert {r["path"] for r in site.requests(mark)} == {
        "/robots.txt",
        "/feeds/aggregator.rss",
        "/tech/2025/09/sora-2-launch.html",
        "/tech/2025/10/sora-app-top-app-store.html",
    }
