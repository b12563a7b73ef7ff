"""Google News' opaque links decoded through the crawl: the article page, then batchexecute.

Since mid-2024 a Google News RSS item links to `news.google.com/rss/articles/<opaque id>`,
whose page is a script interstitial, not a redirect. As the maintained decoders do, the crawl
reads the page's signature and timestamp (`data-n-a-sg`, `data-n-a-ts`) and POSTs a
`garturlreq` to Google's undocumented `batchexecute` endpoint, which answers with the outlet's
URL (`monitor.aggregators` builds and reads both). Both are Scrapy requests, so politeness,
robots.txt, retries and the URL policy apply to them as to any other. At most [crawl]
max_decodes links are decoded per run (per crawl process); an item that is not resolved (the
cap, a failure, a changed format) is kept as a feed-only article under a placeholder key,
with the link as its provenance, and resolved by a later run.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler import stats
from crawler.exceptions import UnsafeRequest
from crawler.failures import classify
from crawler.handlers.base import Output, poll_of
from crawler.items import ArticleItem, LeftOver, PollRef
from monitor.aggregators import (
    GOOGLE_NEWS,
    GOOGLE_NEWS_URL,
    DecodeParams,
    article_page_url,
    batchexecute_body,
    batchexecute_url,
    google_article_id,
    read_batchexecute,
    read_decode_params,
    unresolved_key,
)
from monitor.articles import FeedEntry, Page
from monitor.config import Source
from monitor.errors import AggregatorFormatError, UnsafeURLError
from monitor.states import FetchStatus
from monitor.urls import canonicalize
from storage.health import record_problem
from storage.queries import resolve_provenance

if TYPE_CHECKING:
    from crawler.handlers.feeds import FeedHandler

logger = logging.getLogger(__name__)

STEP = "sora_decode"  # request meta: which answer this is ("page" or "answer")
KEPT = "sora_kept"  # request meta: the item is stored already under its placeholder key


class GoogleNewsDecoder:
    """Decodes a feed handler's opaque Google News links, within the run's cap."""

    def __init__(self, handler: FeedHandler) -> None:
        self.handler = handler
        spider = handler.spider
        self.left = spider.config.crawl.max_decodes
        # A spider outside a crawl (the plan queued for Redis workers) has no settings; it
        # only builds the feeds' requests, and the workers decode with their own.
        crawler = getattr(spider, "crawler", None)
        configured = crawler.settings.get("SORA_GOOGLE_NEWS_URL") if crawler else None
        self.base = configured or GOOGLE_NEWS_URL
        self._capped_logged = False
        self._format_noted: set[str] = set()

    # -- the feed's items -----------------------------------------------------------------

    async def start(
        self, source: Source, poll: PollRef | None, entry: FeedEntry, kept: bool
    ) -> Output:
        """A request for the item's article page, or, past the cap, the item kept feed-only."""
        article_id = google_article_id(entry.provenance or entry.link)
        if article_id is None:  # resolve_link said "decode": it has an id
            return
        if self.left <= 0:
            self.handler.count(stats.AGGREGATOR_CAPPED, 1, poll)
            if not self._capped_logged:
                self._capped_logged = True
                logger.warning(
                    "%s links past [crawl] max_decodes (%d) are kept feed-only; a later run "
                    "resolves them",
                    GOOGLE_NEWS,
                    self.handler.config.crawl.max_decodes,
                )
            if not kept:
                yield self.kept(entry, poll, "not resolved yet: [crawl] max_decodes reached")
            yield LeftOver(f"{entry.link}: [crawl] max_decodes reached")
            return
        self.left -= 1
        self.handler.count(stats.aggregator("decode"), 1, poll)
        yield Request(
            article_page_url(article_id, entry.link, self.base),
            callback=self.handler.spider.parse_child,
            errback=self.handler.spider.child_failed,
            meta=self.handler.meta(
                source, poll, sora_entry=entry, **{STEP: "page", KEPT: kept}
            ),
        )

    def kept(self, entry: FeedEntry, poll: PollRef | None, why: str) -> ArticleItem:
        """The item as a feed-only article under its placeholder key: its title, outlet
        (`<source>`), date and summary, the aggregator link as its provenance."""
        key = unresolved_key(entry.link)
        self.handler.count(stats.AGGREGATOR_KEPT, 1, poll)
        page = Page(
            key,
            key,
            None,
            datetime.now(UTC),
            FetchStatus.FAILED,
            f"{GOOGLE_NEWS} link {why}",
            replace(entry, link=key, provenance=entry.link),
        )
        return ArticleItem(page, poll, GOOGLE_NEWS)

    # -- the answers ----------------------------------------------------------------------

    async def parse(self, response: Response) -> Output:
        if response.meta[STEP] == "page":
            async for output in self._page(response):
                yield output
        else:
            async for output in self._answer(response):
                yield output

    async def _page(self, response: Response) -> Output:
        entry: FeedEntry = response.meta["sora_entry"]
        source, poll = self.handler.source(response), poll_of(response)
        article_id = google_article_id(entry.link) or ""
        landed = urlsplit(response.url).hostname
        if landed != urlsplit(self.base).hostname:
            # Sent elsewhere (a consent or "sorry" page): a refusal, not a changed format.
            self.handler.count(stats.error("google_news_redirected"), 1, poll)
            logger.warning("%s sent the decoder to %s: %s kept feed-only", GOOGLE_NEWS, landed,
                           entry.link)
            if not response.meta.get(KEPT):
                yield self.kept(entry, poll, f"not resolved: Google sent it to {landed}")
            yield LeftOver(f"{entry.link}: redirected to {landed}")
            return
        try:
            if not isinstance(response, TextResponse):
                raise AggregatorFormatError(GOOGLE_NEWS, "the article page is not text")
            params: DecodeParams = read_decode_params(article_id, response.text)
        except AggregatorFormatError as exc:
            async for output in self._format_changed(source, poll, entry, exc, response):
                yield output
            return
        yield Request(
            batchexecute_url(self.base),
            method="POST",
            body=batchexecute_body(params),
            headers={"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"},
            callback=self.handler.spider.parse_child,
            errback=self.handler.spider.child_failed,
            meta={**response.meta, STEP: "answer"},
        )

    async def _answer(self, response: Response) -> Output:
        entry: FeedEntry = response.meta["sora_entry"]
        source, poll = self.handler.source(response), poll_of(response)
        try:
            if not isinstance(response, TextResponse):
                raise AggregatorFormatError(GOOGLE_NEWS, "the batchexecute answer is not text")
            target = read_batchexecute(response.text)
        except AggregatorFormatError as exc:
            async for output in self._format_changed(source, poll, entry, exc, response):
                yield output
            return
        try:
            self.handler.spider.policy.check_syntax(target)
        except UnsafeURLError as exc:
            self.handler.count(stats.refused(exc.reason), 1, poll)
            logger.warning("%s link %s leads to a refused URL: %s", GOOGLE_NEWS, entry.link, exc)
            if not response.meta.get(KEPT):
                yield self.kept(entry, poll, f"leads to a refused URL ({exc.reason})")
            return  # refused for good: nothing left to do
        url = canonicalize(target)
        self.handler.count(stats.aggregator("decoded"), 1, poll)
        resolved = replace(entry, link=url, provenance=entry.link)
        if await self.handler.unknown_urls([url]):
            yield self.handler.article_request(source, poll, resolved, via=GOOGLE_NEWS)
            return
        # Stored already (another feed found it): it takes the link as its provenance, and
        # the placeholder kept for the link, if any, is folded into it.
        self.handler.count(stats.ARTICLES_SKIPPED_KNOWN, 1, poll)
        await self.handler.spider.health.database.write(
            partial(resolve_provenance, link=entry.link, url=url)
        )
        self.handler.spider.health.discovered_via(url, GOOGLE_NEWS)

    async def failed(self, failure: Failure) -> Output:
        """The article page or the batchexecute POST failed: the item is kept feed-only."""
        request = failure.request  # type: ignore[attr-defined]
        entry: FeedEntry = request.meta["sora_entry"]
        poll = poll_of(request)
        info = classify(failure)
        self.handler.count(stats.error(f"google_news_{info.kind}"), 1, poll)
        if not failure.check(UnsafeRequest):
            logger.warning(
                "%s link %s could not be decoded (%s)", GOOGLE_NEWS, entry.link, info.message
            )
        if not request.meta.get(KEPT):
            yield self.kept(entry, poll, f"not resolved: {info.message}")
        yield LeftOver(f"{entry.link}: {info.message}")

    async def _format_changed(
        self,
        source: Source,
        poll: PollRef | None,
        entry: FeedEntry,
        exc: AggregatorFormatError,
        response: Response,
    ) -> Output:
        """Google changed its page or endpoint: the source's health says so (once a run),
        the item is kept feed-only."""
        self.handler.count(stats.error("google_news_format"), 1, poll)
        if source.name not in self._format_noted:
            self._format_noted.add(source.name)
            logger.error("Source %r: %s", source.name, exc)
            await self.handler.spider.health.database.write(
                partial(record_problem, name=source.name, error=str(exc))
            )
        if not response.meta.get(KEPT):
            yield self.kept(entry, poll, f"not resolved: {exc.detail}")
        yield LeftOver(f"{entry.link}: {exc.detail}")

