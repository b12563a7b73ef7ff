"""The `check` spider behind `sources check`: each source fetched once, nothing stored."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from scrapy import Request

from crawler.handlers.base import SourceHandler
from crawler.handlers.check import CheckHandler
from crawler.items import SourceCheck
from crawler.spiders.sources import SourceSpider
from monitor.config import Config
from monitor.polling import PlannedPoll
from monitor.states import SourceKind


class CheckSpider(SourceSpider):
    """Every configured source (or those named in `only`), enabled or not, due or not, read
    once by the check handler; it yields a `SourceCheck` per source and plans nothing."""

    name = "check"
    handler_classes: dict[SourceKind, type[SourceHandler]] = dict.fromkeys(
        SourceKind, CheckHandler
    )

    async def source_requests(self) -> AsyncIterator[Request]:
        for source in self.config.sources:
            if self.only and source.name not in self.only:
                continue
            yield self.handlers[source.kind].source_request(PlannedPoll(source), None)


def check_sources(
    config: Config, db_url: str, *, names: Sequence[str] = (), log_level: str = "ERROR"
) -> list[SourceCheck]:
    """`sources check`: fetch each (or each named) source once; store nothing; say what it has.

    Runs a reactor, so call it once per process.
    """
    from scrapy import signals
    from scrapy.crawler import AsyncCrawlerProcess

    from crawler.runner import build_settings
    from storage.engine import Database

    # Migrate (a new database) before the crawl starts: migrations are not thread-safe.
    Database.open(db_url).dispose()
    settings = build_settings(config, db_url, log_level=log_level)
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    wanted = [s for s in config.sources if not names or s.name in names]
    found: list[SourceCheck] = []

    def collect(item: Any) -> None:
        if isinstance(item, SourceCheck):
            found.append(item)

    if wanted:
        process = AsyncCrawlerProcess(settings)
        crawler = process.create_crawler(CheckSpider)
        crawler.signals.connect(collect, signal=signals.item_scraped)
        process.crawl(crawler, only=[s.name for s in wanted])
        process.start()
    order = {s.name: i for i, s in enumerate(wanted)}
    return sorted(found, key=lambda c: order.get(c.source, len(order)))
