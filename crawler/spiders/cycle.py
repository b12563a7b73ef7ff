"""The `cycle` spider: feeds, sites and sitemaps in one crawl, as `run` and the daemon crawl."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy import Request

from crawler.spiders.feeds import FeedsSpider
from crawler.spiders.sitemaps import SitemapsSpider
from crawler.spiders.sites import SitesSpider
from monitor.config import Source
from monitor.states import SourceKind
from storage.queries import FeedState


class CycleSpider(FeedsSpider, SitesSpider, SitemapsSpider):
    """Every kind of source in one crawler, each handled by its own spider's code.

    Three spiders side by side would each have a downloader of their own, so a site that is both
    a feed and a sitemap would get twice the configured concurrency, no delay between the two
    crawls' requests, and a `Retry-After` honoured by one crawl only. One crawler has one
    downloader slot per site, whatever kind of source a request comes from.

    Spider argument `kinds` (comma-separated: feed, search, site, sitemap) limits the crawl to
    those kinds of source; the daemon polls feeds and crawls sites on different intervals.
    """

    name = "cycle"
    handlers: dict[SourceKind, type[Any]] = {
        SourceKind.FEED: FeedsSpider,
        SourceKind.SEARCH: FeedsSpider,
        SourceKind.SITE: SitesSpider,
        SourceKind.SITEMAP: SitemapsSpider,
    }
    source_kinds = tuple(handlers)

    def __init__(self, *args: Any, kinds: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(kinds, str):
            kinds = [kind.strip() for kind in kinds.split(",") if kind.strip()]
        if kinds:
            known = sorted(kind.value for kind in self.handlers)
            unknown = sorted(set(kinds) - set(known))
            if unknown:
                raise ValueError(f"unknown source kinds {unknown}; use some of {known}")
            self.source_kinds = tuple(SourceKind(kind) for kind in kinds)

    def source_requests(self, source: Source, state: FeedState | None) -> Iterator[Request]:
        return self.handlers[source.kind].source_requests(self, source, state)
