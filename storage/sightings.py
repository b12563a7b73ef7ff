"""Claims and their sightings: syncing the catalogue, recording which article carries what."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Claim, ClaimSighting

if TYPE_CHECKING:
    from monitor.articles import ClaimMatch
    from monitor.claims import Claim as CatalogueClaim


def sync_claims(session: Session, claims: Iterable[CatalogueClaim]) -> None:
    """Make the `claims` table match the catalogue (claims no longer listed keep their rows,
    so their past sightings stay reportable)."""
    existing = {c.id: c for c in session.scalars(select(Claim))}
    for claim in claims:
        row = existing.get(claim.id)
        if row is None:
            session.add(
                Claim(id=claim.id, text_en=claim.text_en, text_ar=claim.text_ar, kind=claim.kind)
            )
        else:
            row.text_en, row.text_ar, row.kind = claim.text_en, claim.text_ar, claim.kind
    session.flush()


def record_sightings(
    session: Session,
    article_id: int,
    matches: Iterable[ClaimMatch],
    *,
    published_at: datetime | None,
    first_seen_at: datetime,
) -> int:
    """Store the article's claim matches once each; return how many were new.

    `matches` are `monitor.matcher.ClaimMatch`-like (claim_id, evidence, variant, score,
    layer).
    Re-running never duplicates a sighting: (claim, article) is unique.
    """
    known_claims = set(session.scalars(select(Claim.id)))
    already = set(
        session.scalars(
            select(ClaimSighting.claim_id).where(ClaimSighting.article_id == article_id)
        )
    )
    added = 0
    for match in matches:
        if match.claim_id in already or match.claim_id not in known_claims:
            continue
        session.add(
            ClaimSighting(
                claim_id=match.claim_id,
                article_id=article_id,
                evidence=match.evidence,
                variant=match.variant or "",
                score=match.score,
                layer=str(getattr(match, "layer", "lexical")),
                published_at=published_at,
                first_seen_at=first_seen_at,
            )
        )
        already.add(match.claim_id)
        added += 1
    session.flush()
    return added


def claims_of_articles(session: Session, article_ids: Iterable[int]) -> dict[int, list[str]]:
    """Claim ids per article, for reports that list articles."""
    ids = list(article_ids)
    result: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return result
    # Sorted here: ordered by claim in SQL, SQLite would walk the claim index through every
    # sighting of the archive instead of looking these articles up.
    rows = session.execute(
        select(ClaimSighting.article_id, ClaimSighting.claim_id).where(
            ClaimSighting.article_id.in_(ids)
        )
    )
    for article_id, claim_id in rows:
        result[article_id].append(claim_id)
    for claim_ids in result.values():
        claim_ids.sort()
    return result
