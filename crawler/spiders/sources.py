"""What the feeds, sites and sitemaps spiders share: the `SourceSpider` base, and `check_sources`.

`SourceSpider` decides which sources are due (adaptive polling, health), records the poll outcome
of each, builds article requests and pages, and has a `check` mode; `check_sources` runs that
mode for `sources check` (fetch each source once, report, store nothing). No class here has a
`name`, so Scrapy's spider loader registers none of them.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler import stats
from crawler.exceptions import KnownArticle, UnsafeRequest
from crawler.failures import HARD, classify
from crawler.items import FeedOutcome, SourceCheck
from crawler.middlewares import retry_after_seconds
from crawler.resources import config_for, database_for
from monitor.aggregators import aggregator_of
from monitor.analysis import FeedEntry, Page
from monitor.claims import load_catalogue
from monitor.config import Config, Source
from monitor.errors import UnsafeURLError
from monitor.polling import PollingPolicy, PollResult, is_due
from monitor.states import CRAWL_KINDS, FetchStatus, PollOutcome, PollStatus, SourceKind
from monitor.urls import URLPolicy, canonicalize
from storage.health import record_discovered_via, record_polls
from storage.queries import FeedState, feed_states, known_urls, sync_sources
from storage.sightings import sync_claims

logger = logging.getLogger(__name__)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _flag(value: Any) -> bool:
    # Spider arguments arrive as strings from `scrapy crawl -a force=1`.
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


class SourceSpider(Spider):
    """What the feeds, sites and sitemaps spiders share.

    Spider arguments: `force` polls every enabled source whatever its next_allowed_at says
    (also the SORA_FORCE_POLL setting); `check` fetches each source once, yields a
    `SourceCheck` per source and neither follows articles nor writes anything; `only` limits
    the crawl to the named sources (comma-separated).
    """

    source_kinds: tuple[SourceKind, ...] = ()

    config: Config
    policy: URLPolicy

    def __init__(
        self, *args: Any, force: Any = False, check: Any = False, only: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.force = _flag(force)
        self.check = _flag(check)
        if isinstance(only, str):
            only = [name.strip() for name in only.split(",") if name.strip()]
        self.only: set[str] = set(only or ())
        self.poll_results: dict[str, PollResult] = {}
        self.discovered_via: dict[str, str] = {}
        self.pages_per_host: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.config = config_for(crawler)
        crawl = spider.config.crawl
        spider.policy = URLPolicy.from_settings(crawl.allowed_schemes, crawl.private_hosts)
        spider.force = spider.force or crawler.settings.getbool("SORA_FORCE_POLL")
        return spider

    # -- which sources, and whether they are due ------------------------------------------

    def _sources(self) -> list[Source]:
        return [
            s
            for s in self.config.sources
            if s.kind in self.source_kinds
            and (s.enabled or self.check)
            and (not self.only or s.name in self.only)
        ]

    def interval_for(self, source: Source) -> timedelta:
        schedule = self.config.schedule
        return schedule.crawl_every if source.kind in CRAWL_KINDS else schedule.poll_every

    def _prepare(self) -> dict[str, FeedState]:
        database = database_for(self.crawler)
        with database.session() as session, session.begin():
            if not self.check:  # a check stores nothing
                claims = self.config.claims
                catalogue = load_catalogue(claims.catalogue, claims.mode)
                sync_sources(session, self.config.sources)
                sync_claims(session, catalogue.claims)
            return feed_states(session)

    def _inc(self, key: str, count: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(key, count)

    async def start(self) -> AsyncIterator[Any]:
        sources = self._sources()
        if not sources:
            return
        states = await asyncio.to_thread(self._prepare)
        now = datetime.now(UTC)
        for source in sources:
            state = states.get(source.name)
            if not self.check and state is not None and not state.enabled:
                self._inc(stats.SOURCES_DISABLED)
                continue
            if (
                not self.check
                and not self.force
                and state is not None
                and not is_due(state.next_allowed_at, now)
            ):
                self._inc(stats.SOURCES_DEFERRED)
                logger.info(
                    "Source %r not due before %s (adaptive polling); skipped",
                    source.name,
                    state.next_allowed_at,
                )
                continue
            try:
                self.policy.check_syntax(source.url)
            except UnsafeURLError as exc:
                self._inc(stats.refused(exc.reason))
                yield self.failed_outcome(source, str(exc), HARD)
                continue
            self._inc(stats.SOURCES_REQUESTED)
            self._inc(stats.source_kind(source.kind))
            for request in self.source_requests(source, state):
                yield request

    def source_requests(self, source: Source, state: FeedState | None) -> Iterator[Request]:
        raise NotImplementedError

    def conditional_headers(self, state: FeedState | None) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self.check or state is None:
            return headers
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        return headers

    # -- outcomes -------------------------------------------------------------------------

    def note_poll(
        self, source: Source, outcome: PollOutcome, retry_after: datetime | None = None
    ) -> None:
        self.poll_results[source.name] = PollResult(outcome, retry_after)

    def ok_outcome(
        self,
        source: Source,
        status: PollStatus,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        body_hash: str | None = None,
        entries: int | None = None,
    ) -> FeedOutcome:
        """A source answered: `status` is ok (something new), not-modified or unchanged."""
        changed = status == PollStatus.OK
        self.note_poll(source, PollOutcome.CHANGED if changed else PollOutcome.UNCHANGED)
        self._inc(stats.polled(status))
        return FeedOutcome(
            source.name, source.url, status, etag, last_modified, body_hash, entries=entries
        )

    def failed_outcome(
        self, source: Source, error: str, weight: float, retry_after: datetime | None = None
    ) -> FeedOutcome:
        self.note_poll(source, PollOutcome.FAILED, retry_after)
        self._inc(stats.polled(PollStatus.FAILED))
        return FeedOutcome(source.name, source.url, PollStatus.FAILED, error=error, weight=weight)

    def source_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        source: Source = request.meta["sora_source"]
        info = classify(failure)
        self._inc(stats.error(f"feed_{info.kind}"))
        logger.error("Source %r (%s) failed: %s", source.name, source.url, info.message)
        if self.check:
            yield SourceCheck(
                source.name, source.kind, source.url, PollStatus.FAILED, error=info.message
            )
            return
        retry_after = None
        response = getattr(failure.value, "response", None)
        if response is not None and response.status in (429, 503):
            seconds = retry_after_seconds(response.headers.get("Retry-After"))
            if seconds:
                retry_after = datetime.now(UTC) + timedelta(seconds=seconds)
        yield self.failed_outcome(source, info.message, info.weight, retry_after)

    def closed(self, reason: str) -> None:
        """Store each polled source's next plan, and which aggregator surfaced what."""
        if self.check or not (self.poll_results or self.discovered_via):
            return
        policies = {
            s.name: PollingPolicy(self.interval_for(s))
            for s in self.config.sources
            if s.name in self.poll_results
        }
        database = database_for(self.crawler)
        with database.session() as session, session.begin():
            record_polls(session, self.poll_results, policies)
            if self.discovered_via:
                record_discovered_via(session, self.discovered_via)

    # -- articles -------------------------------------------------------------------------

    def unknown_urls(self, urls: list[str]) -> list[str]:
        """Those of `urls` not stored yet (one query; KnownArticleMiddleware checks again)."""
        if not urls:
            return []
        database = database_for(self.crawler)
        with database.session() as session, session.begin():
            known = known_urls(session, urls)
        return [url for url in urls if url not in known]

    def article_request(
        self, url: str, entry: FeedEntry, *, callback: Any = None, depth: int | None = None
    ) -> Request | None:
        """A request for an article page, or None when the site's page cap is reached."""
        host = urlsplit(url).hostname or ""
        self.pages_per_host[host] += 1
        if self.pages_per_host[host] > self.config.crawl.max_pages_per_site:
            self._inc(stats.PAGES_CAPPED)
            return None
        meta: dict[str, Any] = {"sora_article": True, "sora_entry": entry}
        if depth is not None:
            meta["sora_depth"] = depth
        return Request(
            url,
            callback=callback or self.parse_article,
            errback=self.article_failed,
            meta=meta,
        )

    def parse_article(self, response: Response) -> Iterator[Page]:
        entry: FeedEntry = response.meta["sora_entry"]
        now = datetime.now(UTC)
        via = aggregator_of(entry.link)
        if via is not None:
            if aggregator_of(response.url):
                # Still on the aggregator after its redirects: no outlet URL to store.
                self._inc(stats.AGGREGATOR_UNRESOLVED)
                logger.warning("%s link %s did not lead to an outlet", via, entry.link)
                return
            self._inc(stats.AGGREGATOR_REDIRECT)
            self.discovered_via[canonicalize(response.url)] = via
        if not isinstance(response, TextResponse):
            self._inc(stats.PAGES_FAILED)
            self._inc(stats.error("not_text"))
            content_type = _header(response, "Content-Type") or "no content type"
            yield Page(
                entry.link,
                response.url,
                None,
                now,
                FetchStatus.FAILED,
                f"not a web page ({content_type})",
                entry,
            )
            return
        self._inc(stats.PAGES_FETCHED)
        yield Page(entry.link, response.url, response.text, now, FetchStatus.OK, None, entry)

    def article_failed(self, failure: Failure) -> Iterator[Page]:
        request = failure.request  # type: ignore[attr-defined]
        entry: FeedEntry | None = request.meta.get("sora_entry")
        if entry is None or failure.check(KnownArticle, UnsafeRequest):
            return
        info = classify(failure)
        self._inc(stats.PAGES_FAILED)
        self._inc(stats.error(info.kind))
        if aggregator_of(entry.link) or not (entry.title or entry.summary):
            # Nothing to keep: no outlet URL to store it under, or no text to store.
            logger.warning("Page %s could not be fetched (%s)", entry.link, info.message)
            return
        logger.warning(
            "Article %s could not be fetched (%s); keeping the feed's summary",
            entry.link,
            info.message,
        )
        yield Page(
            entry.link, request.url, None, datetime.now(UTC), info.fetch_status, info.message, entry
        )


def check_sources(
    config: Config, db_url: str, *, names: Sequence[str] = (), log_level: str = "ERROR"
) -> list[SourceCheck]:
    """`sources check`: fetch each (or each named) source once; store nothing; say what it has.

    Runs a reactor, so call it once per process. Disabled and deferred sources are checked too.
    """
    from scrapy import signals
    from scrapy.crawler import AsyncCrawlerProcess

    from crawler.runner import build_settings
    from storage.engine import Database

    # Migrate (a new database) before the spiders start: migrations are not thread-safe.
    Database.open(db_url).dispose()
    settings = build_settings(config, db_url, log_level=log_level)
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    settings.set("EXTENSIONS", {}, priority="cmdline")
    wanted = [s for s in config.sources if not names or s.name in names]
    found: list[SourceCheck] = []

    def collect(item: Any) -> None:
        if isinstance(item, SourceCheck):
            found.append(item)

    if wanted:
        process = AsyncCrawlerProcess(settings)
        crawler = process.create_crawler("cycle")
        crawler.signals.connect(collect, signal=signals.item_scraped)
        process.crawl(crawler, check=True, only=[s.name for s in wanted])
        process.start()
        database = getattr(crawler, "_sora_database", None)
        if database is not None:
            database.dispose()
    order = {s.name: i for i, s in enumerate(wanted)}
    return sorted(found, key=lambda c: order.get(c.source, len(order)))
