"""Run spiders in this process with settings taken from the configuration; return their stats."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from scrapy.crawler import AsyncCrawlerProcess
from scrapy.settings import Settings

from monitor.config import Config
from monitor.states import SourceKind

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


def crawl(settings: Settings, kinds: Sequence[SourceKind] | None = None) -> dict[str, Any]:
    """Crawl the sources of the given kinds (all when None) to completion; return the stats.

    `settings` come from `build_settings`. One crawler runs the `cycle` spider, so politeness
    holds per site across feeds, sites and sitemaps. A Twisted reactor cannot be restarted, so
    call this once per process (the daemon runs each cycle in a child process).
    """
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler("cycle")
    process.crawl(crawler, kinds=",".join(kinds) if kinds else None)
    process.start()
    database = getattr(crawler, "_sora_database", None)
    if database is not None:
        database.dispose()
    assert crawler.stats is not None
    return dict(crawler.stats.get_stats())
