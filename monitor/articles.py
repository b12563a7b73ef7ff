"""What passes between the crawl and the analysis: pages as fetched, articles as analysed.

Plain, picklable data with no heavy imports: the crawl's main process builds pages and stores
analyses without loading the analysis itself (trafilatura, numpy, langdetect's profiles), which
runs in worker processes (`monitor.analysis.analyze_page`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from monitor.states import BodySource, CatalogueMode, FetchStatus, Layer

__all__ = [
    "DEFAULT_OPTIONS",
    "AnalysisOptions",
    "ArticleAnalysis",
    "ClaimMatch",
    "FeedEntry",
    "Page",
]


@dataclass(frozen=True)
class AnalysisOptions:
    """What the analysis needs from the configuration (picklable, for worker processes)."""

    catalogue: str | None = None  # a user catalogue file, see [claims] in the configuration
    catalogue_mode: CatalogueMode = CatalogueMode.EXTEND
    semantic: bool = True  # False: the lexical rules alone (to measure what meaning adds)


DEFAULT_OPTIONS = AnalysisOptions()


@dataclass(frozen=True)
class ClaimMatch:
    """An article carries `claim_id`: `evidence` is the sentence as written, `variant` the
    normalised figure it used ("" when the claim has none), `score` a confidence in (0, 1]
    (for the semantic layer, the similarity to the closest example), `layer` what found it and
    `detail` why (the example statement the sentence resembled)."""

    claim_id: str
    evidence: str
    variant: str
    score: float
    layer: Layer = Layer.LEXICAL
    detail: str = ""


@dataclass(frozen=True)
class FeedEntry:
    """What a feed said about an article before we fetched it."""

    source: str
    link: str
    title: str | None = None
    summary: str | None = None
    published_at: datetime | None = None
    author: str | None = None
    language: str | None = None
    outlet: str | None = None  # the publisher an aggregator's item names (RSS <source>)
    # The aggregator link the entry came from when `link` was found behind it (or, for an
    # item not resolved yet, `link` is its placeholder key): where the sighting came from.
    provenance: str | None = None


@dataclass(frozen=True)
class Page:
    """One article page as fetched, or not fetched (`html` is None and `fetch_status` says why)."""

    url: str  # the URL requested (already canonicalised)
    final_url: str  # after redirects
    html: str | None
    fetched_at: datetime
    fetch_status: FetchStatus = FetchStatus.OK
    error: str | None = None
    feed: FeedEntry | None = None


@dataclass(frozen=True)
class ArticleAnalysis:
    """Everything the monitor stores about one article."""

    canonical_url: str
    urls: tuple[str, ...]
    source: str | None
    title: str | None
    body: str
    body_source: BodySource
    author: str | None
    published_at: datetime | None
    fetched_at: datetime | None
    fetch_status: FetchStatus
    fetch_error: str | None
    outlinks: tuple[str, ...] = ()
    declared_language: str | None = None
    outlet: str | None = None  # the publisher's name, as the page (or the feed item) gives it
    provenance_url: str | None = None  # the aggregator link it was found through (FeedEntry)
    language: str | None = None
    relevant: bool | None = None
    relevance_score: float | None = None
    relevance_signals: tuple[str, ...] = ()
    leak_report: bool | None = None
    seed_similarity: float | None = None
    seed_copy: bool | None = None
    content_hash: str | None = None
    signature: bytes | None = None
    band_keys: tuple[str, ...] = ()
    claims: tuple[ClaimMatch, ...] = field(default=())
