"""Item pipelines: analyse each article page (skimmed, or in full), then store it.

Stores go through the crawl's single writer (`crawler.resources.CrawlDatabase`).
"""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property, partial
from typing import Any, Self

from scrapy.crawler import Crawler
from sqlalchemy.orm import Session

from crawler import stats
from crawler.analysis_pool import AnalysisProcesses, analyze_page
from crawler.batched_writes import BatchedWrites
from crawler.exceptions import DuplicateArticle, EmptyArticle, UnstoredArticle
from crawler.health import SourceHealth
from crawler.items import ArticleItem
from crawler.memory import MemoryTrim
from crawler.resources import config_for
from monitor.articles import AnalysisOptions, Page
from monitor.clusters import choose_cluster
from monitor.errors import StorageError
from monitor.states import StoreOutcome
from storage.locks import lock_story_keys
from storage.outbox import enqueue_story
from storage.queries import (
    cluster_candidates,
    record_discovered_via,
    sync_sources,
    upsert_article,
)
from storage.sightings import record_sightings

logger = logging.getLogger(__name__)


class AnalyzePipeline:
    """Give each `ArticleItem` its `ArticleAnalysis`, off the reactor thread.

    A page that never names Sora is only skimmed (a few milliseconds); one that does is
    extracted and analysed in full (tens of milliseconds, and the sentence encoder).

    - A small run (a cron poll that finds a few new articles: no more than
      SORA_ANALYSIS_POOL_AFTER requests scheduled so far) analyses in a thread, where a
      process would cost more to start than it saves.
    - In any larger run every page goes to the analysis processes (`crawler.analysis_pool`):
      one at first, up to SORA_ANALYSIS_WORKERS (default: one per core) once it falls behind,
      with the pages in flight bounded. The main process (Scrapy and storage) then analyses
      nothing more, so a run that is large from its first page never loads langdetect's
      profiles or the sentence encoder there; a run that mostly skims keeps one worker, since
      the main process's own work sets its pace.

    With SORA_ANALYSIS_WORKERS 0 or 1 every page is analysed in the thread.
    """

    def __init__(
        self, crawler: Crawler, workers: int, pool_after: int, options: AnalysisOptions
    ) -> None:
        self.crawler = crawler
        self.workers = workers
        self.pool_after = pool_after
        self.options = options
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="sora-analysis")
        self.processes = AnalysisProcesses(workers)
        self.pages = 0
        self.trim = MemoryTrim(32)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        claims = config_for(crawler).claims
        options = AnalysisOptions(str(claims.catalogue) if claims.catalogue else None, claims.mode)
        settings = crawler.settings
        workers = settings.getint("SORA_ANALYSIS_WORKERS", os.cpu_count() or 1)
        return cls(crawler, workers, settings.getint("SORA_ANALYSIS_POOL_AFTER", 40), options)

    def _in_thread(self, page: Page) -> bool:
        self.pages += 1
        if self.workers < 2:
            return True
        if self.processes.pools:
            return False
        assert self.crawler.stats is not None
        scheduled = self.crawler.stats.get_value("scheduler/enqueued", 0)
        return max(self.pages, scheduled) <= self.pool_after

    def close_spider(self) -> None:
        self.thread.shutdown(wait=True)
        self.processes.shutdown()

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        page = item.page  # only the page goes to the pool
        if self._in_thread(page):
            loop = asyncio.get_running_loop()
            analysis = await loop.run_in_executor(self.thread, analyze_page, page, self.options)
        else:
            if not self.processes.pools:
                assert self.crawler.stats is not None
                self.crawler.stats.set_value(stats.ANALYSIS_WORKERS, self.workers)
            analysis = await self.processes.run(analyze_page, page, self.options)
        # The pages' HTML that passed through here leaves freed memory behind: trimmed after
        # every 32nd page, the main process holds ~20 MB less on a 1,000-page crawl.
        self.trim.count()
        if analysis is None:
            raise EmptyArticle(page.url)
        item.analysis = analysis
        return item


class StorePipeline:
    """Store analysed articles on the crawl's single writer thread: several to a transaction,
    each alone again if a shared one fails (`crawler.batched_writes`)."""

    def __init__(self, crawler: Crawler, health: SourceHealth) -> None:
        self.crawler = crawler
        self.health = health
        self.source_ids: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, SourceHealth.of(crawler))

    @cached_property
    def writes(self) -> BatchedWrites:
        # Made with the first article, on the reactor's loop that will flush it.
        return BatchedWrites(self.health.database)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem) or item.analysis is None:
            return item
        analysis = item.analysis
        outcome = await self._write(item)
        self.health.count(stats.articles(outcome), 1, item.poll)
        if outcome == StoreOutcome.NEW and analysis.relevant is False:
            self.health.count(stats.ARTICLES_IRRELEVANT, 1, item.poll)
        if outcome == StoreOutcome.DUPLICATE:
            raise DuplicateArticle(analysis.canonical_url)
        return item

    # -- the write: its transaction and retries are storage's (`storage.writes`) -----------

    async def _write(self, item: ArticleItem) -> StoreOutcome:
        """Store the article in a transaction of its own, tried again on a passing fault; one
        line and `UnstoredArticle` (its poll stays pending) when it cannot be stored."""
        assert item.analysis is not None
        url = item.analysis.canonical_url
        try:
            # Several articles to a transaction; each alone again if a shared one fails.
            return await self.writes.write(
                partial(self._store_article, item), what=f"the article {url}"
            )
        except StorageError as exc:
            logger.error("Article %s not stored: %s", url, exc)
            self.health.storage_failed(exc, stats.ARTICLES_UNSTORED)
            raise UnstoredArticle(url, str(exc)) from None

    def _store_article(self, item: ArticleItem, session: Session) -> StoreOutcome:
        analysis = item.analysis
        assert analysis is not None
        if not self.source_ids:
            self.source_ids = sync_sources(session, [])
        lock_story_keys(session, [analysis.content_hash, *analysis.band_keys])
        candidates = cluster_candidates(session, analysis.content_hash, analysis.band_keys)
        cluster = choose_cluster(analysis.content_hash, analysis.signature, candidates)
        result = upsert_article(
            session,
            analysis,
            source_ids=self.source_ids,
            cluster_id=cluster,
            run_id=item.poll.run if item.poll else None,
        )
        if item.via is not None:
            record_discovered_via(session, {analysis.canonical_url: item.via})
        stored = result.outcome in (StoreOutcome.NEW, StoreOutcome.UPDATED)
        if stored and analysis.claims:
            record_sightings(
                session,
                result.article_id,
                analysis.claims,
                published_at=result.published_at or result.first_seen_at,
                first_seen_at=result.first_seen_at,
            )
        if stored:
            # The outbox row is written in the article's transaction: an alert exists
            # exactly when its article does, whatever crashes afterwards.
            enqueue_story(session, result.article_id, config_for(self.crawler).alerts)
        return result.outcome
