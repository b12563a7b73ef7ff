"""Stopping a crawl on a signal: the first finishes what is in flight, the second stops at once.

The first signal (SIGINT or SIGTERM) says on stderr that the crawl is stopping, and stops it
gracefully: nothing new is sent (requests waiting in the scheduler or in a site's download
queue are dropped, so a politeness delay does not make a person wait for pages that were never
asked for, and robots.txt fetches under way are not waited for), while the pages already on
the wire are fetched, analysed and stored, and what the crawl learnt is written
(`crawler.health.SourceHealth`). If that takes longer than SORA_STOP_GRACE seconds, or a
second signal comes, the crawl stops at once: the reactor stops, and work not finished is
simply not recorded. Either way nothing stored is lost, and the polls whose requests were
dropped stay pending, so their sources' validators are not saved and the
next run fetches what is left (see `storage.polls`).

SIGTERM (a service manager's stop, the daemon stopping its crawl) is taken as the first Ctrl-C
is: a graceful stop, and a second signal of either kind stops at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any, Self

from scrapy import Request, signals
from scrapy.crawler import AsyncCrawlerProcess, Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from crawler.exceptions import CrawlInterrupted

logger = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

# A crawler signal, sent on the reactor thread when the crawl is asked to stop.
crawl_stopping = object()


@dataclass(frozen=True)
class Interruption:
    """How a crawl was stopped by a signal."""

    signum: int
    forced: bool  # stopped at once (a second signal, or what was in flight outlasted the grace)

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        """What a shell says for a process a signal ended: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum


def say(line: str) -> None:
    """One line on stderr for the person who sent the signal (above a progress line)."""
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write(f"sora-monitor: {line}\n")
        sys.stderr.flush()


def _ours(request: Request) -> bool:
    """A request of the crawl's own (a source, a page), not one Scrapy sends for it (robots.txt,
    which requests already in flight may be waiting for)."""
    return "sora_kind" in request.meta


class StopRequestsMiddleware:
    """Once the crawl is stopping, its requests not on the wire yet are not sent.

    Those already queued in a site's download slot are failed with `CrawlInterrupted`, and so
    is any that reaches the downloader afterwards; the spider's errbacks leave them pending in
    their poll's ledger (`crawler.spiders.sources`).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.stop, signal=crawl_stopping)
        return middleware

    def process_request(self, request: Request) -> None:
        if self.stopping and _ours(request):
            raise CrawlInterrupted(f"not sent: the crawl is stopping ({request.url})")

    def stop(self) -> None:
        self.stopping = True
        try:
            engine = self.crawler.engine
        except RuntimeError:  # the crawl has not started its engine yet: nothing is queued
            return
        dropped = 0
        for slot in list(engine.downloader.slots.values()):
            kept = []
            while slot.queue:
                request, waiting = slot.queue.popleft()
                if not _ours(request):
                    kept.append((request, waiting))
                    continue
                waiting.errback(Failure(CrawlInterrupted(f"not sent: {request.url}")))
                dropped += 1
            slot.queue.extend(kept)
        logger.info("Stopping: %d queued requests dropped", dropped)


class StoppableRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, whose fetches a stopping crawl no longer waits for.

    A robots.txt only decides whether requests may be sent, and a stopping crawl sends none: the
    fetches on the wire are cancelled and the requests waiting for them go on, to be failed by
    `StopRequestsMiddleware`. Otherwise a slow robots.txt held a graceful stop for the whole
    grace with nothing of ours in flight.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.stopping = False
        self._fetches: set[asyncio.Task[RobotParser | None]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.stop, signal=crawl_stopping)
        return middleware

    async def robot_parser(self, request: Request) -> RobotParser | None:
        if self.stopping:
            return None
        # A task of its own, so that stopping cancels the fetch and not the request's chain.
        fetch = asyncio.ensure_future(super().robot_parser(request))
        self._fetches.add(fetch)
        fetch.add_done_callback(self._fetches.discard)
        try:
            return await fetch
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if not self.stopping or (current is not None and current.cancelling()):
                raise  # the request itself is being cancelled (a stop at once)
            return None

    def stop(self) -> None:
        self.stopping = True
        for fetch in list(self._fetches):
            fetch.cancel()
        for netloc, parser in list(self._parsers.items()):
            if isinstance(parser, Deferred):  # requests waiting for a fetch just cancelled
                self._parsers[netloc] = None
                parser.callback(None)


class Interrupts:
    """SIGINT and SIGTERM handlers for one crawl: the first signal stops it gracefully, a
    second (or the grace running out) at once. `interruption` says what happened."""

    def __init__(self, process: AsyncCrawlerProcess, crawler: Crawler, grace: float) -> None:
        self.process = process
        self.crawler = crawler
        self.grace = grace
        self.first: int | None = None
        self.forced = False
        self._previous: dict[int, Any] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._deadline: asyncio.TimerHandle | None = None
        self._stopping: asyncio.Future[None] | None = None
        crawler.signals.connect(self._engine_started, signal=signals.engine_started)

    @property
    def interruption(self) -> Interruption | None:
        if self.first is None:
            return None
        return Interruption(self.first, self.forced)

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        """Handle the stop signals on `loop`'s thread (call it on the main thread)."""
        self._loop = loop
        for signum in STOP_SIGNALS:
            self._previous[signum] = signal.signal(signum, self._received)

    def restore(self) -> None:
        """Put back the handlers that were there before `install`."""
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()
        if self._deadline is not None:
            self._deadline.cancel()

    # A signal handler only takes note and hands over to the loop: logging or writing to a
    # stream here could re-enter the code it interrupted.
    def _received(self, signum: int, frame: FrameType | None) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        if self.first is None:
            self.first = signum
            self._call(loop, self._stop_gracefully, signum)
        elif not self.forced:
            self.forced = True
            self._call(loop, self._stop_now, f"{signal.Signals(signum).name} again")

    @staticmethod
    def _call(loop: asyncio.AbstractEventLoop, callback: Callable[..., None], *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(callback, *args)

    def _stop_gracefully(self, signum: int) -> None:
        again = "Ctrl-C" if signum == signal.SIGINT else "the signal"
        say(
            f"{signal.Signals(signum).name}: stopping; storing the pages in flight "
            f"(at most {self.grace:g}s; {again} again to stop at once)"
        )
        self.crawler.signals.send_catch_log(signal=crawl_stopping)
        self._stopping = asyncio.ensure_future(self.process.stop())
        assert self._loop is not None
        self._deadline = self._loop.call_later(self.grace, self._outlasted)

    async def _engine_started(self) -> None:
        # Scrapy stops only an engine that runs: asked to stop while the spider was opening,
        # the crawler forgot the request, and the engine, once running, was never stopped. It
        # ran its start requests, went idle and waited for the grace to run out.
        if self.first is not None:
            await self.crawler.engine.stop_async()

    def _outlasted(self) -> None:
        self._deadline = None
        if not self.forced:
            self.forced = True
            self._stop_now(f"what was in flight did not finish within {self.grace:g}s")

    def _stop_now(self, why: str) -> None:
        say(f"{why}: stopping at once; the next run fetches what was left")
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        if self.crawler.settings.getbool("TWISTED_REACTOR_ENABLED"):
            from twisted.internet import reactor

            with contextlib.suppress(RuntimeError):  # stopping already
                reactor.stop()  # type: ignore[misc]
            return
        assert self._loop is not None
        for task in asyncio.all_tasks(self._loop):  # the process's main task among them
            task.cancel()
