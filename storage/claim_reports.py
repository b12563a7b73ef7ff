"""Reads behind the claim reports: the claims' tallies, sightings joined with their articles
(only the columns shown), and the stored claims.

Functions take the session first and never commit. Only sightings in articles judged relevant
count. A sighting's time (`seen_at`) is the article's publication time, falling back to the
time the sighting was recorded with (the page's date then, or when the monitor first saw it):
reports answer "who was first", which is a question about publication, not about our crawl.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from monitor.outlets import outlet_name
from monitor.spread import Bucket
from storage.claim_tallies import CLAIM, DAY, HOUR, LANGUAGE, SOURCES, STORIES, VARIANT
from storage.models import (
    Article,
    Claim,
    ClaimSighting,
    ClaimTally,
    Source,
    UTCDateTime,
    address,
)

__all__ = [
    "ClaimCounts",
    "SightingRow",
    "StoredClaim",
    "claim_counts",
    "claim_history",
    "claim_buckets",
    "claim_sightings",
    "sightings_of",
    "stored_claims",
]

# Rows fetched at a time when a report streams sightings (server-side cursor on PostgreSQL).
STREAM_ROWS = 2000


@dataclass(frozen=True)
class StoredClaim:
    id: str
    text_en: str
    text_ar: str
    kind: str


@dataclass(frozen=True)
class SightingRow:
    """One article carrying one claim, with what the reports show about the article."""

    claim_id: str
    article_id: int
    seen_at: datetime
    published_at: datetime | None
    first_seen_at: datetime
    url: str
    title: str | None
    source: str  # the outlet that published it (monitor.outlets)
    language: str
    cluster_id: int | None
    seed_copy: bool
    leak_report: bool
    variant: str
    evidence: str
    score: float


# The article's own date wins; the copy on the sighting covers articles stored before a date
# was known, and first_seen_at the pages that never gave one.
_SEEN_AT = type_coerce(
    func.coalesce(Article.published_at, ClaimSighting.published_at, ClaimSighting.first_seen_at),
    UTCDateTime(),
)


def stored_claims(session: Session) -> list[StoredClaim]:
    """The claims table (synced from the catalogue by each run), ordered by id."""
    return [
        StoredClaim(c.id, c.text_en, c.text_ar, c.kind)
        for c in session.scalars(select(Claim).order_by(Claim.id))
    ]


def _sighting_query() -> Any:
    # Only the columns the reports show: never the article's body or signature.
    return (
        select(
            ClaimSighting.claim_id, ClaimSighting.article_id, _SEEN_AT.label("seen_at"),
            Article.published_at, ClaimSighting.first_seen_at, Article.canonical_url,
            Article.provenance_url, Article.title, Article.outlet, Source.name, Source.kind,
            Article.language, Article.cluster_id, Article.seed_copy, Article.leak_report,
            ClaimSighting.variant, ClaimSighting.evidence, ClaimSighting.score,
        )
        .join(Article, Article.id == ClaimSighting.article_id)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Article.relevant.is_(True))
    )  # fmt: skip


def _sighting_row(row: Any) -> SightingRow:
    return SightingRow(
        claim_id=row.claim_id,
        article_id=row.article_id,
        seen_at=row.seen_at,
        published_at=row.published_at,
        first_seen_at=row.first_seen_at,
        url=address(row.canonical_url, row.provenance_url),
        title=row.title,
        source=outlet_name(row.outlet, row.name, row.kind, row.canonical_url),
        language=row.language or "und",
        cluster_id=row.cluster_id,
        seed_copy=bool(row.seed_copy),
        leak_report=bool(row.leak_report),
        variant=row.variant or "",
        evidence=row.evidence,
        score=row.score,
    )


def claim_sightings(
    session: Session,
    *,
    claim_ids: Sequence[str] | None = None,
    since: datetime | None = None,
) -> list[SightingRow]:
    """Sightings in relevant articles, oldest first by `seen_at` (ties: first seen, id).

    `claim_ids` limits them to these claims; `since` to those seen at or after it.
    """
    query = _sighting_query().order_by(
        _SEEN_AT, ClaimSighting.first_seen_at, Article.id, ClaimSighting.claim_id
    )
    if claim_ids is not None:
        query = query.where(ClaimSighting.claim_id.in_(list(claim_ids)))
    if since is not None:
        query = query.where(_SEEN_AT >= since)
    return [
        _sighting_row(row)
        for row in session.execute(query.execution_options(yield_per=STREAM_ROWS))
    ]


def claim_history(session: Session, claim_id: str, limit: int) -> list[SightingRow]:
    """The claim's first `limit` sightings in relevant articles, oldest first (by date, then
    article), read in the order of the (claim, date, article) index."""
    query = (
        _sighting_query()
        .where(ClaimSighting.claim_id == claim_id)
        .order_by(ClaimSighting.published_at, ClaimSighting.article_id)
        .limit(limit)
    )
    return [_sighting_row(row) for row in session.execute(query)]


def sightings_of(
    session: Session, pairs: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], SightingRow]:
    """The sightings of these (claim, article) pairs, in relevant articles."""
    by_claim: dict[str, set[int]] = {}
    for claim_id, article_id in pairs:
        by_claim.setdefault(claim_id, set()).add(article_id)
    found: dict[tuple[str, int], SightingRow] = {}
    # A claim at a time: each read is a range of the unique (claim, article) index, whatever
    # the planner's statistics say about a list of claims.
    for claim_id, article_ids in sorted(by_claim.items()):
        query = _sighting_query().where(
            ClaimSighting.claim_id == claim_id, ClaimSighting.article_id.in_(sorted(article_ids))
        )
        for row in session.execute(query):
            sighting = _sighting_row(row)
            found[(claim_id, sighting.article_id)] = sighting
    return found


@dataclass(frozen=True)
class ClaimCounts:
    """A claim's tallies (storage.claim_tallies) with its first sighting in each language."""

    claim_id: str
    sightings: int
    stories: int
    sources: int
    languages: dict[str, int]
    variants: dict[str, int]
    firsts: dict[str, SightingRow]
    last_seen_at: datetime | None


def claim_counts(session: Session, claim_ids: Sequence[str]) -> dict[str, ClaimCounts]:
    """The tallies of these claims (claims never seen are absent)."""
    query = select(
        ClaimTally.claim_id, ClaimTally.kind, ClaimTally.key, ClaimTally.n,
        ClaimTally.first_article_id, ClaimTally.last_at,
    ).where(ClaimTally.kind.in_([CLAIM, STORIES, SOURCES, LANGUAGE, VARIANT]))  # fmt: skip
    # A claim at a time, so that every read is a range of the primary key: with a list of
    # claims, SQLite's statistics (millions of story and hour rows) make it scan the table.
    rows = [
        row
        for claim_id in dict.fromkeys(claim_ids)
        for row in session.execute(query.where(ClaimTally.claim_id == claim_id))
    ]
    firsts = sightings_of(
        session,
        ((r.claim_id, r.first_article_id) for r in rows if r.kind == LANGUAGE and r.n > 0),
    )
    parts: dict[str, dict[str, Any]] = {}
    for row in rows:
        part = parts.setdefault(
            row.claim_id,
            {CLAIM: 0, STORIES: 0, SOURCES: 0, LANGUAGE: {}, VARIANT: {}, "firsts": {},
             "last": None},
        )  # fmt: skip
        if row.kind in (CLAIM, STORIES, SOURCES):
            part[row.kind] = row.n
        elif row.n > 0:
            part[row.kind][row.key] = row.n
            if row.kind == LANGUAGE:
                first = firsts.get((row.claim_id, row.first_article_id))
                if first is not None:
                    part["firsts"][row.key] = first
                if row.last_at is not None and (part["last"] is None or row.last_at > part["last"]):
                    part["last"] = row.last_at
    return {
        claim_id: ClaimCounts(
            claim_id, p[CLAIM], p[STORIES], p[SOURCES], p[LANGUAGE], p[VARIANT], p["firsts"],
            p["last"],
        )
        for claim_id, p in parts.items()
        if p[CLAIM]
    }


def claim_buckets(
    session: Session, claim_id: str, bucket: Bucket
) -> list[tuple[datetime, str, int]]:
    """The claim's sightings per hour or day (UTC) and language: (bucket start, language, n)."""
    rows = session.execute(
        select(ClaimTally.key, ClaimTally.n).where(
            ClaimTally.claim_id == claim_id,
            ClaimTally.kind == (HOUR if bucket == "hour" else DAY),
            ClaimTally.n > 0,
        )
    )
    out = []
    for key, n in rows:
        # 'YYYY-MM-DD HH|language' or 'YYYY-MM-DD|language'
        when, _, language = key.partition("|")
        hour = int(when[11:13]) if len(when) > 10 else 0
        start = datetime(int(when[0:4]), int(when[5:7]), int(when[8:10]), hour, tzinfo=UTC)
        out.append((start, language, n))
    return out
