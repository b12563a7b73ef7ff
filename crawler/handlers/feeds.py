"""Feeds and search feeds: RSS/Atom polled with conditional GET, new entries fetched as articles."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import feedparser
from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import stats
from crawler.failures import HARD
from crawler.handlers.base import Output, SourceHandler, header, poll_of
from crawler.handlers.google import GoogleNewsDecoder
from crawler.items import PollRef
from monitor.aggregators import GOOGLE_NEWS, is_unresolved, resolve_link
from monitor.articles import FeedEntry
from monitor.charsets import decode_body
from monitor.config import Source
from monitor.errors import UnsafeURLError
from monitor.polling import PlannedPoll, PollAnswer
from monitor.states import PollStatus
from monitor.urls import URLPolicy, canonicalize
from storage.queries import provenance_of

if TYPE_CHECKING:
    from crawler.spiders.sources import SourceSpider

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


@dataclass
class FeedRead:
    """A feed's response, read: its entries with fetchable links, and what was wrong with it."""

    total: int = 0  # entries in the feed, with or without a usable link
    entries: list[FeedEntry] = field(default_factory=list)
    vias: dict[str, str] = field(default_factory=dict)  # link -> aggregator, resolved unfetched
    decode: set[str] = field(default_factory=set)  # opaque Google News links to decode
    problem: str | None = None  # feedparser's complaint, if any; what the body is, if no feed
    # The error kind when the body is no feed at all: feed_empty, feed_html, feed_unparseable.
    not_feed: str | None = None

    @property
    def unreadable(self) -> bool:
        return self.not_feed is not None


_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


def _not_a_feed(response: Response, problem: str | None) -> tuple[str, str]:
    """What a body that gave no feed is: the error kind and words for it."""
    body = response.body.lstrip(b"\xef\xbb\xbf \t\r\n")
    content_type = (header(response, "Content-Type") or "").split(";")[0].strip().lower()
    if not body:
        return "feed_empty", "the body is empty"
    if content_type in ("text/html", "application/xhtml+xml") or _HTML.match(body[:2048]):
        return "feed_html", f"an HTML page ({content_type or 'no content type'}), not RSS or Atom"
    return "feed_unparseable", problem or "no RSS or Atom root element"


def read_feed(
    response: Response,
    source: Source,
    policy: URLPolicy,
    count: Callable[[str, int], None],
) -> FeedRead:
    """Parse a feed from the response (its charset decided by its bytes), or say what the body
    is when it is no feed; `count` tallies entries without links, refused links and aggregator
    links resolved."""
    # The charset is decided by the bytes (monitor.charsets); feedparser gets UTF-8 and is
    # told so, whatever the header or the XML declaration said.
    content_type = header(response, "Content-Type") or "application/xml"
    decoded = decode_body(response.body, content_type)
    parsed = feedparser.parse(
        decoded.text.encode("utf-8"),
        response_headers={
            "content-type": content_type.split(";")[0].strip() + "; charset=utf-8",
            "content-location": response.url,
        },
    )
    read = FeedRead(total=len(parsed.entries))
    if parsed.bozo:
        read.problem = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        # An empty RSS or Atom feed has a version; an HTML page or an empty body has none.
        read.not_feed, read.problem = _not_a_feed(response, read.problem)
        return read
    language = source.language or (parsed.feed.get("language") or "").split("-")[0] or None
    for raw in parsed.entries:
        link = raw.get("link")
        if not link:
            count(stats.ENTRIES_WITHOUT_LINK, 1)
            continue
        link = urljoin(response.url, link.strip())
        publisher = raw.get("source") or {}
        resolution = resolve_link(link, publisher.get("href"))
        if resolution.via is not None:
            count(stats.aggregator(resolution.method), 1)
        try:
            policy.check_syntax(resolution.url)
        except UnsafeURLError as exc:
            count(stats.refused(exc.reason), 1)
            logger.warning("Feed %r links to a refused URL: %s", source.name, exc)
            continue
        url = canonicalize(resolution.url)
        if resolution.method == "decode":
            read.decode.add(url)
        elif resolution.via is not None and not resolution.needs_fetch:
            read.vias[url] = resolution.via
        read.entries.append(
            FeedEntry(
                source=source.name,
                link=url,
                title=raw.get("title"),
                summary=_entry_summary(raw),
                published_at=_entry_time(raw),
                author=raw.get("author"),
                language=language,
                outlet=publisher.get("title"),
                provenance=url if resolution.method == "decode" else None,
            )
        )
    return read


class FeedHandler(SourceHandler):
    """A feed or search feed: one conditional GET, then a request per entry (opaque Google
    News links first go through `GoogleNewsDecoder`)."""

    def __init__(self, spider: SourceSpider) -> None:
        super().__init__(spider)
        self.google = GoogleNewsDecoder(self)

    def source_request(self, poll: PlannedPoll, ref: PollRef | None) -> Request:
        return self.conditional_get(poll, ref)

    async def parse_source(self, response: Response) -> Output:
        source, poll = self.source(response), poll_of(response)
        if response.status == 304:
            yield PollAnswer(PollStatus.NOT_MODIFIED)
            return
        etag, last_modified = header(response, "ETag"), header(response, "Last-Modified")
        body_hash = hashlib.sha256(response.body).hexdigest()
        if body_hash == response.meta.get("sora_body_hash"):
            # The server ignores validators but sent the same bytes: nothing new.
            yield PollAnswer(PollStatus.UNCHANGED, etag, last_modified, body_hash)
            return
        read = read_feed(response, source, self.spider.policy, lambda k, n: self.count(k, n, poll))
        if read.not_feed is not None:
            self.count(stats.error(read.not_feed), 1, poll)
            logger.error("Feed %r (%s) is not a feed: %s", source.name, source.url, read.problem)
            yield PollAnswer(PollStatus.FAILED, error=f"not a feed: {read.problem}", weight=HARD)
            return
        if read.problem:
            self.count(stats.FEEDS_MALFORMED, 1, poll)
            logger.warning(
                "Feed %r (%s) is malformed (%s); kept its %d entries",
                source.name,
                source.url,
                read.problem,
                read.total,
            )
        self.count(stats.ENTRIES_SEEN, read.total, poll)
        # Opaque Google News links: those resolved by an earlier run are their outlet's URL
        # now; the others are decoded (or kept feed-only past the cap).
        entries, undecoded = await self._resolved(read)
        for entry, kept in undecoded:
            async for output in self.google.start(source, poll, entry, kept):
                yield output
        # Only pages not stored yet are asked for, and count against the site's page cap.
        new = set(await self.unknown_urls([entry.link for entry in entries]))
        for entry in entries:
            via = read.vias.get(entry.link)
            if entry.link in new:
                yield self.article_request(source, poll, entry, via=via)
                continue
            self.count(stats.ARTICLES_SKIPPED_KNOWN, 1, poll)
            if via is not None:
                self.spider.health.discovered_via(entry.link, via)
        yield PollAnswer(
            PollStatus.OK,
            etag,
            last_modified,
            body_hash,
            entries=read.total,
        )

    async def _resolved(
        self, read: FeedRead
    ) -> tuple[list[FeedEntry], list[tuple[FeedEntry, bool]]]:
        """The entries to fetch as they are (with those of the links to decode that an earlier
        run resolved, under their outlet's URL), and the links still to decode, each with
        whether a placeholder is stored for it already."""
        links = [entry.link for entry in read.entries if entry.link in read.decode]
        if not links:
            return read.entries, []
        stored = await self.spider.health.database.read(lambda s: provenance_of(s, links))
        entries: list[FeedEntry] = []
        undecoded: list[tuple[FeedEntry, bool]] = []
        for entry in read.entries:
            if entry.link not in read.decode:
                entries.append(entry)
                continue
            url = stored.get(entry.link)
            if url is None or is_unresolved(url):
                undecoded.append((entry, url is not None))
                continue
            read.vias[url] = GOOGLE_NEWS
            entries.append(replace(entry, link=url, provenance=entry.link))
        return entries, undecoded

    async def parse_child(self, response: Response) -> Output:
        """A step of decoding a Google News link."""
        async for output in self.google.parse(response):
            yield output

    async def child_failed(self, failure: Failure) -> Output:
        async for output in self.google.failed(failure):
            yield output
