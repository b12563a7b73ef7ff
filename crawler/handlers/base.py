"""What every source handler shares: requests for a poll, article requests and pages, failures.

A handler fetches one kind of source for the spider. It never writes: it yields requests,
`ArticleItem`s and, once per poll, the source's `PollAnswer`, and the spider hands the answer
and the pending work to `SourceHealth` before anything leaves. Requests name the spider's
callbacks (`parse_source`, `parse_child`, `parse_article` and their errbacks), which hand each
response to the handler of its source's kind: a request can then be serialised into a shared
queue and be fetched by another process.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler import stats
from crawler.exceptions import KnownArticle, UnsafeRequest
from crawler.failures import classify
from crawler.items import ArticleItem, PollRef
from crawler.middlewares import retry_after_seconds
from monitor.aggregators import aggregator_of
from monitor.articles import FeedEntry, Page
from monitor.charsets import decode_body
from monitor.config import Config, Source
from monitor.plaintext import plain_text_html
from monitor.polling import PlannedPoll, PollAnswer
from monitor.states import FetchStatus, PollStatus
from monitor.urls import canonicalize
from storage.queries import known_urls

if TYPE_CHECKING:
    from crawler.spiders.sources import SourceSpider

logger = logging.getLogger(__name__)

Output = AsyncIterator[Any]


def header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def page_text(response: TextResponse) -> str:
    """The page as text, its charset decided by its bytes (`monitor.charsets`), a `text/plain`
    answer made into the HTML the extraction reads."""
    content_type = header(response, "Content-Type")
    text = decode_body(response.body, content_type).text
    if (content_type or "").split(";")[0].strip().lower() == "text/plain":
        return plain_text_html(text)
    return text


def poll_of(response_or_request: Response | Request) -> PollRef | None:
    return response_or_request.meta.get("sora_poll")


class SourceHandler:
    """Fetches one kind of source: its request, and what its answers lead to."""

    def __init__(self, spider: SourceSpider) -> None:
        self.spider = spider

    @property
    def config(self) -> Config:
        return self.spider.config

    # -- requests -------------------------------------------------------------------------

    def meta(self, source: Source, poll: PollRef | None, **extra: Any) -> dict[str, Any]:
        """A request's meta: plain values that pickle (the source goes by name)."""
        return {"sora_kind": source.kind, "sora_source": source.name, "sora_poll": poll, **extra}

    def source(self, response: Response | Request) -> Source:
        return self.spider.sources[response.meta["sora_source"]]

    def source_request(self, poll: PlannedPoll, ref: PollRef | None) -> Request:
        """The request for the source's own URL."""
        return self.get(poll, ref)

    def get(
        self, poll: PlannedPoll, ref: PollRef | None, *, headers: Any = None, **meta: Any
    ) -> Request:
        """A GET for the source's own URL, answered to `parse_source` or `source_failed`."""
        source = poll.source
        return Request(
            source.url,
            headers=headers,
            callback=self.spider.parse_source,
            errback=self.spider.source_failed,
            dont_filter=True,
            priority=10,
            meta=self.meta(source, ref, sora_depth=0, **meta),
        )

    def conditional_get(self, poll: PlannedPoll, ref: PollRef | None) -> Request:
        """A conditional GET for the source's own URL with the poll's stored validators; the
        body's hash tells "unchanged" when the server ignores them."""
        headers: dict[str, str] = {}
        if poll.etag:
            headers["If-None-Match"] = poll.etag
        if poll.last_modified:
            headers["If-Modified-Since"] = poll.last_modified
        return self.get(
            poll,
            ref,
            headers=headers,
            sora_body_hash=poll.body_hash,
            handle_httpstatus_list=[304],
        )

    def article_request(
        self,
        source: Source,
        poll: PollRef | None,
        entry: FeedEntry,
        *,
        via: str | None = None,
        depth: int | None = None,
    ) -> Request:
        """A request for an article page (the spider holds it to [crawl] max_pages_per_site)."""
        meta = self.meta(source, poll, sora_article=True, sora_entry=entry, sora_via=via)
        if depth is not None:
            meta["sora_depth"] = depth
        return Request(
            entry.link,
            callback=self.spider.parse_article,
            errback=self.spider.article_failed,
            meta=meta,
        )

    # -- what the crawl counts and reads --------------------------------------------------

    def count(self, key: str, n: int = 1, poll: PollRef | None = None) -> None:
        self.spider.health.count(key, n, poll)

    async def unknown_urls(self, urls: list[str]) -> list[str]:
        """Those of `urls` not stored yet (one query; KnownArticleMiddleware checks again)."""
        if not urls:
            return []
        known = await self.spider.health.database.read(lambda s: known_urls(s, urls))
        return [url for url in urls if url not in known]

    # -- callbacks: the spider hands each response here -----------------------------------

    async def parse_source(self, response: Response) -> Output:
        raise NotImplementedError
        yield  # pragma: no cover

    async def parse_child(self, response: Response) -> Output:
        raise NotImplementedError
        yield  # pragma: no cover

    async def child_failed(self, failure: Failure) -> Output:
        raise NotImplementedError
        yield  # pragma: no cover

    async def source_failed(self, failure: Failure) -> Output:
        """The source's own request failed: a failed poll, with the server's Retry-After."""
        request = failure.request  # type: ignore[attr-defined]
        source, poll = self.source(request), poll_of(request)
        info = classify(failure)
        self.count(stats.error(f"feed_{info.kind}"), 1, poll)
        logger.error("Source %r (%s) failed: %s", source.name, source.url, info.message)
        retry_after = None
        response = getattr(failure.value, "response", None)
        if response is not None and response.status in (429, 503):
            seconds = retry_after_seconds(response.headers.get("Retry-After"))
            if seconds:
                retry_after = datetime.now(UTC) + timedelta(seconds=seconds)
        yield PollAnswer(
            PollStatus.FAILED, error=info.message, weight=info.weight, retry_after=retry_after,
            cause=info.kind,
        )

    async def parse_article(self, response: Response) -> Output:
        """An article page: an `ArticleItem` to analyse and store."""
        entry: FeedEntry = response.meta["sora_entry"]
        poll = poll_of(response)
        now = datetime.now(UTC)
        via = response.meta.get("sora_via")  # resolved from the feed alone
        through = aggregator_of(entry.link)  # an aggregator's link, followed to the outlet
        if through is not None:
            via = through
            if aggregator_of(response.url):
                # Still on the aggregator after its redirects: no outlet URL to store.
                self.count(stats.AGGREGATOR_UNRESOLVED, 1, poll)
                logger.warning("%s link %s did not lead to an outlet", via, entry.link)
                return
            self.count(stats.AGGREGATOR_REDIRECT, 1, poll)
        if not isinstance(response, TextResponse):
            self.count(stats.PAGES_FAILED, 1, poll)
            self.count(stats.error("not_text"), 1, poll)
            content_type = header(response, "Content-Type") or "no content type"
            error = f"not a web page ({content_type})"
            page = Page(entry.link, response.url, None, now, FetchStatus.FAILED, error, entry)
            yield ArticleItem(page, poll, via)
            return
        self.count(stats.PAGES_FETCHED, 1, poll)
        page = Page(entry.link, response.url, page_text(response), now, FetchStatus.OK, None, entry)
        yield ArticleItem(page, poll, via)

    async def article_failed(self, failure: Failure) -> Output:
        """An article page failed: keep what the feed said of it, when it said something."""
        request = failure.request  # type: ignore[attr-defined]
        entry: FeedEntry | None = request.meta.get("sora_entry")
        poll, via = poll_of(request), request.meta.get("sora_via")
        if entry is None:
            return
        if failure.check(KnownArticle):
            if via is not None:
                self.spider.health.discovered_via(canonicalize(request.url), via)
            return
        if failure.check(UnsafeRequest):
            return
        info = classify(failure)
        self.count(stats.PAGES_FAILED, 1, poll)
        self.count(stats.error(info.kind), 1, poll)
        if aggregator_of(entry.link) or not (entry.title or entry.summary):
            # Nothing to keep: no outlet URL to store it under, or no text to store.
            logger.warning("Page %s could not be fetched (%s)", entry.link, info.message)
            return
        logger.warning(
            "Article %s could not be fetched (%s); keeping the feed's summary",
            entry.link,
            info.message,
        )
        now = datetime.now(UTC)
        page = Page(entry.link, request.url, None, now, info.fetch_status, info.message, entry)
        yield ArticleItem(page, poll, via)
