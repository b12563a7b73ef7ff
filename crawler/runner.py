"""Run the crawl in this process, with settings taken from the configuration and the plan."""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess, Crawler
from scrapy.settings import Settings

from crawler.interrupt import Interruption, Interrupts
from monitor.config import Config
from monitor.polling import CrawlPlan

logger = logging.getLogger(__name__)


def build_settings(
    config: Config,
    db_url: str,
    *,
    plan: CrawlPlan | None = None,
    log_level: str = "WARNING",
    log_file: str | None = None,
    analysis_workers: int | None = None,
    progress: bool = False,
) -> Settings:
    """The project's Scrapy settings, with the configuration, database and plan for this run."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    # The [crawl] section is applied by crawler.addons.ConfigAddon, as for `scrapy crawl`.
    settings.setdict(
        {
            "SORA_CONFIG": config,
            "SORA_DB_URL": db_url,
            "SORA_PLAN": plan,
            "LOG_LEVEL": log_level,
            "LOG_FILE": log_file,
            # The CLI has set up logging already; Scrapy logs through it.
            "LOG_INSTALL_ROOT_HANDLER": False,
            "SORA_PROGRESS": progress,
        },
        priority="cmdline",
    )
    if analysis_workers is not None:
        settings.set("SORA_ANALYSIS_WORKERS", analysis_workers, priority="cmdline")
    return settings


@dataclass(frozen=True)
class Crawled:
    """What a crawl says of itself beyond the database: this process's stats (what the database
    could not take: `crawler.stats.ARTICLES_UNSTORED`...) and how a signal stopped it, if one did.
    """

    stats: dict[str, Any] = field(default_factory=dict)
    interruption: Interruption | None = None


def crawl(settings: Settings) -> Crawled:
    """Crawl what the plan in `settings` (from `build_settings`) says, to completion or until
    SIGINT or SIGTERM.

    One crawler runs the `cycle` spider, so politeness holds per site across feeds, sites and
    sitemaps. What the crawl found is in the database (`storage.polls`). A Twisted reactor
    cannot be restarted, so call this once per process (the daemon runs each cycle in a child
    process). On the main thread, the stop signals are handled as `crawler.interrupt` says
    (Scrapy's own handlers would let a politeness delay hold a stop for as long as the queue
    lasts); the handlers that were there before are put back afterwards.
    """
    from crawler.spiders.cycle import CycleSpider

    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler(CycleSpider)
    process.crawl(crawler)
    if threading.current_thread() is not threading.main_thread():
        process.start(install_signal_handlers=False)  # signals reach the main thread only
        return Crawled(_stats(crawler))
    interrupts = Interrupts(process, crawler, settings.getfloat("SORA_STOP_GRACE", 10.0))
    interrupts.install(asyncio.get_event_loop())
    try:
        process.start(install_signal_handlers=False)
    finally:
        interrupts.restore()
    return Crawled(_stats(crawler), interrupts.interruption)


def _stats(crawler: Crawler) -> dict[str, Any]:
    return dict(crawler.stats.get_stats()) if crawler.stats is not None else {}
