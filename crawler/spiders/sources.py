"""`SourceSpider`: one spider for every kind of source, a handler object per kind.

The spider's callbacks are the only ones requests name (so that a request can be serialised
into a shared queue); each hands the response to the handler of its source's kind
(`crawler.handlers`). Before a callback's requests and articles leave, the spider hands what
the callback found to `SourceHealth`: the poll's answer, the article pages it may send per
site, and how many requests and articles are now pending for the poll. No class here has a
`name`, so Scrapy's spider loader registers none of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterable, AsyncIterator, Mapping
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import stats
from crawler.exceptions import CrawlInterrupted
from crawler.handlers.base import SourceHandler
from crawler.health import SourceHealth
from crawler.items import ArticleItem, LeftOver, PollRef
from crawler.resources import config_for
from monitor.config import Config, Source
from monitor.errors import StorageError
from monitor.polling import PollAnswer
from monitor.states import SourceKind
from monitor.urls import URLPolicy


def _flag(value: Any) -> bool:
    # Spider arguments arrive as strings from `scrapy crawl -a force=1`.
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    return tuple(name.strip() for name in value or () if name.strip())


class SourceSpider(Spider):
    """Dispatches each response to the handler of its source's kind, and settles the poll.

    Spider argument `only` limits the crawl to the named sources (comma-separated).
    """

    handler_classes: Mapping[SourceKind, type[SourceHandler]] = {}

    config: Config
    policy: URLPolicy
    sources: dict[str, Source]  # by name: requests name their source
    handlers: dict[SourceKind, SourceHandler]
    health: SourceHealth  # the database's owner, taken when the crawl starts

    def __init__(self, *args: Any, only: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.only = _names(only)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.config = config_for(crawler)
        crawl = spider.config.crawl
        spider.policy = URLPolicy.from_settings(crawl.allowed_schemes, crawl.private_hosts)
        spider.sources = {s.name: s for s in spider.config.sources}
        # One handler object per class, shared by the kinds it handles.
        made: dict[type[SourceHandler], SourceHandler] = {}
        spider.handlers = {
            kind: made.setdefault(handler, handler(spider))
            for kind, handler in cls.handler_classes.items()
        }
        return spider

    async def start(self) -> AsyncIterator[Any]:
        # The extensions are built after the spider: take the database's owner now.
        self.health = SourceHealth.of(self.crawler)
        async for request in self.source_requests():
            yield request

    def source_requests(self) -> AsyncIterator[Request]:
        raise NotImplementedError

    def _handler(self, request: Request | Response) -> SourceHandler:
        return self.handlers[SourceKind(request.meta["sora_kind"])]

    # -- callbacks, by name ---------------------------------------------------------------

    async def parse_source(self, response: Response) -> AsyncIterator[Any]:
        """The source's own URL answered."""
        outputs = self._handler(response).parse_source(response)
        async for output in self._release(response.meta, outputs):
            yield output

    async def parse_child(self, response: Response) -> AsyncIterator[Any]:
        """A page the source's answer led to that is read for more links (a child sitemap)."""
        outputs = self._handler(response).parse_child(response)
        async for output in self._release(response.meta, outputs):
            yield output

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        """An article page (or, on a site, a page that may be one)."""
        outputs = self._handler(response).parse_article(response)
        async for output in self._release(response.meta, outputs):
            yield output

    async def source_failed(self, failure: Failure) -> AsyncIterator[Any]:
        async for output in self._failed(failure, "source_failed"):
            yield output

    async def child_failed(self, failure: Failure) -> AsyncIterator[Any]:
        async for output in self._failed(failure, "child_failed"):
            yield output

    async def article_failed(self, failure: Failure) -> AsyncIterator[Any]:
        async for output in self._failed(failure, "article_failed"):
            yield output

    async def _failed(self, failure: Failure, errback: str) -> AsyncIterator[Any]:
        """A failed request goes to its handler's `errback`, unless the crawl's stop dropped it:
        then it was never sent, and stays pending in its poll for the next run."""
        if failure.check(CrawlInterrupted):
            return
        request = failure.request  # type: ignore[attr-defined]
        outputs = getattr(self._handler(request), errback)(failure)
        async for output in self._release(request.meta, outputs):
            yield output

    # -- the poll's ledger ----------------------------------------------------------------

    async def _release(
        self, meta: Mapping[str, Any], outputs: AsyncIterable[Any]
    ) -> AsyncIterator[Any]:
        """Let a callback's outputs go once `SourceHealth` has recorded what they mean for
        the poll: its answer, the article pages granted per site (those over [crawl]
        max_pages_per_site are dropped), and the requests and articles now pending."""
        poll: PollRef | None = meta.get("sora_poll")
        found = [output async for output in outputs]
        if poll is None:  # nothing to record (`sources check`)
            for output in found:
                if not isinstance(output, LeftOver):
                    yield output
            return
        answer = next((o for o in found if isinstance(o, PollAnswer)), None)
        pages = Counter(
            urlsplit(o.url).hostname or "" for o in found if self._is_article_request(o)
        )
        sent = sum(
            1
            for o in found
            if isinstance(o, (ArticleItem, LeftOver))  # a LeftOver is never settled
            or (isinstance(o, Request) and not self._is_article_request(o))
        )
        if answer is not None:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(stats.polled(answer.status))
        try:
            granted = await self.health.release(poll, answer, pages=pages, sent=sent)
        except StorageError as exc:
            # Nothing of it leaves: the poll stays pending (unanswered, or with its requests
            # uncounted), so the next run polls the source again and fetches what it led to.
            source = meta.get("sora_source")
            self.logger.error("What source %r answered was not recorded: %s", source, exc)
            self.health.storage_failed(exc, stats.ANSWERS_UNRECORDED)
            return
        for output in found:
            if isinstance(output, (PollAnswer, LeftOver)):
                continue
            if self._is_article_request(output):
                host = urlsplit(output.url).hostname or ""
                if granted.get(host, 0) <= 0:
                    self.health.count(stats.PAGES_CAPPED, 1, poll)
                    continue
                granted[host] -= 1
            yield output

    @staticmethod
    def _is_article_request(output: Any) -> bool:
        return isinstance(output, Request) and bool(output.meta.get("sora_article"))
