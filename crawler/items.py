"""What travels through a crawl beside requests: poll references, articles, source checks.

Which poll a request serves, article items, and what `sources check` found: all plain
dataclasses that pickle, so a request's meta and an item can cross processes (a scrapy-redis
queue, the analysis pool).
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.articles import ArticleAnalysis, Page
from monitor.states import PollStatus, SourceKind


@dataclass(frozen=True)
class PollRef:
    """The poll a request, or an article, belongs to (request.meta["sora_poll"])."""

    id: int  # its `source_polls` row
    run: int | None  # the run's id; None for a bare `scrapy crawl`
    crawl: str  # the crawl's id (pages granted per site)


@dataclass(repr=False)
class ArticleItem:
    """An article page (or a feed entry whose page failed) on its way to the database."""

    page: Page
    poll: PollRef | None = None
    via: str | None = None  # the aggregator whose link led to it (Google News, ...)
    analysis: ArticleAnalysis | None = None  # filled by AnalyzePipeline

    def __repr__(self) -> str:
        # Scrapy logs an item with each drop or error: its URL, never the page's HTML.
        return f"<ArticleItem {self.page.url}>"


@dataclass(frozen=True)
class LeftOver:
    """Work of a poll left for the next run (an aggregator link not resolved in this one): the
    poll stays pending, so the source's validators are not saved and the next run reads it
    again. A callback yields it; it goes no further than the spider."""

    reason: str


@dataclass(frozen=True)
class SourceCheck:
    """What `sources check` found at one source (nothing of it is stored)."""

    source: str
    kind: SourceKind
    url: str
    status: PollStatus  # ok | not-modified | failed
    entries: int | None = None  # items in the feed or sitemap, links on the start page
    articles: int | None = None  # article URLs it leads to
    new: int | None = None  # of those, not stored yet
    error: str | None = None
