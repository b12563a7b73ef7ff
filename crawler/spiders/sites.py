"""The `sites` spider: crawl a news site from its start URL for article pages not stored yet.

Only links on the start page's site that match the source's `follow` patterns (every link on
the site when it has none) are followed, `max_depth` links deep and at most
`max_pages_per_site` pages per run. A page that looks like an article (og:type article,
article:published_time, JSON-LD NewsArticle and kin, or one <article> with text) is stored as
one; every fetched page's links are followed further while depth allows. Article URLs already
stored are never requested again, so a second pass fetches only what is new.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawler import stats
from crawler.failures import HARD
from crawler.items import SourceCheck
from crawler.spiders.sources import SourceSpider
from monitor.analysis import FeedEntry, Page
from monitor.config import Source
from monitor.errors import UnsafeURLError
from monitor.jsonld import json_ld_objects, json_ld_types
from monitor.states import FetchStatus, PollOutcome, PollStatus, SourceKind
from monitor.urls import canonicalize, site_of
from storage.queries import FeedState

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "techarticle",
        "report",
    }
)
MIN_ARTICLE_TEXT = 400  # characters of paragraph text in a lone <article> element


def looks_like_article(response: TextResponse) -> bool:
    """Whether the page presents itself as one article (not a section or home page)."""
    og_type = response.xpath("//meta[@property='og:type']/@content").get("")
    if og_type.strip().lower() == "article":
        return True
    if response.xpath(
        "//meta[@property='article:published_time' or @name='article:published_time']"
    ):
        return True
    scripts = response.xpath("//script[@type='application/ld+json']/text()").getall()
    if any(ARTICLE_TYPES.intersection(json_ld_types(item)) for item in json_ld_objects(scripts)):
        return True
    articles = response.xpath("//article")
    if len(articles) == 1:
        text = " ".join(articles[0].xpath(".//p//text()").getall())
        return len(re.sub(r"\s+", " ", text).strip()) >= MIN_ARTICLE_TEXT
    return False


class SitesSpider(SourceSpider):
    name = "sites"
    source_kinds: tuple[SourceKind, ...] = (SourceKind.SITE,)

    def source_requests(self, source: Source, state: FeedState | None) -> Iterator[Request]:
        # No conditional GET here: a home page's bytes change with every ad and clock, and a
        # 304 would leave no links to follow. The set of links decides "changed" instead.
        yield Request(
            source.url,
            callback=self.parse_page,
            errback=self.source_failed,
            dont_filter=True,
            priority=10,
            meta={
                "sora_source": source,
                "sora_depth": 0,
                "sora_body_hash": state.body_hash if state and not self.check else None,
            },
        )

    def _links(self, response: TextResponse, source: Source) -> list[str]:
        site = site_of(source.url)
        patterns = [re.compile(p) for p in source.follow]
        links: dict[str, None] = {}
        for href in response.xpath("//a/@href").getall():
            url = urljoin(response.url, href.strip())
            try:
                self.policy.check_syntax(url)
            except UnsafeURLError:
                continue  # mailto:, javascript:, ftp: ... are not pages
            if site_of(url) != site:
                continue
            url = canonicalize(url)
            if patterns and not any(p.search(url) for p in patterns):
                continue
            links[url] = None
        links.pop(canonicalize(source.url), None)
        return list(links)

    async def parse_page(self, response: Response) -> AsyncIterator[Any]:
        source: Source = response.meta["sora_source"]
        depth: int = response.meta.get("sora_depth", 0)
        start = depth == 0
        if not isinstance(response, TextResponse):
            if start:
                error = "the start page is not a web page"
                if self.check:
                    yield SourceCheck(
                        source.name, source.kind, source.url, PollStatus.FAILED, error=error
                    )
                else:
                    yield self.failed_outcome(source, error, HARD)
            return
        if not start and looks_like_article(response):
            entry: FeedEntry = response.meta["sora_entry"]
            self._inc(stats.PAGES_FETCHED)
            # Only unknown URLs are requested, so an article here is new: the site changed,
            # though its start page may list the same sections as before.
            self.note_poll(source, PollOutcome.CHANGED)
            now = datetime.now(UTC)
            yield Page(entry.link, response.url, response.text, now, FetchStatus.OK, None, entry)
        elif not start:
            self._inc(stats.HUB_PAGES)
        links = self._links(response, source) if depth < source.max_depth else []
        new = await asyncio.to_thread(self.unknown_urls, links)
        if start:
            digest = hashlib.sha256("\n".join(sorted(links)).encode()).hexdigest()
            if self.check:
                # Which links are articles shows only when they are fetched: a check counts
                # links (section pages among them), and leaves `articles` blank.
                yield SourceCheck(
                    source.name,
                    source.kind,
                    source.url,
                    PollStatus.OK,
                    entries=len(links),
                    new=len(new),
                )
                return
            unchanged = digest == response.meta.get("sora_body_hash")
            status = PollStatus.UNCHANGED if unchanged else PollStatus.OK
            yield self.ok_outcome(source, status, body_hash=digest, entries=len(links))
        for url in new:
            entry = FeedEntry(source=source.name, link=url, language=source.language)
            request = self.article_request(url, entry, callback=self.parse_page, depth=depth + 1)
            if request is not None:
                request.meta["sora_source"] = source
                yield request
