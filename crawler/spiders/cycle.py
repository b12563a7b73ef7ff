"""The crawl's spiders: `cycle` for every kind of source; `feeds`, `sites`, `sitemaps` for one.

`cycle` fetches the plan's sources of every kind, as `run` and the daemon crawl; `feeds`,
`sites` and `sitemaps` are the same spider limited to their kinds, for `scrapy crawl NAME` in
the checkout.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy import Request

from crawler import stats
from crawler.failures import HARD
from crawler.handlers.base import SourceHandler
from crawler.handlers.feeds import FeedHandler
from crawler.handlers.sitemaps import SitemapHandler
from crawler.handlers.sites import SiteHandler
from crawler.items import PollRef
from crawler.spiders.sources import SourceSpider, _flag
from monitor.polling import PollAnswer
from monitor.states import FEED_KINDS, PollStatus, SourceKind


class CycleSpider(SourceSpider):
    """Every kind of source in one crawler, each kind with its own handler.

    Three crawlers side by side would each have a downloader of their own, so a site that is
    both a feed and a sitemap would get twice the configured concurrency, no delay between the
    two crawls' requests, and a `Retry-After` honoured by one crawl only. One crawler has one
    downloader slot per site, whatever kind of source a request comes from.

    It fetches what the crawl plan says (`SourceHealth.plan`: the cycle's, or for a bare
    `scrapy crawl` one made as the cycle would). Spider arguments for a bare crawl: `kinds`
    (comma-separated: feed, search, site, sitemap) limits it to those kinds of source;
    `force` polls every enabled source whatever its next_allowed_at says (also the
    SORA_FORCE_POLL setting).
    """

    name = "cycle"
    handler_classes: dict[SourceKind, type[SourceHandler]] = {
        SourceKind.FEED: FeedHandler,
        SourceKind.SEARCH: FeedHandler,
        SourceKind.SITE: SiteHandler,
        SourceKind.SITEMAP: SitemapHandler,
    }
    kinds: tuple[SourceKind, ...] = tuple(handler_classes)

    def __init__(self, *args: Any, kinds: Any = None, force: Any = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.force = _flag(force)
        if isinstance(kinds, str):
            kinds = [kind.strip() for kind in kinds.split(",") if kind.strip()]
        if kinds:
            known = sorted(kind.value for kind in self.handler_classes)
            unknown = sorted(set(kinds) - set(known))
            if unknown:
                raise ValueError(f"unknown source kinds {unknown}; use some of {known}")
            self.kinds = tuple(SourceKind(kind) for kind in kinds)

    async def source_requests(self) -> AsyncIterator[Request]:
        force = self.force or self.crawler.settings.getbool("SORA_FORCE_POLL")
        plan = await self.health.plan(kinds=self.kinds, only=self.only, force=force)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(stats.SOURCES_DEFERRED, len(plan.deferred))
        self.crawler.stats.inc_value(stats.SOURCES_DISABLED, len(plan.disabled))
        for poll in plan.polls:
            assert poll.id is not None, "a crawl plan is recorded before the crawl"
            ref = PollRef(poll.id, plan.run_id, plan.crawl)
            source = poll.source
            if poll.refused is not None:
                self.health.count(stats.refused(poll.refused_reason or "url"), 1, ref)
                answer = PollAnswer(PollStatus.FAILED, error=poll.refused, weight=HARD)
                self.crawler.stats.inc_value(stats.polled(answer.status))
                await self.health.release(ref, answer, pages={}, sent=0)
                continue
            self.crawler.stats.inc_value(stats.SOURCES_REQUESTED)
            self.crawler.stats.inc_value(stats.source_kind(source.kind))
            yield self.handlers[source.kind].source_request(poll, ref)


class FeedsSpider(CycleSpider):
    """Feeds and search feeds only."""

    name = "feeds"
    kinds = FEED_KINDS


class SitesSpider(CycleSpider):
    """Sites only."""

    name = "sites"
    kinds = (SourceKind.SITE,)


class SitemapsSpider(CycleSpider):
    """Sitemaps only."""

    name = "sitemaps"
    kinds = (SourceKind.SITEMAP,)
