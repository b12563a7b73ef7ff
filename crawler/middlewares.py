"""Downloader middlewares: unsafe URLs, redirect loops, slots per host, stored articles,
Retry-After, requests.

The last counts the requests each poll sent. They all count through the crawl's tally
(`crawler.health`): Scrapy's stats, and the poll named in the request's meta, from whose rows
the run's counters are read.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from datetime import UTC, datetime
from time import monotonic
from typing import Self
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler import stats
from crawler.exceptions import KnownArticle, ServerAskedToWait, UnsafeRequest
from crawler.health import SourceHealth, Tally, tally_for
from crawler.resources import config_for
from monitor.errors import UnsafeURLError
from monitor.urls import URLPolicy
from storage.queries import known_urls

logger = logging.getLogger(__name__)


class SafeURLMiddleware:
    """Refuse requests to other schemes, private and link-local addresses.

    Every request passes here, including robots.txt requests and the new request a redirect
    makes, so a public URL that redirects to 169.254.169.254 is refused too.
    """

    def __init__(self, tally: Tally, policy: URLPolicy) -> None:
        self.tally = tally
        self.policy = policy
        self._verdicts: dict[str, UnsafeURLError | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        crawl = config_for(crawler).crawl
        policy = URLPolicy.from_settings(crawl.allowed_schemes, crawl.private_hosts)
        return cls(tally_for(crawler), policy)

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
                # The verdict is the host's; the message names this request's URL.
                raise UnsafeURLError(request.url, verdict.reason, verdict.detail)
        except UnsafeURLError as exc:
            self.tally.count(stats.refused(exc.reason), 1, request.meta.get("sora_poll"))
            logger.warning("%s", exc)
            raise UnsafeRequest(str(exc)) from exc

    def process_response(self, request: Request, response: Response) -> Response:
        """A redirect Scrapy does not follow because of its scheme (`file:`, `ftp:`, `data:`)
        is refused as such, not left to look like an HTTP error."""
        location = response.headers.get("Location")
        if not 300 <= response.status < 400 or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        try:
            self.policy.check_syntax(target)
        except UnsafeURLError as exc:
            self.tally.count(stats.refused(exc.reason), 1, request.meta.get("sora_poll"))
            message = f"{request.url} redirects to a refused URL: {exc}"
            logger.warning("%s", message)
            raise UnsafeRequest(message) from exc
        return response


class RedirectLoopMiddleware(RedirectMiddleware):
    """Scrapy's redirects, with a loop told as one: a redirect back to a URL of its own chain
    is a redirect loop (the scheduler's duplicate filter would otherwise drop it without a
    word, and the page's feed entry with it)."""

    def process_response(  # type: ignore[override]  # the modern form, without `spider`
        self, request: Request, response: Response
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request) and result is not request:
            chain = {*request.meta.get("redirect_urls", ()), request.url}
            if result.url in chain:
                raise IgnoreRequest(f"max redirections reached: {result.url} redirects in a loop")
        return result


class SiteSlotMiddleware:
    """Queue each request in the download slot of the host it goes to, also after a redirect.

    Scrapy's RedirectMiddleware copies the `download_slot` meta key into the redirected request,
    so a Google News link that redirects to an outlet would be sent in the aggregator's slot:
    without the outlet's delay, beside its concurrency limit and past its Retry-After. The
    project never sets slots of its own, so a slot that is not the request's host is stale.
    """

    def process_request(self, request: Request) -> None:
        slot = request.meta.get("download_slot")
        if slot is not None and slot != urlsplit(request.url).hostname:
            del request.meta["download_slot"]
        return None


class KnownArticleMiddleware:
    """Skip article requests whose URL is already stored (the check runs before robots.txt)."""

    def __init__(self, health: SourceHealth) -> None:
        self.health = health

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(SourceHealth.of(crawler))

    async def process_request(self, request: Request) -> None:
        if not request.meta.get("sora_article"):
            return None
        url = request.url
        if await self.health.database.read(lambda session: bool(known_urls(session, [url]))):
            self.health.count(stats.ARTICLES_SKIPPED_KNOWN, 1, request.meta.get("sora_poll"))
            raise KnownArticle(request.url)
        return None


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as seconds from now; None if unreadable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Honour `Retry-After` on 429 and 503, per download slot (domain).

    A wait up to SORA_RETRY_AFTER_MAX seconds holds back the domain's slot, so the retry that
    RetryMiddleware schedules and every other request to that domain wait for it. A longer
    wait is not sat out: the request is not retried, and further requests to the domain in
    this crawl are dropped (ServerAskedToWait); a source answering so keeps the time as its
    next_allowed_at. Runs before RetryMiddleware (550) on the way back from the downloader.
    """

    STATUSES = (429, 503)

    def __init__(self, crawler: Crawler, tally: Tally, max_wait: float) -> None:
        self.crawler = crawler
        self.tally = tally
        self.max_wait = max_wait
        self.blocked_until: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        max_wait = crawler.settings.getfloat("SORA_RETRY_AFTER_MAX", 60.0)
        return cls(crawler, tally_for(crawler), max_wait)

    @staticmethod
    def _key(request: Request) -> str:
        return request.meta.get("download_slot") or urlsplit(request.url).hostname or ""

    def _inc(self, request: Request, key: str, value: int = 1) -> None:
        self.tally.count(key, value, request.meta.get("sora_poll"))

    def process_request(self, request: Request) -> None:
        until = self.blocked_until.get(self._key(request))
        if until is not None and time.time() < until:
            self._inc(request, stats.RETRY_AFTER_DROPPED)
            raise ServerAskedToWait(
                f"{urlsplit(request.url).hostname} asked to wait until "
                f"{datetime.fromtimestamp(until, UTC):%Y-%m-%d %H:%M:%S} UTC"
            )
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in self.STATUSES:
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            return response
        key = self._key(request)
        self._inc(request, stats.RETRY_AFTER_RECEIVED)
        if wait > self.max_wait:
            request.meta["dont_retry"] = True
            self.blocked_until[key] = time.time() + wait
            logger.warning(
                "%s answered %d with Retry-After %.0fs (over %.0fs): no more requests to it "
                "in this run",
                key,
                response.status,
                wait,
                self.max_wait,
            )
            return response
        self._hold_slot(key, wait)
        self._inc(request, stats.RETRY_AFTER_WAITS)
        self._inc(request, stats.RETRY_AFTER_SECONDS, round(wait))
        logger.info("%s answered %d: waiting %.1fs (Retry-After)", key, response.status, wait)
        return response

    def _hold_slot(self, key: str, wait: float) -> None:
        engine = self.crawler.engine
        downloader = getattr(engine, "downloader", None)
        slot = downloader.slots.get(key) if downloader is not None else None
        if downloader is None or slot is None:
            return
        # The downloader sends a slot's next request `delay` after `lastseen`; moving lastseen
        # into the future holds every queued request (and the coming retry) back. A zero delay
        # skips that check, so the slot gets a token one.
        if not slot.delay:
            slot.delay = 0.001
        slot.lastseen = max(slot.lastseen, monotonic() + wait)
        if slot.latercall is None and slot.queue:
            # Nothing else would wake the queue: schedule the wake-up as the downloader does.
            downloader._process_queue(slot)


class PollRequestsMiddleware:
    """Count each request that reaches the downloader under the poll it serves (a robots.txt
    request serves none). Scrapy's own `downloader/request_count` is one process's."""

    def __init__(self, tally: Tally) -> None:
        self.tally = tally

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(tally_for(crawler))

    def process_request(self, request: Request) -> None:
        poll = request.meta.get("sora_poll")
        if poll is not None:
            self.tally.count(stats.REQUESTS, 1, poll)
        return None
