"""Run spiders in this process with settings taken from the configuration; return their stats."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess
from scrapy.settings import Settings

from monitor.config import Config

logger = logging.getLogger(__name__)


def build_settings(
    config: Config,
    db_url: str,
    *,
    log_level: str = "WARNING",
    log_file: str | None = None,
    analysis_workers: int | None = None,
    progress: bool = False,
    force: bool = False,
) -> Settings:
    """The project's Scrapy settings, with the configuration and database for this run."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    # The [crawl] section is applied by crawler.addons.ConfigAddon, as for `scrapy crawl`.
    settings.setdict(
        {
            "SORA_CONFIG": config,
            "SORA_DB_URL": db_url,
            "LOG_LEVEL": log_level,
            "LOG_FILE": log_file,
            # The CLI has set up logging already; Scrapy logs through it.
            "LOG_INSTALL_ROOT_HANDLER": False,
            "SORA_PROGRESS": progress,
            "SORA_FORCE_POLL": force,
        },
        priority="cmdline",
    )
    settings.set("EXTENSIONS", {"crawler.progress.ProgressExtension": 900}, priority="cmdline")
    if analysis_workers is not None:
        settings.set("SORA_ANALYSIS_WORKERS", analysis_workers, priority="cmdline")
    return settings


def crawl(settings: Settings, spiders: Sequence[str] = ("feeds",)) -> dict[str, Any]:
    """Run the named spiders to completion in this process; return their summed stats.

    `settings` come from `build_settings`. A Twisted reactor cannot be restarted, so call this
    once per process (the daemon runs each cycle in a child process).
    """
    process = AsyncCrawlerProcess(settings)
    crawlers = []
    for name in spiders:
        crawler = process.create_crawler(name)
        crawlers.append(crawler)
        process.crawl(crawler)
    process.start()
    totals: dict[str, Any] = {}
    for crawler in crawlers:
        assert crawler.stats is not None
        for key, value in crawler.stats.get_stats().items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                totals[key] = totals.get(key, 0) + value
            else:
                totals.setdefault(key, value)
        database = getattr(crawler, "_sora_database", None)
        if database is not None:
            database.dispose()
    return totals
