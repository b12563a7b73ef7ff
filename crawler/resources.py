"""What Scrapy components share per crawl: the configuration, and the database as a resource.

The configuration is a setting (SORA_CONFIG, put there by the runner or by the add-on). The
database is a `CrawlDatabase` that `crawler.health.SourceHealth` opens in its `from_crawler` and
disposes of when the engine stops; other components reach it through that extension
(`SourceHealth.of(crawler).database`), never through an attribute of the crawler.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from scrapy.crawler import Crawler
from sqlalchemy.orm import Session

from monitor.config import Config, database_url, load_config
from storage.engine import Database

T = TypeVar("T")


def config_for(crawler: Crawler) -> Config:
    """The run's configuration: handed over by the runner, or loaded as the CLI would."""
    config: Config | None = crawler.settings.get("SORA_CONFIG")
    return config if config is not None else load_config(crawler.settings.get("SORA_CONFIG_FILE"))


def database_url_for(crawler: Crawler) -> str | None:
    """As the CLI resolves it: SORA_DB_URL (-s, or `run`), $SORA_MONITOR_DB, the config
    (None: the default SQLite file)."""
    return database_url(config_for(crawler), crawler.settings.get("SORA_DB_URL"))


class CrawlDatabase:
    """The crawl's database: one engine, one writer thread, reads on worker threads.

    Every write of a crawl goes through `write`, one transaction after another on a single
    thread: SQLite takes one writer at a time, and a transaction that reads and then writes
    beside another writer would fail at once instead of waiting. Reads run beside it.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="sora-store")

    @classmethod
    def open(cls, url: str | None) -> CrawlDatabase:
        return cls(Database.open(url))

    def _transaction(self, work: Callable[[Session], T]) -> T:
        with self.database.session() as session, session.begin():
            return work(session)

    async def read(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` in a transaction of its own, off the reactor thread."""
        return await asyncio.to_thread(self._transaction, work)

    async def write(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` in a transaction of its own on the writer thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.writer, self._transaction, work)

    def close(self) -> None:
        self.writer.shutdown(wait=True)
        self.database.dispose()
