"""The `LeaseKeeper` extension of a worker: keeps its leases alive, acks each when its work is in.

A request popped from the shared queue is held under a lease (`crawler.redis_queue`). It is
done when its callback (or errback) has finished and everything it gave has gone through: each
article stored or dropped (the item signals), each request it asked for queued in Redis (the
scheduler tells). Its lease is acked only after `SourceHealth` has written what the crawl
counted, so when the queue is empty and no lease is held, the database holds everything the
cycle did and `run` can close it. Leases are renewed while held; a worker that dies stops
renewing, and its requests go back to the queue when their leases run out.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured

from crawler.health import SourceHealth
from crawler.redis_queue import LeaseQueue, connect, worker_id
from monitor.config import ScaleConfig

logger = logging.getLogger(__name__)

# How often an idle worker asks the queue for work (Scrapy's engine asks every 5 s by itself).
POLL_EVERY = 0.2


@dataclass
class _Held:
    outstanding: int = 0  # articles and requests it gave that are not through yet
    finished: bool = False  # its callback or errback has returned


def _nothing() -> None:
    return None


class LeaseKeeper:
    """Tracks the worker's leases, renews them, and acks them once their work is recorded."""

    TICK = 0.25  # seconds between acks

    def __init__(self, crawler: Crawler, queue: LeaseQueue, scale: ScaleConfig) -> None:
        self.crawler = crawler
        self.queue = queue
        self.lease_ms = int(scale.lease.total_seconds() * 1000)
        self.worker = worker_id()
        self.held: dict[str, _Held] = {}
        self.done: list[str] = []
        self.items: dict[int, tuple[str, Any]] = {}  # id(item) -> (lease, item)
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scale: ScaleConfig | None = crawler.settings.get("SORA_SCALE")
        if scale is None or not scale.redis:
            raise NotConfigured("not a worker")
        keeper = cls(crawler, LeaseQueue(connect(scale), scale.prefix), scale)
        connect_signal = crawler.signals.connect
        connect_signal(keeper.engine_started, signal=signals.engine_started)
        connect_signal(keeper.spider_idle, signal=signals.spider_idle)
        connect_signal(keeper.item_done, signal=signals.item_scraped)
        connect_signal(keeper.item_done, signal=signals.item_dropped)
        connect_signal(keeper.item_done, signal=signals.item_error)
        connect_signal(keeper.spider_closed, signal=signals.spider_closed)
        return keeper

    @classmethod
    def of(cls, crawler: Crawler) -> LeaseKeeper:
        keeper = crawler.get_extension(cls)
        if keeper is None:
            raise RuntimeError("a worker needs crawler.leases.LeaseKeeper in EXTENSIONS")
        return keeper

    # -- what the scheduler, the spider and the pipelines say ------------------------------

    def taken(self, lease: str) -> None:
        self.held[lease] = _Held()

    def replaced(self, lease: str) -> None:
        """The request became another one, queued in its place (a redirect, a retry)."""
        self.held.pop(lease, None)

    def emitted(self, lease: str, item: Any = None) -> None:
        """The request's callback gave an article (`item`) or asked for a request."""
        held = self.held.get(lease)
        if held is None:
            return
        held.outstanding += 1
        if item is not None:
            self.items[id(item)] = (lease, item)

    def output_done(self, lease: str) -> None:
        held = self.held.get(lease)
        if held is not None:
            held.outstanding -= 1
            self._check(lease, held)

    def finished(self, lease: str) -> None:
        held = self.held.get(lease)
        if held is not None:
            held.finished = True
            self._check(lease, held)

    def item_done(self, item: Any, **kwargs: Any) -> None:
        found = self.items.pop(id(item), None)
        if found is not None:
            self.output_done(found[0])

    def _check(self, lease: str, held: _Held) -> None:
        if held.finished and held.outstanding <= 0:
            del self.held[lease]
            self.done.append(lease)

    # -- the worker's loop ------------------------------------------------------------------

    def engine_started(self) -> None:
        engine = self.crawler.engine
        # Ask the shared queue for work often while idle (the heartbeat starts after this
        # signal; Scrapy has no setting for it).
        assert engine is not None
        engine._SLOT_HEARTBEAT_INTERVAL = POLL_EVERY
        self._task = asyncio.ensure_future(self._loop())

    def spider_idle(self) -> None:
        raise DontCloseSpider("a worker waits for the shared queue")

    async def _loop(self) -> None:
        ticks = 0
        renew_every = max(1, int(self.lease_ms / 1000 / 4 / self.TICK))
        while True:
            await asyncio.sleep(self.TICK)
            ticks += 1
            try:
                await self.ack_done()
                if ticks % renew_every == 0:
                    self.queue.renew([*self.held, *self.done], self.lease_ms)
                if ticks % 4 == 0:
                    self.queue.beat(self.worker)
                    self.queue.reap()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Could not reach the shared queue; trying again")

    async def ack_done(self) -> None:
        """Write what the crawl counted, then ack the leases whose work is through."""
        if not self.done:
            return
        done, self.done = self.done, []
        health = SourceHealth.of(self.crawler)
        try:
            await health.flush()
            # A flush already under way (SourceHealth's own timer) may hold these leases'
            # counts: the writer runs one job after another, so an empty job queued now ends
            # after it.
            await asyncio.get_running_loop().run_in_executor(health.database.writer, _nothing)
        except Exception:
            self.done.extend(done)  # acked later; their leases are still renewed
            raise
        self.queue.ack(done)

    async def spider_closed(self, spider: Any, reason: str) -> None:
        if self._task is not None:
            self._task.cancel()
        try:
            await self.ack_done()
        finally:
            back = self.queue.release(list(self.held))
            if back:
                logger.info("%d requests this worker held went back in the queue", back)
            self.queue.gone(self.worker)
