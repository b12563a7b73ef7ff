"""Sitemaps: sitemaps, sitemap indexes and Google News sitemaps read for article URLs.

The source's URL is a sitemap or a sitemap index (fetched with conditional GET, like a feed;
gzip is unpacked). An index whose bytes did not change is taken as unchanged without reading
its children: per the protocol it carries each child's lastmod, which changes with the child.
Article URLs matching the source's `follow` patterns (all, without patterns) and not stored
yet are fetched, newest first, at most `max_pages_per_site` per run. A Google News
sitemap's `news:publication_date`, `news:title` and `news:language` stand in for a feed
entry's date, title and language (the page's own date still wins).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from twisted.python.failure import Failure

from crawler import stats
from crawler.failures import HARD
from crawler.handlers.base import Output, SourceHandler, header, poll_of
from crawler.items import PollRef
from monitor.articles import FeedEntry
from monitor.config import Source
from monitor.errors import NotASitemap, UnsafeURLError
from monitor.polling import PlannedPoll, PollAnswer
from monitor.states import PollStatus
from monitor.urls import URLPolicy, canonicalize

logger = logging.getLogger(__name__)

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


def sitemap_body(response: Response, max_bytes: int) -> bytes:
    """The sitemap's bytes, gzip unpacked (at most `max_bytes`)."""
    if gzip_magic_number(response):
        return gunzip(response.body, max_size=max_bytes)
    return response.body


def wanted_articles(
    response: Response,
    source: Source,
    entries: list[SitemapEntry],
    policy: URLPolicy,
    count: Callable[[str, int], None],
) -> list[SitemapEntry]:
    """The urlset's article URLs that the source's `follow` patterns take, newest first."""
    patterns = [re.compile(p) for p in source.follow]
    wanted: dict[str, SitemapEntry] = {}
    for entry in entries:
        url = urljoin(response.url, entry.loc)
        try:
            policy.check_syntax(url)
        except UnsafeURLError as exc:
            count(stats.refused(exc.reason), 1)
            continue
        url = canonicalize(url)
        if patterns and not any(p.search(url) for p in patterns):
            continue
        found = SitemapEntry(url, entry.published_at, entry.title, entry.language)
        wanted.setdefault(url, found)
    # Newest first, so that the page cap keeps the fresh ones.
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(wanted.values(), key=lambda e: e.published_at or oldest, reverse=True)


def children(response: Response, entries: list[SitemapEntry], depth: int) -> list[str]:
    """An index's child sitemaps, as deep as they may go."""
    if depth + 1 > MAX_NESTING:
        return []
    return [urljoin(response.url, entry.loc) for entry in entries]


class SitemapHandler(SourceHandler):
    """A sitemap or sitemap index: conditional GET on the top one, children and articles."""

    def source_request(self, poll: PlannedPoll, ref: PollRef | None) -> Request:
        return self.conditional_get(poll, ref)

    def child_request(self, source: Source, poll: PollRef | None, url: str, depth: int) -> Request:
        return Request(
            url,
            callback=self.spider.parse_child,
            errback=self.spider.child_failed,
            priority=10,
            meta=self.meta(source, poll, sora_depth=depth),
        )

    async def parse_source(self, response: Response) -> Output:
        source, poll = self.source(response), poll_of(response)
        if response.status == 304:
            yield PollAnswer(PollStatus.NOT_MODIFIED)
            return
        body = sitemap_body(response, self.config.crawl.max_page_bytes)
        body_hash = hashlib.sha256(body).hexdigest()
        etag, modified = header(response, "ETag"), header(response, "Last-Modified")
        if body_hash == response.meta.get("sora_body_hash"):
            yield PollAnswer(PollStatus.UNCHANGED, etag, modified, body_hash)
            return
        try:
            kind, entries = parse_sitemap(body)
        except NotASitemap as exc:
            error = f"not a sitemap: {exc}"
            logger.error("Sitemap %s of %r: %s", response.url, source.name, error)
            self.count(stats.error("feed_unparseable"), 1, poll)
            yield PollAnswer(PollStatus.FAILED, error=error, weight=HARD)
            return
        async for output in self._follow(response, source, poll, kind, entries):
            yield output
        yield PollAnswer(PollStatus.OK, etag, modified, body_hash, entries=len(entries))

    async def parse_child(self, response: Response) -> Output:
        source, poll = self.source(response), poll_of(response)
        body = sitemap_body(response, self.config.crawl.max_page_bytes)
        try:
            kind, entries = parse_sitemap(body)
        except NotASitemap as exc:
            logger.error("Sitemap %s of %r: not a sitemap: %s", response.url, source.name, exc)
            self.count(stats.SITEMAP_CHILD_FAILED, 1, poll)
            return
        async for output in self._follow(response, source, poll, kind, entries):
            yield output

    async def child_failed(self, failure: Failure) -> Output:
        request = failure.request  # type: ignore[attr-defined]
        self.count(stats.SITEMAP_CHILD_FAILED, 1, poll_of(request))
        logger.warning("Sitemap %s failed: %s", request.url, failure.value)
        return
        yield  # pragma: no cover

    async def _follow(
        self,
        response: Response,
        source: Source,
        poll: PollRef | None,
        kind: str,
        entries: list[SitemapEntry],
    ) -> Output:
        """An index's children, or a urlset's new articles."""
        depth: int = response.meta.get("sora_depth", 0)
        if kind == "sitemapindex":
            for url in children(response, entries, depth):
                yield self.child_request(source, poll, url, depth + 1)
            return
        count = lambda key, n: self.count(key, n, poll)  # noqa: E731
        articles = wanted_articles(response, source, entries, self.spider.policy, count)
        self.count(stats.ENTRIES_SEEN, len(articles), poll)
        new = set(await self.unknown_urls([a.loc for a in articles]))
        for article in articles:
            if article.loc not in new:
                continue
            entry = FeedEntry(
                source=source.name,
                link=article.loc,
                title=article.title,
                published_at=article.published_at,
                language=source.language or article.language,
            )
            yield self.article_request(source, poll, entry)
