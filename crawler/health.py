"""The `SourceHealth` extension: the crawl's database, and every write about its sources.

It owns the database (opened in `from_crawler`, closed when the engine stops; the spider,
middlewares and pipelines reach it as `SourceHealth.of(crawler).database`) and writes what a
crawl learns about its sources, as the crawl goes, into the ledger of `storage.polls`: each
poll's answer (health, the next poll, validators waiting on the poll's row), the requests and
articles each poll still has pending, sources that turned out to have changed, and what
fetching found per poll (pages fetched, errors by kind...), from which the run's counters are
read. Nothing it writes depends on this process finishing the crawl, or doing all of it. A
write that fails for good (after `storage.writes`' retries) stops the crawl, leaves its polls
pending and is counted in the crawl's stats; failures that may be this machine's (no DNS, no
route) count against their sources only once the crawl is over and was not an outage.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any, Protocol, Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from sqlalchemy.orm import Session

from crawler import stats
from crawler.exceptions import UnstoredArticle
from crawler.items import ArticleItem, PollRef
from crawler.resources import CrawlDatabase, config_for, database_url_for
from monitor.config import Config
from monitor.errors import StorageError
from monitor.polling import CrawlPlan, PollAnswer, PollingPolicy, interval_for
from monitor.states import SourceKind
from storage.polls import (
    Progress,
    add_pending,
    grant_pages,
    judge_failures,
    record_answer,
    record_progress,
)
from storage.queries import record_discovered_via
from storage.writes import RetryPolicy, cause_of

logger = logging.getLogger(__name__)


class Tally(Protocol):
    """Where components count what they see (`crawler.stats` keys)."""

    def count(self, key: str, n: int = 1, poll: PollRef | None = None) -> None: ...


class StatsTally:
    """Counts in the crawl's stats only: a component used without `SourceHealth` (a test)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    def count(self, key: str, n: int = 1, poll: PollRef | None = None) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(key, n)


class SourceHealth:
    """Owns the crawl's database and writes every source's health, poll and counts.

    Writes the crawl must not run ahead of are awaited: a poll's answer, with the pages it
    was granted per site and the requests it sends (so a poll never looks settled while its
    requests are out). The rest (requests and articles settled, counts, changed sources) is
    gathered and written every FLUSH_EVERY seconds and when the spider closes; a crawl killed
    in between loses only counts and leaves polls pending, so their validators are not saved
    and the next run reads those sources again.
    """

    FLUSH_EVERY = 1.0

    def __init__(self, crawler: Crawler, database: CrawlDatabase, config: Config) -> None:
        self.crawler = crawler
        self.database = database
        self.config = config
        schedule = config.schedule
        self.policies: dict[SourceKind, PollingPolicy] = {
            kind: PollingPolicy(interval_for(kind, schedule.poll_every, schedule.crawl_every))
            for kind in SourceKind
        }
        self.progress = Progress.empty()
        self.discovered: dict[str, str] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._flushing: asyncio.Task[None] | None = None
        self._closed = False
        self._stopping = False
        self.crawl_id: str | None = None  # the plan's, once the spider has it

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        config = config_for(crawler)
        busy = config.database.busy_timeout.total_seconds()
        database = CrawlDatabase.open(
            database_url_for(crawler), busy_timeout=busy, policy=RetryPolicy.for_busy_timeout(busy)
        )
        extension = cls(crawler, database, config)
        connect = crawler.signals.connect
        connect(extension.item_done, signal=signals.item_scraped)
        connect(extension.item_done, signal=signals.item_dropped)
        # Not item_error: an article that could not be stored keeps its poll pending, so the
        # source's validators are not saved past it and the next run reads it again.
        connect(extension.request_dropped, signal=signals.request_dropped)
        connect(extension.spider_closed, signal=signals.spider_closed)
        connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    @classmethod
    def find(cls, crawler: Crawler) -> SourceHealth | None:
        try:
            return crawler.get_extension(cls)
        except RuntimeError:  # the extensions are not built yet (a component in a test)
            return None

    @classmethod
    def of(cls, crawler: Crawler) -> SourceHealth:
        """The crawl's `SourceHealth`: for components created after the extensions."""
        extension = cls.find(crawler)
        if extension is None:
            raise RuntimeError("the crawl needs crawler.health.SourceHealth in EXTENSIONS")
        return extension

    # -- the plan -------------------------------------------------------------------------

    async def plan(
        self, *, kinds: Sequence[SourceKind], only: Sequence[str] = (), force: bool = False
    ) -> CrawlPlan:
        """The plan the cycle handed over (SORA_PLAN), or, for a bare `scrapy crawl`, one made
        here as the cycle would make it."""
        plan: CrawlPlan | None = self.crawler.settings.get("SORA_PLAN")
        if plan is None:
            from crawler.planning import prepare

            work = partial(
                prepare, config=self.config, run_id=None, kinds=kinds, only=only, force=force
            )
            plan = await self.database.write(work, what="the crawl's plan")
        self.crawl_id = plan.crawl
        return plan

    # -- what the crawl learns, as it goes ------------------------------------------------

    async def release(
        self,
        poll: PollRef,
        answer: PollAnswer | None,
        *,
        pages: Mapping[str, int],
        sent: int,
    ) -> dict[str, int]:
        """A response (or failure) of `poll` was read: record the source's `answer` if it is
        one, grant article `pages` per host against [crawl] max_pages_per_site, and count the
        `sent` other requests and articles as pending, all before any of them leaves.
        Returns the pages granted per host. Pages over the cap stay pending: the poll never
        settles, so its validators are not saved and the next run (with a fresh cap) reads the
        source again and fetches them."""
        if answer is None and not pages and sent <= 1:
            # Nothing to grant, nothing to wait for: a page that gave its article, or nothing.
            if sent == 0:
                self.settled(poll)
            return {}
        cap = self.config.crawl.max_pages_per_site
        disable_after = float(self.config.crawl.disable_after)

        def work(session: Session) -> dict[str, int]:
            granted = grant_pages(session, poll.crawl, pages, cap)
            pending = sent + sum(pages.values()) - 1  # this response is done
            if answer is not None:
                record_answer(
                    session, poll.id, answer, policies=self.policies,
                    disable_after=disable_after, pending=pending,
                )
            elif pending:
                add_pending(session, poll.id, pending)
            return granted

        return await self.database.write(work, what="a source's answer")

    def settled(self, poll: PollRef | None, count: int = 1) -> None:
        """Requests or articles of `poll` are done with (stored, dropped, failed)."""
        if poll is not None:
            self.progress.settled[poll.id] += count
            self._soon()

    def changed(self, poll: PollRef) -> None:
        """The source of `poll` brought something new after all (a site's section page)."""
        self.progress.changed.add(poll.id)
        self._soon()

    def count(self, key: str, n: int = 1, poll: PollRef | None = None) -> None:
        """Count in the crawl's stats, and in the poll's row for the run's counters."""
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(key, n)
        if poll is not None:
            self.progress.counts.setdefault(poll.id, Counter())[key] += n
            self._soon()

    def discovered_via(self, url: str, via: str) -> None:
        """An aggregator listed an article that is stored already: note it there."""
        self.discovered[url] = via
        self._soon()

    # -- signals --------------------------------------------------------------------------

    def item_done(self, item: Any, exception: BaseException | None = None, **kwargs: Any) -> None:
        # An article that could not be stored stays pending: its poll does not settle, so the
        # source's validators are not saved past it and the next run fetches it again.
        if isinstance(item, ArticleItem) and not isinstance(exception, UnstoredArticle):
            self.settled(item.poll)

    # -- storage that failed for good -----------------------------------------------------

    def storage_failed(self, error: StorageError, key: str) -> None:
        """A write failed after its retries (`key`: what was lost, a `crawler.stats` key).

        The first time, the crawl stops: what it fetched and could not store is left pending
        and the next run fetches it again; the run reads the count and the cause from the
        stats. Counted in the stats only, since the database cannot take it.
        """
        values = self.crawler.stats
        assert values is not None
        values.inc_value(key)
        values.inc_value(stats.error("store_" + cause_of(error)))
        values.set_value(stats.STORAGE_FAULT, cause_of(error))
        values.set_value(stats.STORAGE_ERROR, str(error))
        if self._stopping or self._closed:
            return
        self._stopping = True
        logger.error(
            "Storage failed: %s; stopping the crawl (the next run fetches again what was not "
            "stored)", error,
        )
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            asyncio.ensure_future(engine.close_spider_async(reason="storage_failed"))

    def request_dropped(self, request: Request, **kwargs: Any) -> None:
        # The scheduler's duplicate filter: another feed asked for the same page.
        self.settled(request.meta.get("sora_poll"))

    async def spider_closed(self, spider: Any, reason: str) -> None:
        self._closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._flushing is not None:
            await self._flushing
        try:
            await self.flush(again=True)
            await self.judge_failures()
        except StorageError as exc:
            # The polls it would have settled stay pending: their sources are read again.
            logger.error("Could not record the crawl's progress: %s", exc)

    async def judge_failures(self) -> None:
        """Count the failures that may have been this machine's against their sources, unless
        every source failed so (an outage: `storage.polls.judge_failures`)."""
        crawl = self.crawl_id
        if not crawl:
            return
        disable_after = float(self.config.crawl.disable_after)
        work = partial(
            judge_failures, crawl=crawl, policies=self.policies, disable_after=disable_after
        )
        outage = await self.database.write(work, what="the crawl's failures", again=True)
        if outage:
            logger.warning(
                "Every source failed as when this machine is offline (no DNS, no route, "
                "nothing answering): not counted against the sources' health"
            )

    def engine_stopped(self) -> None:
        self.database.close()

    # -- writing what was gathered --------------------------------------------------------

    def _soon(self) -> None:
        if self._timer is None and self._flushing is None and not self._closed:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(self.FLUSH_EVERY, self._start_flush)

    def _start_flush(self) -> None:
        self._timer = None
        self._flushing = asyncio.ensure_future(self._flush_then_again())

    async def _flush_then_again(self) -> None:
        try:
            await self.flush()
        except StorageError:
            pass  # kept for the next flush (flush says so); the last one, at close, tries again
        finally:
            self._flushing = None
        if self.progress or self.discovered:
            self._soon()

    async def flush(self, *, again: bool = False) -> None:
        """Write what was gathered since the last time, in one transaction. What cannot be
        written is kept for the next flush (StorageError); `again` tries even when storage
        has failed for good already (the last flush)."""
        progress, self.progress = self.progress, Progress.empty()
        discovered, self.discovered = self.discovered, {}
        if not progress and not discovered:
            return
        now = datetime.now(UTC)

        def work(session: Session) -> None:
            if progress:
                record_progress(session, progress, self.policies, now=now)
            if discovered:
                record_discovered_via(session, discovered)

        try:
            await self.database.write(work, what="the crawl's progress", again=again)
        except StorageError:
            self.progress = progress.merged(self.progress)
            self.discovered = discovered | self.discovered
            raise


def tally_for(crawler: Crawler) -> Tally:
    """The crawl's `SourceHealth`, or the stats alone when there is none."""
    return SourceHealth.find(crawler) or StatsTally(crawler)
