"""The `sitemaps` spider: read sitemaps, sitemap indexes and Google News sitemaps for articles.

The source's URL is a sitemap or a sitemap index (fetched with conditional GET, like a feed;
gzip is unpacked). An index whose bytes did not change is taken as unchanged without reading
its children: per the protocol it carries each child's lastmod, which changes with the child.
Article URLs matching the source's `follow` patterns (all, without patterns) and not stored
yet are fetched, newest first, at most `max_pages_per_site` per run. A Google News
sitemap's `news:publication_date`, `news:title` and `news:language` stand in for a feed
entry's date, title and language (the page's own date still wins).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number

from crawler import stats
from crawler.failures import HARD
from crawler.items import SourceCheck
from crawler.spiders.sources import SourceSpider, _header
from monitor.analysis import FeedEntry
from monitor.config import Source
from monitor.errors import NotASitemap, UnsafeURLError
from monitor.states import PollStatus, SourceKind
from monitor.urls import canonicalize
from storage.queries import FeedState

MAX_NESTING = 3  # sitemap indexes are not supposed to nest at all; some do, a little
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, recover=True, remove_comments=True, huge_tree=False
)


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    published_at: datetime | None = None  # news:publication_date
    title: str | None = None  # news:title
    language: str | None = None  # news:language


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(element: Any, *path: str) -> str | None:
    node = element
    for name in path:
        node = next((c for c in node if _local(c.tag) == name), None)
        if node is None:
            return None
    text = (node.text or "").strip()
    return text or None


def _date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_sitemap(body: bytes) -> tuple[str, list[SitemapEntry]]:
    """('urlset' | 'sitemapindex', entries) from a sitemap's bytes."""
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise NotASitemap(str(exc)) from exc
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise NotASitemap(f"root element is {_local(getattr(root, 'tag', None)) or 'missing'}")
    kind = _local(root.tag)
    entries = []
    for element in root:
        if _local(element.tag) not in ("url", "sitemap"):
            continue
        loc = _child_text(element, "loc")
        if not loc:
            continue
        entries.append(
            SitemapEntry(
                loc,
                _date(_child_text(element, "news", "publication_date")),
                _child_text(element, "news", "title"),
                (_child_text(element, "news", "publication", "language") or "").split("-")[0]
                or None,
            )
        )
    return kind, entries


class SitemapsSpider(SourceSpider):
    name = "sitemaps"
    source_kinds: tuple[SourceKind, ...] = (SourceKind.SITEMAP,)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # source -> [children pending, entries, articles, new], for check mode
        self.check_tallies: dict[str, list[int]] = {}

    def source_requests(self, source: Source, state: FeedState | None) -> Iterator[Request]:
        yield self._sitemap_request(source, source.url, 0, state)

    def _sitemap_request(
        self, source: Source, url: str, depth: int, state: FeedState | None = None
    ) -> Request:
        start = depth == 0
        return Request(
            url,
            headers=self.conditional_headers(state) if start else {},
            callback=self.parse_sitemap,
            errback=self.source_failed if start else self.child_failed,
            dont_filter=start,
            priority=10,
            meta={
                "sora_source": source,
                "sora_depth": depth,
                "sora_body_hash": state.body_hash if state and not self.check else None,
                "handle_httpstatus_list": [304] if start else [],
            },
        )

    def child_failed(self, failure: Any) -> Iterator[SourceCheck]:
        request = failure.request
        self._inc(stats.SITEMAP_CHILD_FAILED)
        self.logger.warning("Sitemap %s failed: %s", request.url, failure.value)
        yield from self._tally(request.meta["sora_source"], -1, 0, 0, 0)

    def _tally(
        self, source: Source, children: int, entries: int, articles: int, new: int
    ) -> Iterator[SourceCheck]:
        """In check mode: add up an index's children; report when the last one is in."""
        if not self.check:
            return
        tally = self.check_tallies.setdefault(source.name, [0, 0, 0, 0])
        for index, value in enumerate((children, entries, articles, new)):
            tally[index] += value
        if tally[0] <= 0:
            del self.check_tallies[source.name]
            yield SourceCheck(
                source.name, source.kind, source.url, PollStatus.OK, tally[1], tally[2], tally[3]
            )

    async def parse_sitemap(self, response: Response) -> AsyncIterator[Any]:
        source: Source = response.meta["sora_source"]
        depth: int = response.meta["sora_depth"]
        start = depth == 0
        if response.status == 304:
            yield self.ok_outcome(source, PollStatus.NOT_MODIFIED)
            return
        body = response.body
        if gzip_magic_number(response):
            body = gunzip(body, max_size=self.config.crawl.max_page_bytes)
        body_hash = hashlib.sha256(body).hexdigest()
        if start and body_hash == response.meta.get("sora_body_hash"):
            etag, modified = _header(response, "ETag"), _header(response, "Last-Modified")
            yield self.ok_outcome(
                source, PollStatus.UNCHANGED, etag=etag, last_modified=modified, body_hash=body_hash
            )
            return
        try:
            kind, entries = parse_sitemap(body)
        except NotASitemap as exc:
            error = f"not a sitemap: {exc}"
            self.logger.error("Sitemap %s of %r: %s", response.url, source.name, error)
            if not start:
                self._inc(stats.SITEMAP_CHILD_FAILED)
            elif self.check:
                yield SourceCheck(
                    source.name, source.kind, source.url, PollStatus.FAILED, error=error
                )
            else:
                self._inc(stats.error("feed_unparseable"))
                yield self.failed_outcome(source, error, HARD)
            return
        if kind == "sitemapindex":
            for entry in entries:
                if depth + 1 <= MAX_NESTING:
                    yield self._sitemap_request(source, urljoin(response.url, entry.loc), depth + 1)
            articles: list[SitemapEntry] = []
        else:
            articles = self._wanted(response, source, entries)
        new = set(await asyncio.to_thread(self.unknown_urls, [a.loc for a in articles]))
        self._inc(stats.ENTRIES_SEEN, len(articles))
        if self.check:
            # The source's report waits for an index's children (each counts itself out).
            children = len(entries) if kind == "sitemapindex" else 0
            counted = 0 if kind == "sitemapindex" else len(entries)
            pending = children - (0 if start else 1)
            for check in self._tally(source, pending, counted, len(articles), len(new)):
                yield check
            return
        for article in articles:
            if article.loc not in new:
                continue
            feed_entry = FeedEntry(
                source=source.name,
                link=article.loc,
                title=article.title,
                published_at=article.published_at,
                language=source.language or article.language,
            )
            request = self.article_request(article.loc, feed_entry)
            if request is not None:
                yield request
        if start:
            yield self.ok_outcome(
                source,
                PollStatus.OK,
                etag=_header(response, "ETag"),
                last_modified=_header(response, "Last-Modified"),
                body_hash=body_hash,
                entries=len(entries),
            )

    def _wanted(
        self, response: Response, source: Source, entries: list[SitemapEntry]
    ) -> list[SitemapEntry]:
        patterns = [re.compile(p) for p in source.follow]
        wanted: dict[str, SitemapEntry] = {}
        for entry in entries:
            url = urljoin(response.url, entry.loc)
            try:
                self.policy.check_syntax(url)
            except UnsafeURLError as exc:
                self._inc(stats.refused(exc.reason))
                continue
            url = canonicalize(url)
            if patterns and not any(p.search(url) for p in patterns):
                continue
            found = SitemapEntry(url, entry.published_at, entry.title, entry.language)
            wanted.setdefault(url, found)
        # Newest first, so that the page cap keeps the fresh ones.
        oldest = datetime.min.replace(tzinfo=UTC)
        return sorted(wanted.values(), key=lambda e: e.published_at or oldest, reverse=True)
