"""The `feeds` spider: poll RSS/Atom and search feeds with conditional GET, fetch new articles."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import feedparser
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.failures import HARD, classify
from crawler.items import FeedOutcome
from crawler.middlewares import KnownArticle, UnsafeRequest
from crawler.resources import config_for, database_for
from monitor.analysis import FeedEntry, Page
from monitor.claims import load_catalogue
from monitor.config import Config, Source
from monitor.errors import UnsafeURLError
from monitor.urls import URLPolicy, canonicalize
from storage.queries import FeedState, feed_states, sync_sources
from storage.sightings import sync_claims

logger = logging.getLogger(__name__)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime(*parsed[:6], tzinfo=UTC)
            except (TypeError, ValueError):
                continue
    return None


def _entry_summary(entry: Any) -> str | None:
    for content in entry.get("content") or []:
        if content.get("value"):
            return content["value"]
    return entry.get("summary") or entry.get("description")


class FeedsSpider(Spider):
    name = "feeds"
    source_kinds: tuple[str, ...] = ("feed", "search")

    config: Config
    policy: URLPolicy

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.config = config_for(crawler)
        crawl = spider.config.crawl
        spider.policy = URLPolicy.from_settings(crawl.allowed_schemes, crawl.private_hosts)
        spider.pages_per_host: Counter[str] = Counter()
        return spider

    def _sources(self) -> list[Source]:
        return [s for s in self.config.sources if s.kind in self.source_kinds and s.enabled]

    def _prepare(self, sources: list[Source]) -> dict[str, FeedState]:
        database = database_for(self.crawler)
        claims = self.config.claims
        catalogue = load_catalogue(claims.catalogue, claims.mode)  # type: ignore[arg-type]
        with database.session() as session, session.begin():
            sync_sources(session, self.config.sources)
            sync_claims(session, catalogue.claims)
            return feed_states(session)

    def _inc(self, key: str, count: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(key, count)

    async def start(self) -> AsyncIterator[Any]:
        sources = self._sources()
        states = await asyncio.to_thread(self._prepare, sources)
        for source in sources:
            state = states.get(source.name)
            if state is not None and not state.enabled:
                self._inc("sora/feeds/disabled")
                continue
            try:
                self.policy.check_syntax(source.url)
            except UnsafeURLError as exc:
                self._inc(f"sora/refused/{exc.reason}")
                yield FeedOutcome(source.name, source.url, "failed", error=str(exc), weight=HARD)
                continue
            headers = {}
            if state is not None and state.etag:
                headers["If-None-Match"] = state.etag
            if state is not None and state.last_modified:
                headers["If-Modified-Since"] = state.last_modified
            self._inc("sora/feeds/requested")
            yield Request(
                source.url,
                headers=headers,
                callback=self.parse_feed,
                errback=self.feed_failed,
                dont_filter=True,
                priority=10,
                meta={
                    "sora_source": source,
                    "sora_body_hash": state.body_hash if state else None,
                    "handle_httpstatus_list": [304],
                },
            )

    def parse_feed(self, response: Response) -> Iterator[Any]:
        source: Source = response.meta["sora_source"]
        if response.status == 304:
            self._inc("sora/feeds/not_modified")
            yield FeedOutcome(source.name, source.url, "not-modified")
            return
        etag, last_modified = _header(response, "ETag"), _header(response, "Last-Modified")
        body_hash = hashlib.sha256(response.body).hexdigest()
        if body_hash == response.meta.get("sora_body_hash"):
            # The server ignores validators but sent the same bytes: nothing new.
            self._inc("sora/feeds/unchanged")
            yield FeedOutcome(source.name, source.url, "unchanged", etag, last_modified, body_hash)
            return
        parsed = feedparser.parse(
            response.body,
            response_headers={
                "content-type": _header(response, "Content-Type") or "application/xml",
                "content-location": response.url,
            },
        )
        if parsed.bozo:
            problem = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"
            if not parsed.entries:
                self._inc("sora/feeds/failed")
                self._inc("sora/errors/feed_unparseable")
                logger.error(
                    "Feed %r (%s) is not a readable feed: %s", source.name, source.url, problem
                )
                yield FeedOutcome(
                    source.name,
                    source.url,
                    "failed",
                    error=f"not a feed: {problem}",
                    weight=HARD,
                )
                return
            self._inc("sora/feeds/bozo")
            logger.warning(
                "Feed %r (%s) is malformed (%s); kept its %d entries",
                source.name,
                source.url,
                problem,
                len(parsed.entries),
            )
        self._inc("sora/feeds/ok")
        self._inc("sora/entries/seen", len(parsed.entries))
        language = source.language or (parsed.feed.get("language") or "").split("-")[0] or None
        for entry in parsed.entries:
            request = self._article_request(response, source, entry, language)
            if request is not None:
                yield request
        yield FeedOutcome(
            source.name,
            source.url,
            "ok",
            etag,
            last_modified,
            body_hash,
            entries=len(parsed.entries),
        )

    def _article_request(
        self, response: Response, source: Source, entry: Any, language: str | None
    ) -> Request | None:
        link = entry.get("link")
        if not link:
            self._inc("sora/entries/no_link")
            return None
        link = urljoin(response.url, link.strip())
        try:
            self.policy.check_syntax(link)
        except UnsafeURLError as exc:
            self._inc(f"sora/refused/{exc.reason}")
            logger.warning("Feed %r links to a refused URL: %s", source.name, exc)
            return None
        url = canonicalize(link)
        host = urlsplit(url).hostname or ""
        self.pages_per_host[host] += 1
        if self.pages_per_host[host] > self.config.crawl.max_pages_per_site:
            self._inc("sora/pages/capped")
            return None
        feed_entry = FeedEntry(
            source=source.name,
            link=url,
            title=entry.get("title"),
            summary=_entry_summary(entry),
            published_at=_entry_time(entry),
            author=entry.get("author"),
            language=language,
        )
        return Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            meta={"sora_article": True, "sora_entry": feed_entry},
        )

    def parse_article(self, response: Response) -> Iterator[Page]:
        entry: FeedEntry = response.meta["sora_entry"]
        now = datetime.now(UTC)
        if not isinstance(response, TextResponse):
            self._inc("sora/pages/failed")
            self._inc("sora/errors/not_text")
            content_type = _header(response, "Content-Type") or "no content type"
            yield Page(
                entry.link,
                response.url,
                None,
                now,
                "failed",
                f"not a web page ({content_type})",
                entry,
            )
            return
        self._inc("sora/pages/fetched")
        yield Page(entry.link, response.url, response.text, now, "ok", None, entry)

    def article_failed(self, failure: Failure) -> Iterator[Page]:
        request = failure.request  # type: ignore[attr-defined]
        entry: FeedEntry | None = request.meta.get("sora_entry")
        if entry is None or failure.check(KnownArticle, UnsafeRequest):
            return
        info = classify(failure)
        self._inc("sora/pages/failed")
        self._inc(f"sora/errors/{info.kind}")
        logger.warning(
            "Article %s could not be fetched (%s); keeping the feed's summary",
            entry.link,
            info.message,
        )
        yield Page(
            entry.link, request.url, None, datetime.now(UTC), info.fetch_status, info.message, entry
        )

    def feed_failed(self, failure: Failure) -> Iterator[FeedOutcome]:
        request = failure.request  # type: ignore[attr-defined]
        source: Source = request.meta["sora_source"]
        info = classify(failure)
        self._inc("sora/feeds/failed")
        self._inc(f"sora/errors/feed_{info.kind}")
        logger.error("Feed %r (%s) failed: %s", source.name, source.url, info.message)
        yield FeedOutcome(source.name, source.url, "failed", error=info.message, weight=info.weight)
