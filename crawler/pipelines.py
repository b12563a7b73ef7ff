"""Item pipelines: analyse each page in a worker pool, then store it (a transaction each)."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler

from crawler import stats
from crawler.exceptions import DuplicateArticle, EmptyArticle
from crawler.items import FeedOutcome
from crawler.resources import config_for, database_for
from monitor.analysis import AnalysisOptions, ArticleAnalysis, Page, analyze_page
from monitor.clusters import choose_cluster
from monitor.states import PollStatus, StoreOutcome
from storage.health import record_failure, record_success
from storage.outbox import enqueue_story
from storage.queries import (
    cluster_candidates,
    sync_sources,
    upsert_article,
)
from storage.sightings import record_sightings

logger = logging.getLogger(__name__)


class AnalyzePipeline:
    """Turn each `Page` into an `ArticleAnalysis`, off the reactor thread.

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
                self.workers, mp_context=multiprocessing.get_context("spawn")
            )
            assert self.crawler.stats is not None
            self.crawler.stats.set_value(stats.ANALYSIS_WORKERS, self.workers)
        return self.pool

    def close_spider(self) -> None:
        self.thread.shutdown(wait=True)
        if self.pool is not None:
            self.pool.shutdown(wait=True)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, Page):
            return item
        loop = asyncio.get_running_loop()
        analysis = await loop.run_in_executor(self._executor(), analyze_page, item, self.options)
        if analysis is None:
            raise EmptyArticle(item.url)
        return analysis


class StorePipeline:
    """Store analysed articles and feed outcomes; one transaction per item, one writer thread."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        # A single writer: SQLite allows one at a time anyway, and order stays deterministic.
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="sora-store")
        self.source_ids: dict[str, int] = {}
        # Feed validators wait until the crawl has finished: stored earlier, a run killed
        # before the feed's articles were fetched would make the next run get a 304 and never
        # fetch them.
        self.validators: dict[str, FeedOutcome] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def spider_closed(self, spider: Any, reason: str) -> None:
        if reason != "finished" or not self.validators:
            return
        database = database_for(self.crawler)
        with database.session() as session, session.begin():
            for outcome in self.validators.values():
                record_success(
                    session,
                    outcome.source,
                    etag=outcome.etag,
                    last_modified=outcome.last_modified,
                    body_hash=outcome.body_hash,
                    entries=outcome.entries,
                )

    def close_spider(self) -> None:
        self.executor.shutdown(wait=True)

    async def process_item(self, item: Any) -> Any:
        loop = asyncio.get_running_loop()
        if isinstance(item, FeedOutcome):
            await loop.run_in_executor(self.executor, self._store_feed, item)
            return item
        if isinstance(item, ArticleAnalysis):
            outcome = await loop.run_in_executor(self.executor, self._store_article, item)
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(stats.articles(outcome))
            if outcome == StoreOutcome.NEW and item.relevant is False:
                self.crawler.stats.inc_value(stats.ARTICLES_IRRELEVANT)
            if outcome == StoreOutcome.DUPLICATE:
                raise DuplicateArticle(item.canonical_url)
        return item

    def _store_feed(self, outcome: FeedOutcome) -> None:
        database = database_for(self.crawler)
        with database.session() as session, session.begin():
            if outcome.status == PollStatus.FAILED:
                record_failure(
                    session,
                    outcome.source,
                    outcome.error or "failed",
                    weight=outcome.weight,
                    disable_after=config_for(self.crawler).crawl.disable_after,
                )

            else:
                # Health now; validators when the crawl has finished (see spider_closed).
                record_success(
                    session,
                    outcome.source,
                    etag=None,
                    last_modified=None,
                    body_hash=None,
                    entries=outcome.entries,
                )
                if outcome.etag or outcome.last_modified or outcome.body_hash:
                    self.validators[outcome.source] = outcome

    def _store_article(self, analysis: ArticleAnalysis) -> StoreOutcome:
        database = database_for(self.crawler)
        with database.session() as session, session.begin():
            if not self.source_ids:
                self.source_ids = sync_sources(session, [])
            candidates = cluster_candidates(session, analysis.content_hash, analysis.band_keys)
            cluster = choose_cluster(analysis.content_hash, analysis.signature, candidates)
            result = upsert_article(
                session, analysis, source_ids=self.source_ids, cluster_id=cluster
            )
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
