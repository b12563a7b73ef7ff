"""A live progress line on stderr while a crawl runs, for people at a terminal (never for cron)."""

from __future__ import annotations

from typing import Any, Self

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler import stats
from monitor.states import StoreOutcome
from monitor.wording import plural


class ProgressExtension:
    """Shows feeds polled, pages fetched and articles stored, updated as items arrive.

    Enabled by SORA_PROGRESS, which the CLI sets only when stderr is a terminal and the run is
    not --quiet, so logs and cron mails never carry control sequences.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("SORA_PROGRESS"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.update, signal=signals.response_received)
        crawler.signals.connect(extension.update, signal=signals.item_scraped)
        crawler.signals.connect(extension.update, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def _description(self) -> str:
        values = self.crawler.stats
        assert values is not None
        return (
            f"{plural(values.get_value(stats.SOURCES_REQUESTED, 0), 'source')} polled, "
            f"{plural(values.get_value(stats.PAGES_FETCHED, 0), 'page')} fetched, "
            f"{plural(values.get_value(stats.articles(StoreOutcome.NEW), 0), 'new article')}"
        )

    def spider_opened(self, spider: Any) -> None:
        self.progress.start()
        self.task = self.progress.add_task(self._description(), total=None)

    def update(self, *args: Any, **kwargs: Any) -> None:
        if self.task is not None:
            self.progress.update(self.task, description=self._description())

    def spider_closed(self, spider: Any) -> None:
        self.progress.stop()
