"""Crawling on workers ([scale] redis): the cycle's side (`crawl_on_workers`) and a worker's.

`run` and the daemon plan the cycle as always, queue the plan's requests in Redis and wait for
the workers (`crawler.distribute`); `sora-monitor worker` runs one long-lived worker
(`run_worker`). Every worker and the cycle share one PostgreSQL database, from whose rows the
run's counters are read as for a crawl in this process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import redis

from monitor.config import Config
from monitor.durations import format_duration
from monitor.errors import ConfigError, QueueError, RunFailed
from monitor.polling import CrawlPlan
from monitor.states import RunStatus
from storage.engine import Database, display_url

logger = logging.getLogger(__name__)


def check_scale(config: Config, db_url: str) -> None:
    """Workers need a database every machine can reach and write at once (PostgreSQL) and the
    Redis server: both checked before anything starts."""
    if not db_url.startswith("postgresql"):
        raise ConfigError(
            "[scale] redis needs a PostgreSQL database that every worker shares "
            f"(got {display_url(db_url)}): set [database] url = \"postgresql+psycopg://...\" "
            "or --db, or remove [scale] redis to crawl in this process",
            path=str(config.path) if config.path else None,
            key="scale.redis",
        )
    open_queue(config)


def open_queue(config: Config) -> Any:
    """The shared queue, checked reachable; QueueError says what to do when it is not."""
    from crawler.redis_queue import LeaseQueue, connect

    scale = config.scale
    server = connect(scale)
    try:
        server.ping()
    except redis.RedisError as exc:
        raise QueueError(
            f"cannot reach Redis at {scale.redis} ([scale] redis): {exc}; start it, or fix the "
            "URL (and [scale] password_env)"
        ) from exc
    return LeaseQueue(server, scale.prefix)


def crawl_on_workers(
    config: Config,
    database: Database,
    plan: CrawlPlan,
    *,
    on_timeout: Callable[[str], None] | None = None,
) -> None:
    """Queue the plan for the workers and wait until they have done everything it led to.

    Raises RunFailed when the workers have not finished within [scale] timeout; `on_timeout`
    records the run as failed first (with the message)."""
    from crawler.distribute import queue_plan, record_refused, wait_for_workers

    queue = open_queue(config)
    with database.session() as session, session.begin():
        record_refused(session, config, plan)
    try:
        queued = queue_plan(queue, config, plan)
        logger.info("Queued %d source requests for the workers", queued)
        scale = config.scale
        done = wait_for_workers(
            queue, timeout=scale.timeout.total_seconds(), lease=scale.lease.total_seconds()
        )
    except redis.RedisError as exc:
        raise QueueError(f"lost the shared queue at {config.scale.redis}: {exc}") from exc
    if not done:
        sizes = queue.sizes()
        message = (
            "the workers did not finish the cycle within "
            f"{format_duration(config.scale.timeout)} ([scale] timeout): {sizes.queued} "
            f"requests still queued, {sizes.leased} held; is `sora-monitor worker` running?"
        )
        if on_timeout is not None:
            on_timeout(message)
        raise RunFailed(message)


def fail_run(database: Database, run_id: int, plan: CrawlPlan) -> Callable[[str], None]:
    """What `crawl_on_workers` calls on a timeout: the run recorded failed, with what it did."""

    def record(message: str) -> None:
        from scheduler.runonce import run_counters
        from storage.polls import run_facts
        from storage.queries import finish_run

        with database.session() as session, session.begin():
            counters = run_counters(run_facts(session, run_id), plan)
            finish_run(session, run_id, status=RunStatus.FAILED, counters=counters, error=message)

    return record


def run_worker(
    config: Config,
    db_url: str,
    *,
    log_level: str = "WARNING",
    log_file: str | None = None,
    analysis_workers: int | None = None,
) -> None:
    """Run one worker until SIGTERM or SIGINT (Scrapy's graceful stop: the requests it holds
    go back to the queue)."""
    if not config.scale.redis:
        raise ConfigError(
            "the worker needs [scale] redis = \"redis://HOST:6379/0\" in the configuration "
            "(the queue it shares with `run` and the other workers)",
            path=str(config.path) if config.path else None,
            key="scale.redis",
        )
    check_scale(config, db_url)
    from scrapy.crawler import AsyncCrawlerProcess

    from crawler.redis_queue import worker_settings
    from crawler.runner import build_settings
    from crawler.spiders.worker import WorkerSpider

    settings = build_settings(
        config, db_url, log_level=log_level, log_file=log_file, analysis_workers=analysis_workers
    )
    worker_settings(settings, config.scale)
    process = AsyncCrawlerProcess(settings)
    process.crawl(process.create_crawler(WorkerSpider))
    process.start()
