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
from monitor.errors import StorageError
from storage.engine import Database
from storage.writes import DEFAULT_POLICY, RetryPolicy, cause_of, transient, write

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
    thread, each beginning as a writer and tried again on a fault that may pass
    (`storage.writes`). Reads run beside it. Once a write has failed for good, the storage is
    `broken`: later writes fail at once with the same error (a locked or full database would
    otherwise hold every queued write for its whole retry budget), except those asked `again`
    (the crawl's last record of its progress).
    """

    def __init__(self, database: Database, policy: RetryPolicy = DEFAULT_POLICY) -> None:
        self.database = database
        self.policy = policy
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="sora-store")
        self.broken: StorageError | None = None

    @classmethod
    def open(
        cls, url: str | None, *, busy_timeout: float | None = None,
        policy: RetryPolicy = DEFAULT_POLICY,
    ) -> CrawlDatabase:
        return cls(Database.open(url, busy_timeout=busy_timeout), policy)

    def _transaction(self, work: Callable[[Session], T]) -> T:
        with self.database.session() as session, session.begin():
            return work(session)

    def _write(self, work: Callable[[Session], T], what: str, again: bool) -> T:
        if self.broken is not None and not again:
            raise StorageError(str(self.broken)) from self.broken.__cause__
        try:
            result = write(self.database, work, policy=self.policy, what=what)
        except StorageError as exc:
            # Only a fault of the storage itself (a lock, a full disk, an I/O error, a read-only
            # file, a lost server) holds every later write; one write's own error (a constraint
            # it breaks) is that write's alone.
            if cause_of(exc) != "database" or (
                exc.__cause__ is not None and transient(exc.__cause__)
            ):
                self.broken = exc
            raise
        self.broken = None
        return result

    async def read(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` in a transaction of its own, off the reactor thread."""
        return await asyncio.to_thread(self._transaction, work)

    async def write(
        self, work: Callable[[Session], T], *, what: str = "a write", again: bool = False
    ) -> T:
        """Run `work(session)` in a transaction of its own on the writer thread, tried again
        on a fault that may pass; StorageError (one line) when it cannot be written."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.writer, self._write, work, what, again)

    def close(self) -> None:
        self.writer.shutdown(wait=True)
        self.database.dispose()
