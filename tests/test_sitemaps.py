"""The sitemap spider: sitemap indexes, Google News sitemaps (their dates), conditional GET,
and a second pass that fetches only the new article."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from crawler.handlers.sitemaps import parse_sitemap
from monitor.errors import NotASitemap
from storage.engine import Database
from storage.models import Source
from tests.site_server import DEFAULT_ROOT
from tests.test_sites import LiveWeb, cycle, fetched, live_web, stored_paths, write_config

__all__ = ["live_web"]  # the fixture, shared with test_sites

SITEMAP_SOURCE = """
[[sources]]
name = "Tech Wire sitemap"
kind = "sitemap"
url = "{BASE}/sitemaps/index.xml"
follow = ["/tech/", "/ar/"]
"""
NEWS_ITEM = """  <url>
    <loc>{{BASE}}/tech/sora-dateless.html</loc>
    <news:news>
      <news:publication>
        <news:name>Tech Wire</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>2026-11-21T10:00:00Z</news:publication_date>
      <news:title>Sora expands to more countries</news:title>
    </news:news>
  </url>
</urlset>"""


def test_a_sitemap_index_and_a_google_news_sitemap_are_read() -> None:
    kind, children = parse_sitemap((DEFAULT_ROOT / "sitemaps" / "index.xml").read_bytes())
    assert kind == "sitemapindex"
    assert [c.loc for c in children] == ["{{BASE}}/sitemaps/news.xml", "{{BASE}}/sitemap.xml"]
    kind, news = parse_sitemap((DEFAULT_ROOT / "sitemaps" / "news.xml").read_bytes())
    assert kind == "urlset" and len(news) == 2
    assert news[0].published_at == datetime(2025, 10, 1, 8, 0, tzinfo=UTC)
    assert news[0].language == "ar" and news[0].title.startswith("OpenAI تطلق Sora 2")
    kind, plain = parse_sitemap((DEFAULT_ROOT / "sitemap.xml").read_bytes())
    assert len(plain) == 11 and plain[0].published_at is None  # lastmod is not a publication date


XXE = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><urlset><url><loc>&e;</loc></url></urlset>'


@pytest.mark.parametrize("body", [b"<html><body>not a sitemap</body></html>", b"", XXE])
def test_what_is_not_a_sitemap_is_refused_and_entities_are_not_resolved(body: bytes) -> None:
    try:
        kind, entries = parse_sitemap(body)
    except NotASitemap:
        return
    assert kind == "urlset" and all("root:" not in e.loc for e in entries)  # not resolved


def test_sitemap_crawl_fetches_only_new_articles_and_uses_the_news_date(
    live_web: LiveWeb, tmp_path: Path
) -> None:
    site, base = live_web.site, live_web.site.url
    config = write_config(tmp_path / "c.toml", base, SITEMAP_SOURCE)
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"

    first = cycle(config, db_url, ("sitemap",))
    assert "10 new articles" in first.message, first.message
    articles = stored_paths(db_url, base)
    assert "/games/2024/11/kingdom-hearts-sora-retrospective.html" not in articles  # follow
    assert len(articles) == 10

    mark = site.mark()
    live_web.add_article("/tech/sora-dateless.html", "Sora expands", dated=False)
    news = live_web.root / "sitemaps" / "news.xml"
    news.write_text(news.read_text(encoding="utf-8").replace("</urlset>", NEWS_ITEM))
    index = live_web.root / "sitemaps" / "index.xml"
    index.write_text(index.read_text(encoding="utf-8").replace("2025-10-03T09", "2026-11-21T10", 1))
    second = cycle(config, db_url, ("sitemap",))
    assert re.search(r"\b1 new article\b", second.message), second.message
    assert sorted(fetched(site, mark)) == sorted(
        ["/robots.txt", "/sitemaps/index.xml", "/sitemaps/news.xml", "/sitemap.xml",
         "/tech/sora-dateless.html"]
    )
    new = stored_paths(db_url, base)["/tech/sora-dateless.html"]
    assert new.published_at == datetime(2026, 11, 21, 10, 0, tzinfo=UTC)  # from news:
    assert new.title == "Sora expands"

    # Nothing changed: one conditional request for the index, answered 304, and nothing else.
    make_due(db_url)
    mark = site.mark()
    cycle(config, db_url, ("sitemap",))
    third = [r for r in site.requests(mark) if r["path"] != "/robots.txt"]
    assert [(r["path"], r["status"]) for r in third] == [("/sitemaps/index.xml", 304)]
    assert "If-None-Match" in third[0]["headers"]


def make_due(db_url: str) -> None:
    """Pretend the adaptive wait is over (the crawl interval in these tests is an hour)."""
    database = Database.open(db_url)
    with database.session() as session, session.begin():
        session.execute(update(Source).values(next_allowed_at=None))
    database.dispose()
