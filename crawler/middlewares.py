"""Downloader middlewares: refuse unsafe URLs (also after redirects), skip stored articles."""

from __future__ import annotations

import asyncio
import logging
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.resources import config_for, database_for
from monitor.errors import UnsafeURLError
from monitor.urls import URLPolicy
from storage.queries import known_urls

logger = logging.getLogger(__name__)


class UnsafeRequest(IgnoreRequest):
    """The URL policy refused this request."""


class KnownArticle(IgnoreRequest):
    """The article is stored already; its page is not fetched again."""


class SafeURLMiddleware:
    """Refuse requests to other schemes, private and link-local addresses.

    Every request passes here, including robots.txt requests and the new request a redirect
    makes, so a public URL that redirects to 169.254.169.254 is refused too.
    """

    def __init__(self, crawler: Crawler, policy: URLPolicy) -> None:
        self.crawler = crawler
        self.policy = policy
        self._verdicts: dict[str, UnsafeURLError | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        crawl = config_for(crawler).crawl
        return cls(crawler, URLPolicy.from_settings(crawl.allowed_schemes, crawl.private_hosts))

    async def process_request(self, request: Request) -> None:
        try:
            host = self.policy.check_syntax(request.url)
            verdict = self._verdicts.get(host, ...)
            if verdict is ...:
                try:
                    # Resolving blocks; do it off the reactor thread, once per host and crawl.
                    await asyncio.to_thread(self.policy.check, request.url)
                    verdict = None
                except UnsafeURLError as exc:
                    verdict = exc
                self._verdicts[host] = verdict
            if verdict is not None:
                raise verdict
        except UnsafeURLError as exc:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(f"sora/refused/{exc.reason}")
            logger.warning("%s", exc)
            raise UnsafeRequest(str(exc)) from exc


class KnownArticleMiddleware:
    """Skip article requests whose URL is already stored (the check runs before robots.txt)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _is_known(self, url: str) -> bool:
        database = database_for(self.crawler)
        with database.session() as session, session.begin():
            return bool(known_urls(session, [url]))

    async def process_request(self, request: Request) -> None:
        if not request.meta.get("sora_article"):
            return None
        if await asyncio.to_thread(self._is_known, request.url):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("sora/articles/skipped_known")
            raise KnownArticle(request.url)
        return None
