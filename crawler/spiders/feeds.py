"""The `feeds` spider: poll RSS/Atom and search feeds with conditional GET, fetch new articles."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
from scrapy import Request
from scrapy.http import Response

from crawler import stats
from crawler.failures import HARD
from crawler.items import SourceCheck
from crawler.spiders.sources import SourceSpider as SourceSpider
from crawler.spiders.sources import _header
from crawler.spiders.sources import check_sources as check_sources
from monitor.aggregators import resolve_link
from monitor.analysis import FeedEntry
from monitor.config import Source
from monitor.errors import UnsafeURLError
from monitor.states import PollStatus, SourceKind
from monitor.urls import canonicalize
from storage.queries import FeedState

logger = logging.getLogger(__name__)


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                year, month, day, hour, minute, second = parsed[:6]
                return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
            except (TypeError, ValueError):
                continue
    return None


def _entry_summary(entry: Any) -> str | None:
    for content in entry.get("content") or []:
        if content.get("value"):
            return content["value"]
    return entry.get("summary") or entry.get("description")


class FeedsSpider(SourceSpider):
    name = "feeds"
    source_kinds: tuple[SourceKind, ...] = (SourceKind.FEED, SourceKind.SEARCH)

    def source_requests(self, source: Source, state: FeedState | None) -> Iterator[Request]:
        yield Request(
            source.url,
            headers=self.conditional_headers(state),
            callback=self.parse_feed,
            errback=self.source_failed,
            dont_filter=True,
            priority=10,
            meta={
                "sora_source": source,
                "sora_body_hash": state.body_hash if state and not self.check else None,
                "handle_httpstatus_list": [304],
            },
        )

    async def parse_feed(self, response: Response) -> AsyncIterator[Any]:
        source: Source = response.meta["sora_source"]
        if response.status == 304:
            yield self.ok_outcome(source, PollStatus.NOT_MODIFIED)
            return
        etag, last_modified = _header(response, "ETag"), _header(response, "Last-Modified")
        body_hash = hashlib.sha256(response.body).hexdigest()
        if body_hash == response.meta.get("sora_body_hash"):
            # The server ignores validators but sent the same bytes: nothing new.
            yield self.ok_outcome(
                source,
                PollStatus.UNCHANGED,
                etag=etag,
                last_modified=last_modified,
                body_hash=body_hash,
            )
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
                self._inc(stats.error("feed_unparseable"))
                logger.error(
                    "Feed %r (%s) is not a readable feed: %s", source.name, source.url, problem
                )
                if self.check:
                    error = f"not a feed: {problem}"
                    yield SourceCheck(
                        source.name, source.kind, source.url, PollStatus.FAILED, error=error
                    )
                    return
                yield self.failed_outcome(source, f"not a feed: {problem}", HARD)
                return
            self._inc(stats.FEEDS_MALFORMED)
            logger.warning(
                "Feed %r (%s) is malformed (%s); kept its %d entries",
                source.name,
                source.url,
                problem,
                len(parsed.entries),
            )
        self._inc(stats.ENTRIES_SEEN, len(parsed.entries))
        language = source.language or (parsed.feed.get("language") or "").split("-")[0] or None
        entries = [
            e
            for e in (self._feed_entry(response, source, raw, language) for raw in parsed.entries)
            if e is not None
        ]
        if self.check:
            links = list(dict.fromkeys(e.link for e in entries))
            new = await asyncio.to_thread(self.unknown_urls, links)
            yield SourceCheck(
                source.name,
                source.kind,
                source.url,
                PollStatus.OK,
                entries=len(parsed.entries),
                articles=len(links),
                new=len(new),
                error=f"malformed: {problem}" if parsed.bozo else None,
            )
            return
        for entry in entries:
            request = self.article_request(entry.link, entry)
            if request is not None:
                yield request
        yield self.ok_outcome(
            source,
            PollStatus.OK,
            etag=etag,
            last_modified=last_modified,
            body_hash=body_hash,
            entries=len(parsed.entries),
        )

    def _feed_entry(
        self, response: Response, source: Source, entry: Any, language: str | None
    ) -> FeedEntry | None:
        link = entry.get("link")
        if not link:
            self._inc(stats.ENTRIES_WITHOUT_LINK)
            return None
        link = urljoin(response.url, link.strip())
        publisher = entry.get("source") or {}
        resolution = resolve_link(link, publisher.get("href"))
        if resolution.via is not None:
            self._inc(stats.aggregator(resolution.method))
        link = resolution.url
        try:
            self.policy.check_syntax(link)
        except UnsafeURLError as exc:
            self._inc(stats.refused(exc.reason))
            logger.warning("Feed %r links to a refused URL: %s", source.name, exc)
            return None
        url = canonicalize(link)
        if resolution.via is not None and not resolution.needs_fetch:
            self.discovered_via[url] = resolution.via
        return FeedEntry(
            source=source.name,
            link=url,
            title=entry.get("title"),
            summary=_entry_summary(entry),
            published_at=_entry_time(entry),
            author=entry.get("author"),
            language=language,
            outlet=publisher.get("title"),
        )
