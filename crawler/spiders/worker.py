"""The `worker` spider: fetches what the shared Redis queue holds, for as long as it runs.

`run` (with [scale] redis) plans the cycle and queues the sources' requests
(`crawler.distribute`); each worker's scheduler takes them from the queue
(`crawler.redis_queue`), and the callbacks are the cycle spider's, by name.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Mapping
from typing import Any

from scrapy import Request

from crawler.items import ArticleItem
from crawler.spiders.cycle import CycleSpider
from monitor.config import Config


class WorkerSpider(CycleSpider):
    """The cycle spider without a plan of its own; tells the `LeaseKeeper` what each leased
    request gave, so its lease is acked only once all of it is through."""

    name = "worker"

    @classmethod
    def for_queueing(cls, config: Config) -> WorkerSpider:
        """A spider outside any crawl, to build and serialise the plan's source requests."""
        spider = cls()
        spider.config = config
        spider.sources = {s.name: s for s in config.sources}
        made: dict[type, Any] = {}
        spider.handlers = {
            kind: made.setdefault(handler, handler(spider))
            for kind, handler in cls.handler_classes.items()
        }
        return spider

    async def source_requests(self) -> AsyncIterator[Request]:
        return
        yield  # pragma: no cover

    async def _release(
        self, meta: Mapping[str, Any], outputs: AsyncIterable[Any]
    ) -> AsyncIterator[Any]:
        # Imported here: Scrapy imports every spider's module for any crawl, and these load
        # redis and scrapy-redis (~7 MB), which only a worker on the shared queue uses.
        from crawler.leases import LeaseKeeper
        from crawler.redis_queue import LEASE, PARENT

        lease = meta.get(LEASE)
        keeper = LeaseKeeper.of(self.crawler) if lease is not None else None
        try:
            async for output in super()._release(meta, outputs):
                if keeper is not None and lease is not None:
                    if isinstance(output, Request):
                        output.meta[PARENT] = lease
                        keeper.emitted(lease)
                    elif isinstance(output, ArticleItem):
                        keeper.emitted(lease, output)
                yield output
        finally:
            if keeper is not None and lease is not None:
                keeper.finished(lease)
