"""Item pipelines: analyse each article page in a worker pool, then store it (a transaction each).

Stores go through the crawl's single writer (`crawler.resources.CrawlDatabase`).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from functools import partial
from typing import Any, Self

from scrapy.crawler import Crawler
from sqlalchemy.orm import Session

from crawler import stats
from crawler.exceptions import DuplicateArticle, EmptyArticle, UnstoredArticle
from crawler.health import SourceHealth
from crawler.items import ArticleItem
from crawler.orphans import tie_to_parent
from crawler.resources import config_for
from monitor.analysis import AnalysisOptions, analyze_page
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

    Extraction and analysis cost tens of milliseconds of CPU per page. A small run (a cron poll
    that finds a few new articles) analyses in one worker thread; once a run has had more than
    SORA_ANALYSIS_POOL_AFTER pages, the rest go to a pool of SORA_ANALYSIS_WORKERS processes
    (default: one per core), whose start-up only pays off for larger runs.
    """

    def __init__(
        self, crawler: Crawler, workers: int, pool_after: int, options: AnalysisOptions
    ) -> None:
        self.crawler = crawler
        self.workers = workers
        self.pool_after = pool_after
        self.options = options
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="sora-analysis")
        self.pool: Executor | None = None
        self.pages = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        claims = config_for(crawler).claims
        options = AnalysisOptions(str(claims.catalogue) if claims.catalogue else None, claims.mode)
        settings = crawler.settings
        workers = settings.getint("SORA_ANALYSIS_WORKERS", os.cpu_count() or 1)
        return cls(crawler, workers, settings.getint("SORA_ANALYSIS_POOL_AFTER", 40), options)

    def _executor(self) -> Executor:
        self.pages += 1
        if self.workers < 2 or self.pages <= self.pool_after:
            return self.thread
        if self.pool is None:
            # spawn, not fork: forking a process that runs a reactor and threads is unsafe.
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                # Workers end with this process, however it ends (crawler.orphans).
                initializer=tie_to_parent,
                initargs=(os.getpid(),),
            )
            assert self.crawler.stats is not None
            self.crawler.stats.set_value(stats.ANALYSIS_WORKERS, self.workers)
        return self.pool

    def close_spider(self) -> None:
        self.thread.shutdown(wait=True)
        if self.pool is not None:
            self.pool.shutdown(wait=True)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        loop = asyncio.get_running_loop()
        page = item.page  # only the page goes to the pool
        analysis = await loop.run_in_executor(self._executor(), analyze_page, page, self.options)
        if analysis is None:
            raise EmptyArticle(page.url)
        item.analysis = analysis
        return item


class StorePipeline:
    """Store analysed articles: one transaction each, on the crawl's single writer thread."""

    def __init__(self, crawler: Crawler, health: SourceHealth) -> None:
        self.crawler = crawler
        self.health = health
        self.source_ids: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, SourceHealth.of(crawler))

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
            return await self.health.database.write(
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
