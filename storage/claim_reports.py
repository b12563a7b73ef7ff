"""Reads behind the claim reports: sightings joined with their articles, and the stored claims.

Functions take the session first and never commit. Only sightings in articles judged relevant
count. A sighting's time (`seen_at`) is the article's publication time, falling back to the
time the sighting was recorded with (the page's date then, or when the monitor first saw it):
reports answer "who was first", which is a question about publication, not about our crawl.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from monitor.outlets import outlet_name
from storage.models import Article, Claim, ClaimSighting, Source, UTCDateTime

__all__ = [
    "SightingRow",
    "StoredClaim",
    "claim_sightings",
    "stored_claims",
]


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


def claim_sightings(
    session: Session,
    *,
    claim_ids: Sequence[str] | None = None,
    since: datetime | None = None,
) -> list[SightingRow]:
    """Sightings in relevant articles, oldest first by `seen_at` (ties: first seen, id).

    `claim_ids` limits them to these claims; `since` to those seen at or after it.
    """
    query = (
        select(ClaimSighting, Article, Source.name, Source.kind, _SEEN_AT.label("seen_at"))
        .join(Article, Article.id == ClaimSighting.article_id)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Article.relevant.is_(True))
        .order_by(_SEEN_AT, ClaimSighting.first_seen_at, Article.id, ClaimSighting.claim_id)
    )
    if claim_ids is not None:
        query = query.where(ClaimSighting.claim_id.in_(list(claim_ids)))
    if since is not None:
        query = query.where(_SEEN_AT >= since)
    rows = []
    for sighting, article, source_name, source_kind, seen_at in session.execute(query):
        rows.append(
            SightingRow(
                claim_id=sighting.claim_id,
                article_id=article.id,
                seen_at=seen_at,
                published_at=article.published_at,
                first_seen_at=sighting.first_seen_at,
                url=article.address,
                title=article.title,
                source=outlet_name(
                    article.outlet, source_name, source_kind, article.canonical_url
                ),
                language=article.language or "und",
                cluster_id=article.cluster_id,
                seed_copy=bool(article.seed_copy),
                leak_report=bool(article.leak_report),
                variant=sighting.variant or "",
                evidence=sighting.evidence,
                score=sighting.score,
            )
        )
    return rows
