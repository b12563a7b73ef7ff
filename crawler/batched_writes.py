"""Articles stored several to a transaction, each on its own again when a shared one fails.

A transaction costs the main process more than some of the writes in it (a session, BEGIN,
COMMIT, the hop to the writer thread); a large crawl stores tens of articles a second.
`BatchedWrites` gathers the writes that arrive within LINGER_S seconds (at most MAX_BATCH) and
runs them in one transaction of the crawl's single writer (`CrawlDatabase.write`). Each write
still sees the ones before it, as it would one transaction later. If that transaction fails,
for whatever reason, nothing of it was stored, and every write of the batch is run again in a
transaction of its own: one bad article fails alone and loses no other.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from crawler.resources import CrawlDatabase

T = TypeVar("T")

_Write = tuple[Callable[[Session], Any], str, "asyncio.Future[Any]"]


class BatchedWrites:
    """Writes gathered into shared transactions, in the order they were asked for."""

    MAX_BATCH = 32
    LINGER_S = 0.05

    def __init__(self, database: CrawlDatabase) -> None:
        self.database = database
        self.pending: list[_Write] = []
        self._timer: asyncio.TimerHandle | None = None
        self._lock = asyncio.Lock()
        self._flushes: set[asyncio.Task[None]] = set()
        self.batches = 0  # shared transactions committed
        self.fallbacks = 0  # shared transactions that failed and were written one by one

    async def write(self, work: Callable[[Session], T], *, what: str = "a write") -> T:
        """`work(session)` in a transaction shared with the writes around it; its result, or
        the exception it raised when it ran in a transaction of its own (`what` names it in
        the one line a write that cannot be done gives)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self.pending.append((work, what, future))
        if len(self.pending) >= self.MAX_BATCH:
            self._start_flush()
        elif self._timer is None:
            self._timer = loop.call_later(self.LINGER_S, self._start_flush)
        return await future

    def _start_flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self.pending = self.pending, []
        if batch:
            task = asyncio.ensure_future(self._flush(batch))
            self._flushes.add(task)  # held until done: the loop keeps only weak references
            task.add_done_callback(self._flushes.discard)

    async def _flush(self, batch: list[_Write]) -> None:
        async with self._lock:  # batches are written, and fall back, in order
            if len(batch) > 1:
                try:
                    results = await self.database.write(
                        lambda session: [work(session) for work, _, _ in batch],
                        what=f"{len(batch)} articles",
                    )
                except Exception:
                    self.fallbacks += 1
                else:
                    self.batches += 1
                    for (_, _, future), result in zip(batch, results, strict=True):
                        if not future.done():
                            future.set_result(result)
                    return
            for work, what, future in batch:
                try:
                    result = await self.database.write(work, what=what)
                except Exception as exc:
                    if not future.done():
                        future.set_exception(exc)
                else:
                    if not future.done():
                        future.set_result(result)
