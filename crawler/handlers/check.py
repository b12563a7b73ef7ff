"""`sources check`: each source fetched once and read as a crawl would; nothing followed or stored.

One handler for every kind: a feed's entries and their article links, a site's links, a
sitemap's URLs (an index waits for its children), each with how many are not stored yet, as
one `SourceCheck` per source. No conditional GET (a 304 would say nothing), no poll recorded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.failures import classify
from crawler.handlers.base import Output, SourceHandler
from crawler.handlers.feeds import read_feed
from crawler.handlers.sitemaps import (
    children,
    parse_sitemap,
    sitemap_body,
    wanted_articles,
)
from crawler.handlers.sites import NOT_A_PAGE, site_links
from crawler.items import PollRef, SourceCheck
from monitor.config import Source
from monitor.errors import NotASitemap
from monitor.polling import PlannedPoll
from monitor.states import PollStatus, SourceKind

if TYPE_CHECKING:
    from crawler.spiders.sources import SourceSpider

logger = logging.getLogger(__name__)


@dataclass
class _Tally:
    """A sitemap's counts while its index's children come in."""

    pending: int = 0  # child sitemaps not read yet
    entries: int = 0
    articles: int = 0
    new: int = 0


class CheckHandler(SourceHandler):
    def __init__(self, spider: SourceSpider) -> None:
        super().__init__(spider)
        self.tallies: dict[str, _Tally] = {}

    def _count(self, key: str, n: int) -> None:
        self.count(key, n)

    def source_request(self, poll: PlannedPoll, ref: PollRef | None) -> Request:
        return self.get(poll, None)  # a plain GET; no poll to record

    @staticmethod
    def failed(source: Source, error: str) -> SourceCheck:
        return SourceCheck(source.name, source.kind, source.url, PollStatus.FAILED, error=error)

    async def source_failed(self, failure: Failure) -> Output:
        request = failure.request  # type: ignore[attr-defined]
        source = self.source(request)
        info = classify(failure)
        logger.error("Source %r (%s) failed: %s", source.name, source.url, info.message)
        yield self.failed(source, info.message)

    async def parse_source(self, response: Response) -> Output:
        source = self.source(response)
        if source.kind == SourceKind.SITE:
            yield await self._site(response, source)
        elif source.kind == SourceKind.SITEMAP:
            async for output in self._sitemap(response, source, start=True):
                yield output
        else:
            yield await self._feed(response, source)

    async def parse_child(self, response: Response) -> Output:
        async for output in self._sitemap(response, self.source(response), start=False):
            yield output

    async def child_failed(self, failure: Failure) -> Output:
        request = failure.request  # type: ignore[attr-defined]
        logger.warning("Sitemap %s failed: %s", request.url, failure.value)
        for check in self._tally(self.source(request), _Tally(pending=-1)):
            yield check

    async def _feed(self, response: Response, source: Source) -> SourceCheck:
        read = read_feed(response, source, self.spider.policy, self._count)
        if read.unreadable:
            logger.error("Feed %r (%s) is not a readable feed", source.name, source.url)
            return self.failed(source, f"not a feed: {read.problem}")
        links = list(dict.fromkeys(e.link for e in read.entries))
        new = await self.unknown_urls(links)
        return SourceCheck(
            source.name,
            source.kind,
            source.url,
            PollStatus.OK,
            entries=read.total,
            articles=len(links),
            new=len(new),
            error=f"malformed: {read.problem}" if read.problem else None,
        )

    async def _site(self, response: Response, source: Source) -> SourceCheck:
        if not isinstance(response, TextResponse):
            return self.failed(source, NOT_A_PAGE)
        links = site_links(response, source, self.spider.policy) if source.max_depth > 0 else []
        new = await self.unknown_urls(links)
        # Which links are articles shows only when they are fetched: a check counts links
        # (section pages among them), and leaves `articles` blank.
        return SourceCheck(
            source.name, source.kind, source.url, PollStatus.OK, entries=len(links), new=len(new)
        )

    async def _sitemap(self, response: Response, source: Source, *, start: bool) -> Output:
        try:
            kind, entries = parse_sitemap(
                sitemap_body(response, self.config.crawl.max_page_bytes)
            )
        except NotASitemap as exc:
            error = f"not a sitemap: {exc}"
            logger.error("Sitemap %s of %r: %s", response.url, source.name, error)
            if start:
                yield self.failed(source, error)
            else:
                for check in self._tally(source, _Tally(pending=-1)):
                    yield check
            return
        # The source's report waits for an index's children (each counts itself out).
        found = _Tally(pending=0 if start else -1)
        if kind == "sitemapindex":
            urls = children(response, entries, response.meta.get("sora_depth", 0))
            found.pending += len(urls)
            for url in urls:
                request = Request(
                    url,
                    callback=self.spider.parse_child,
                    errback=self.spider.child_failed,
                    priority=10,
                    meta=self.meta(source, None, sora_depth=response.meta["sora_depth"] + 1),
                )
                yield request
        else:
            articles = wanted_articles(response, source, entries, self.spider.policy, self._count)
            found.entries, found.articles = len(entries), len(articles)
            found.new = len(await self.unknown_urls([a.loc for a in articles]))
        for check in self._tally(source, found):
            yield check

    def _tally(self, source: Source, found: _Tally) -> list[SourceCheck]:
        """Add up an index's children; report the source when the last one is in."""
        tally = self.tallies.setdefault(source.name, _Tally())
        tally.pending += found.pending
        tally.entries += found.entries
        tally.articles += found.articles
        tally.new += found.new
        if tally.pending > 0:
            return []
        del self.tallies[source.name]
        check = SourceCheck(
            source.name,
            source.kind,
            source.url,
            PollStatus.OK,
            tally.entries,
            tally.articles,
            tally.new,
        )
        return [check]
