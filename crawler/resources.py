"""What Scrapy components share per crawl: the configuration and the database."""

from __future__ import annotations

from scrapy.crawler import Crawler

from monitor.config import Config, database_url, load_config
from storage.engine import Database


def config_for(crawler: Crawler) -> Config:
    """The run's configuration: handed over by the runner, or loaded as the CLI would."""
    config = getattr(crawler, "_sora_config", None)
    if config is None:
        config = crawler.settings.get("SORA_CONFIG") or load_config(
            crawler.settings.get("SORA_CONFIG_FILE")
        )
        crawler._sora_config = config  # type: ignore[attr-defined]
    return config


def database_for(crawler: Crawler) -> Database:
    """One database handle per crawl, opened (and migrated) on first use."""
    database = getattr(crawler, "_sora_database", None)
    if database is None:
        # As the CLI resolves it: SORA_DB_URL (-s, or `run`), $SORA_MONITOR_DB, the config.
        database = Database.open(
            database_url(config_for(crawler), crawler.settings.get("SORA_DB_URL"))
        )
        crawler._sora_database = database  # type: ignore[attr-defined]
    return database
