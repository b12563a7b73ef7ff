"""The site spider against a live, changing copy of the test web: follow patterns, depth,
robots.txt, article detection, and a second pass that fetches only the new article."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse
from sqlalchemy import select

from crawler.handlers.sites import looks_like_article
from monitor.config import load_config
from scheduler.daemon import ChildResult, ChildRunner
from storage.engine import Database
from storage.models import Article, Source
from tests.conftest import Site, loopback_crawl
from tests.site_server import DEFAULT_ROOT, running_site

NEW_ARTICLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Tech Wire</title>
<link rel="canonical" href="{{{{BASE}}}}{path}">
{date_meta}
</head><body><main><article class="story"><h1>{title}</h1>
<p>OpenAI said on Monday that Sora, its video generation model, will reach more countries
next month, after a first wave of access in the United States and Canada.</p>
<p>The company said the expansion follows changes to the safety review of uploaded images
of people, which critics of the Sora app had asked for since its launch.</p>
<p>Sora clips carry a visible watermark and C2PA metadata, OpenAI said, and the company
keeps an internal search tool that can trace a video back to Sora.</p>
</article></main></body></html>
"""


@dataclass
class LiveWeb:
    """A copy of the test web that a test may change between crawls, served on loopback."""

    root: Path
    site: Site

    def add_article(
        self, path: str, title: str, *, dated: bool = True, link_from: str = ""
    ) -> str:
        date_meta = (
            '<meta property="article:published_time" content="2026-11-20T08:00:00+00:00">'
            if dated
            else ""
        )
        target = self.root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            NEW_ARTICLE.format(title=title, path=path, date_meta=date_meta), encoding="utf-8"
        )
        if link_from:
            # Newest first, as a home page lists them; every list on the page gets the link.
            index = self.root / link_from
            item = f'<li><a href="{path}">{title}</a></li>'
            text = index.read_text(encoding="utf-8")
            text = text.replace('<ul class="river">', f'<ul class="river">\n  {item}', 1)
            index.write_text(text, encoding="utf-8")
        return path


@pytest.fixture
def live_web(tmp_path: Path) -> Iterator[LiveWeb]:
    root = tmp_path / "web"
    shutil.copytree(DEFAULT_ROOT, root)
    log = tmp_path / "requests.jsonl"
    with running_site(root=root, log=log) as url:
        yield LiveWeb(root, Site(url, log))


def write_config(path: Path, base: str, sources: str, crawl: str = "") -> Path:
    path.write_text(
        loopback_crawl(crawl) + "[schedule]\n"
        'poll_every = "1h"\n'
        'crawl_every = "1h"\n\n' + sources.replace("{BASE}", base),
        encoding="utf-8",
    )
    return path


def cycle(config: Path, db_url: str, kinds: tuple[str, ...]) -> ChildResult:
    """One `run_once` in a child process, as the daemon runs it."""
    result = ChildRunner().run(load_config(config), db_url, kinds)
    assert result.exit_code in (0, 1), result.message
    return result


def stored_paths(db_url: str, base: str) -> dict[str, Article]:
    database = Database.open(db_url)
    try:
        with database.session() as session:
            articles = list(session.scalars(select(Article)))
            session.expunge_all()
        return {a.canonical_url.removeprefix(base): a for a in articles}
    finally:
        database.dispose()


def fetched(site: Site, since: int) -> list[str]:
    return [r["path"] for r in site.requests(since)]


SITE_SOURCE = """
[[sources]]
name = "Tech Wire site"
kind = "site"
url = "{BASE}/"
follow = ["/tech/20\\\\d\\\\d/", "/ar/", "/private/"]
max_depth = 2
"""


def test_site_crawl_follows_patterns_and_then_fetches_only_new_articles(
    live_web: LiveWeb, tmp_path: Path
) -> None:
    site, base = live_web.site, live_web.site.url
    config = write_config(tmp_path / "c.toml", base, SITE_SOURCE)
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"

    first = cycle(config, db_url, ("site",))
    assert "10 new articles" in first.message, first.message
    articles = stored_paths(db_url, base)
    assert set(articles) == {
        "/tech/2025/10/sora-app-top-app-store.html",
        "/tech/2025/09/sora-2-launch.html",
        "/tech/2024/11/sora-clips-spread-on-x.html",
        "/tech/2024/11/openai-pauses-sora-access.html",
        "/tech/2024/11/sora-leak-hugging-face.html",
        "/ar/2025/10/sora-2.html",
        "/ar/2024/11/hal-yajib-tawakhi-alhadhar-min-sora.html",
        "/ar/legacy-meta.html",
        "/ar/legacy-1256.html",
        "/ar/2024/11/sora-leak-hugging-face.html",
    }
    paths = fetched(site, 0)
    assert "/private/secret.html" not in paths  # matches `follow`, but robots.txt says no
    assert not any(p.startswith(("/games/", "/slow")) for p in paths)  # not matching `follow`
    assert "/ar/" in paths  # a hub page: followed, not stored
    assert all(articles[p].source_id is not None for p in articles)

    mark = site.mark()
    new = live_web.add_article(
        "/tech/2026/11/sora-expands.html", "Sora expands to more countries", link_from="index.html"
    )
    second = cycle(config, db_url, ("site",))
    assert re.search(r"\b1 new article\b", second.message), second.message
    # Only the start page, the hub it links to, and the one new article: nothing fetched again.
    assert sorted(fetched(site, mark)) == sorted(["/robots.txt", "/", "/ar/", new])
    assert set(stored_paths(db_url, base)) == set(articles) | {new}


def test_a_new_article_on_a_section_page_counts_as_a_change(
    live_web: LiveWeb, tmp_path: Path
) -> None:
    """The start page lists the same sections, but a section lists a new article: the site
    changed, and it stays due at every run instead of backing off."""
    site, base = live_web.site, live_web.site.url
    config = write_config(tmp_path / "c.toml", base, SITE_SOURCE)
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    cycle(config, db_url, ("site",))
    section = live_web.root / "ar" / "index.html"
    section.write_text(
        section.read_text(encoding="utf-8").replace(
            "<ul>", '<ul>\n  <li><a href="/ar/2026/11/sora-new.html">جديد</a></li>', 1
        ),
        encoding="utf-8",
    )
    new = live_web.add_article("/ar/2026/11/sora-new.html", "Sora expands again")
    second = cycle(config, db_url, ("site",))
    assert re.search(r"\b1 new article\b", second.message), second.message
    database = Database.open(db_url)
    with database.session() as session:
        source = session.scalars(select(Source)).one()
        assert source.unchanged_polls == 0, "a site that brought an article is not unchanged"
    database.dispose()
    mark = site.mark()
    cycle(config, db_url, ("site",))
    assert "/" in fetched(site, mark)  # still due at the next run
    assert new in stored_paths(db_url, base)


def test_an_unchanged_site_is_polled_less_often(live_web: LiveWeb, tmp_path: Path) -> None:
    site, base = live_web.site, live_web.site.url
    config = write_config(tmp_path / "c.toml", base, SITE_SOURCE)
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    cycle(config, db_url, ("site",))
    cycle(config, db_url, ("site",))  # same links on the start page: unchanged
    mark = site.mark()
    third = cycle(config, db_url, ("site",))
    assert fetched(site, mark) == []  # not due yet: nothing requested at all
    assert "0 sources polled" in third.message
    database = Database.open(db_url)
    with database.session() as session:
        source = session.scalars(select(Source)).one()
        assert source.unchanged_polls == 1 and source.next_allowed_at is not None
    database.dispose()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tech/2025/09/sora-2-launch.html", True),  # og:type article
        ("ar/2024/11/sora-leak-hugging-face.html", True),  # JSON-LD NewsArticle
        ("ar/legacy-1256.html", True),
        ("index.html", False),
        ("ar/index.html", False),
    ],
)
def test_article_pages_are_told_from_hub_pages(path: str, expected: bool) -> None:
    body = (DEFAULT_ROOT / path).read_bytes()
    encoding = "windows-1256" if "legacy" in path else "utf-8"
    response = HtmlResponse(f"http://127.0.0.1/{path}", body=body, encoding=encoding)
    assert looks_like_article(response) is expected
