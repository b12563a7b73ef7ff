"""The analysis processes of a crawl: how they start, how many there are, pages in flight.

Spawned workers import only the analysis, not the program that started them: `spawn` re-imports
the parent's `__main__` in every child, which for `sora-monitor` is the whole command line
(click, Rich, SQLAlchemy, ~50 MB a worker) that a worker never uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from crawler.memory import MemoryTrim
from crawler.orphans import tie_to_parent

if TYPE_CHECKING:
    from monitor.articles import AnalysisOptions, ArticleAnalysis, Page

T = TypeVar("T")


def analyze_page(page: Page, options: AnalysisOptions) -> ArticleAnalysis | None:
    """`monitor.analysis.analyze_page`, imported where it first runs: in a worker, or in the
    crawl's analysis thread while a crawl is small. The main process of a crawl whose pages all
    go to the workers never loads the analysis (trafilatura, numpy, langdetect's profiles, the
    sentence encoder: ~45 MB), since the pool is handed this function (pickled by its name)
    rather than that module's."""
    from monitor.analysis import analyze_page as analyze

    try:
        return analyze(page, options)
    finally:
        # Parsing pages, and langdetect's profiles on the first, leave freed memory behind:
        # trimmed after every 16th page, a worker holds ~15 MB less on a 1,000-page crawl.
        _TRIM.count()


_TRIM = MemoryTrim(16)


def init_analysis_worker(parent: int) -> None:
    """Run once in each analysis process as it starts (the pools' initializer): the worker
    ends with `parent`, however that ends (crawler.orphans)."""
    tie_to_parent(parent)


@contextlib.contextmanager
def main_module_hidden() -> Iterator[None]:
    """While processes are spawned, `__main__` names no module and no file, so that the
    children do not import it (multiprocessing.spawn reads both to prepare a child).

    Only the reactor thread spawns analysis workers; nothing else reads these attributes.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    names = ("__spec__", "__file__")
    saved: dict[str, Any] = {name: main.__dict__[name] for name in names if name in main.__dict__}
    main.__dict__["__spec__"] = None
    main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        main.__dict__.update(saved)
        if "__file__" not in saved:
            main.__dict__.pop("__file__", None)


def spawn_pool(processes: int) -> ProcessPoolExecutor:
    """A pool of `processes` spawned workers (spawn, not fork: forking a process that runs a
    reactor and threads is unsafe), started as work arrives for them."""
    return ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_analysis_worker,
        initargs=(os.getpid(),),
    )


@dataclass
class _Pool:
    executor: ProcessPoolExecutor
    processes: int
    in_flight: int = 0


class AnalysisProcesses:
    """Up to `workers` analysis processes: one at first, the others once it falls behind.

    A run whose pages are mostly skimmed (a few milliseconds each) is paced by the main
    process, and one worker keeps up with it; more would only hold memory. When pages have
    been waiting for a place during more than GROW_SHARE of a GROW_WINDOW_S window, the
    workers are the bottleneck (pages analysed in full cost ten times a skim), and a second
    pool of `workers - 1` processes starts beside the first. A share of the time, not a length
    of it: on a machine busy with other work everything is slower, the main process too.
    Windows start once the first page has come back (while a worker starts, pages wait).
    At most IN_FLIGHT_PER_PROCESS pages per process are in flight: a page waiting for a place
    holds Scrapy's item processing back, and with it further downloads.
    """

    IN_FLIGHT_PER_PROCESS = 2
    GROW_WINDOW_S = 1.0
    GROW_SHARE = 0.8

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self.pools: list[_Pool] = []
        self._places: asyncio.Semaphore | None = None
        self._waiting = 0  # pages waiting for a place now
        self._window = 0.0  # when the current window began
        self._waited = 0.0  # time in it with pages waiting (up to `_since`)
        self._since = 0.0
        self._started = False  # a page came back: the first worker is up and warm

    @property
    def processes(self) -> int:
        """Processes started or allowed so far (0 before the first page)."""
        return sum(pool.processes for pool in self.pools)

    def _add(self, processes: int) -> None:
        self.pools.append(_Pool(spawn_pool(processes), processes))
        assert self._places is not None
        for _ in range(processes * self.IN_FLIGHT_PER_PROCESS):
            self._places.release()

    def _account(self, now: float) -> None:
        """Count the time since the last change in the window, and judge a full window."""
        if self._waiting and self._started:
            self._waited += now - self._since
        self._since = now
        if not self._started:  # pages wait while the first worker starts: that says nothing
            self._window = now
        elif now - self._window >= self.GROW_WINDOW_S:
            if self._waited / (now - self._window) > self.GROW_SHARE:
                if self.processes < self.workers:
                    self._add(self.workers - self.processes)
            self._window, self._waited = now, 0.0

    async def _place(self) -> None:
        assert self._places is not None
        self._account(time.monotonic())
        self._waiting += 1
        try:
            await self._places.acquire()
        finally:
            self._account(time.monotonic())
            self._waiting -= 1

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)` in a worker process (both picklable)."""
        if self._places is None:
            self._places = asyncio.Semaphore(0)
            self._window = self._since = time.monotonic()
            self._add(1)
        await self._place()
        pool = min(self.pools, key=lambda p: p.in_flight / p.processes)
        pool.in_flight += 1
        try:
            loop = asyncio.get_running_loop()
            with main_module_hidden():  # submitting may spawn a worker
                future = loop.run_in_executor(pool.executor, function, *args)
            result = await future
            self._started = True
            return result
        finally:
            pool.in_flight -= 1
            self._places.release()

    def shutdown(self) -> None:
        for pool in self.pools:
            pool.executor.shutdown(wait=True)
