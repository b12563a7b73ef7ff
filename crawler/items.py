"""Items the spiders yield besides `monitor.analysis.Page`: the outcome of polling one feed."""

from __future__ import annotations

from dataclasses import dataclass

from monitor.states import PollStatus, SourceKind


@dataclass
class FeedOutcome:
    """What polling one feed gave; the store pipeline records it as the source's health."""

    source: str
    url: str
    status: PollStatus
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    entries: int | None = None
    error: str | None = None
    # Hard errors (404, refused, unparseable) weigh more than passing ones (timeouts, 5xx).
    weight: float = 1.0


@dataclass
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
