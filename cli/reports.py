"""The reports: what each one shows, as rows of plain values read in the caller's session.

Each function takes a session (the command owns it and its transaction) and returns rows of
plain values for `cli.output.render`, in the JSON shapes the commands promise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from cli.output import Column
from monitor.config import Source
from monitor.durations import parse_duration
from monitor.errors import UsageError
from monitor.spread import (
    Bucket,
    ClaimLike,
    SightingLike,
    check_claim_id,
    claim_list,
    rebucket,
    summarize_claim,
    summarize_counts,
    timeline_of_counts,
)
from monitor.states import BodySource
from storage.claim_reports import (
    SightingRow,
    claim_buckets,
    claim_counts,
    claim_sightings,
    stored_claims,
)
from storage.queries import list_sources, new_articles

NEW_COLUMNS = (
    Column("first_seen_at", "first seen", keep=80),
    Column("published_at", "published", keep=30),
    Column("language", "lang", keep=70),
    Column("outlet", "outlet", max_width=22, wrap=True, keep=60),
    Column("title", "title", max_width=70, wrap=True, keep=90, min_width=30),
    Column("flags", "flags", max_width=16, wrap=True, keep=50),
    Column("url", "url", keep=40),
)

# CSV carries every key of the JSON: the table's columns first, as they always were, then the
# rest (the body last: it is long).
NEW_CSV_COLUMNS = NEW_COLUMNS + tuple(
    Column(key, key)
    for key in (
        "source", "relevant", "leak_report", "seed_copy", "cluster_id", "claims", "author",
        "body_source", "body",
    )
)  # fmt: skip


def new_columns(fmt: str) -> tuple[Column, ...]:
    """The columns of `report new` (and of the demo's report) in `fmt`."""
    return NEW_CSV_COLUMNS if fmt == "csv" else NEW_COLUMNS


SOURCE_COLUMNS = (
    Column("name", "name", keep=100),
    Column("kind", "kind", keep=55),
    Column("language", "lang", keep=45),
    Column("enabled", "enabled", keep=90),
    Column("articles", "articles", justify="right", keep=60),
    Column("last_ok_at", "last ok", keep=70),
    Column("consecutive_failures", "failures", justify="right", keep=75),
    Column("last_error", "last error", max_width=40, wrap=True, keep=80),
    Column("next_allowed_at", "next poll", keep=35),
    Column("disabled_reason", "disabled because", max_width=30, wrap=True, keep=40),
    Column("url", "url", keep=30),
)

CLAIM_COLUMNS = (
    Column("claim_id", "claim", keep=100),
    Column("sightings", "sightings", justify="right", keep=90),
    Column("stories", "stories", justify="right", keep=40),
    Column("sources", "sources", justify="right", keep=45),
    Column("ar", "ar", justify="right", keep=70),
    Column("en", "en", justify="right", keep=70),
    Column("first", "first seen", max_width=34, wrap=True, keep=80),
    Column("first_ar", "first in ar", max_width=34, wrap=True, keep=30),
    Column("first_en", "first in en", max_width=34, wrap=True, keep=30),
    Column("last_seen_at", "last seen", keep=50),
    Column("variants", "figures used", max_width=34, wrap=True, keep=35),
)
# CSV carries every flat key (machine readers want the URLs too).
CLAIM_CSV_COLUMNS = tuple(
    Column(key, key)
    for key in (
        "claim_id", "text", "sightings", "articles", "stories", "sources", "ar", "en",
        "first_seen_at", "first_source", "first_url", "last_seen_at", "variants",
        "first_ar_at", "first_ar_source", "first_ar_url",
        "first_en_at", "first_en_source", "first_en_url",
    )
)  # fmt: skip
SPREAD_COLUMNS = (
    Column("bucket_start", "bucket (UTC)", keep=100),
    Column("language", "lang", keep=90),
    Column("new_sightings", "new", justify="right", keep=70),
    Column("cumulative", "cumulative", justify="right", keep=80),
)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def parse_window(text: str | None, *, now: datetime | None = None) -> datetime | None:
    """A `--since` value: None for `all` (or no value), else what `parse_since` reads."""
    if text is None or text.strip().lower() == "all":
        return None
    return parse_since(text, now=now)


def parse_since(text: str, *, now: datetime | None = None) -> datetime:
    """`24h`, `7d`, `90m` (that long ago), or an ISO date or date-time (UTC unless it says)."""
    now = now or datetime.now(UTC)
    try:
        duration = parse_duration(text)
    except ValueError as exc:
        if "too long" in str(exc):
            raise UsageError(f"--since {text!r}: {exc}; `--since all` means everything") from None
    else:
        try:
            return now - duration
        except OverflowError:
            raise UsageError(
                f"--since {text!r} reaches back before the year 1: give a shorter duration, "
                "a date, or `all` for everything"
            ) from None
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except ValueError:
        raise UsageError(
            f"--since {text!r}: give a duration (24h, 7d, 30m), a date (2024-11-27) or `all`"
        ) from None


def _flags(row: Any) -> str:
    flags = []
    if row.leak_report:
        flags.append("leak")
    if row.seed_copy:
        flags.append("seed copy")
    if row.relevant is False:
        flags.append("irrelevant")
    if row.body_source == BodySource.FEED:
        flags.append("summary only")
    return ", ".join(flags)


def new_coverage(
    session: Session,
    since: datetime | None,
    *,
    include_irrelevant: bool = False,
    with_body: bool = True,
) -> list[dict[str, Any]]:
    """`report new`: articles first seen since `since` (None: ever), newest first (the promised
    JSON keys first, then additions; `body` None unless `with_body`)."""
    articles = new_articles(
        session, since or EPOCH, include_irrelevant=include_irrelevant, with_body=with_body
    )
    rows = []
    for article in articles:
        rows.append(
            {
                "url": article.url,
                "title": article.title,
                "source": article.source,
                "language": article.language,
                "published_at": article.published_at,
                "first_seen_at": article.first_seen_at,
                "relevant": article.relevant,
                "leak_report": article.leak_report,
                "seed_copy": article.seed_copy,
                "cluster_id": article.cluster_id,
                "claims": list(article.claims),
                # Additions to the contract: who published and wrote it, what it says, where
                # the text came from.
                "outlet": article.outlet,
                "author": article.author,
                "body": article.body,
                "body_source": article.body_source,
                "flags": _flags(article),
            }
        )
    return rows


def sources_overview(session: Session, configured: Iterable[Source]) -> list[dict[str, Any]]:
    """`sources list`: configured sources with their health (never polled ones too)."""
    stored = {row.name: row for row in list_sources(session)}
    rows = []
    for source in configured:
        row = stored.get(source.name)
        health = asdict(row) if row else {}
        rows.append(
            {
                "name": source.name,
                "kind": source.kind,
                "url": source.url,
                "language": source.language,
                "enabled": source.enabled and (row.enabled if row else True),
                "articles": health.get("articles", 0),
                "last_ok_at": health.get("last_ok_at"),
                "last_error": health.get("last_error"),
                "last_error_at": health.get("last_error_at"),
                "consecutive_failures": health.get("consecutive_failures", 0.0),
                "disabled_reason": health.get("disabled_reason"),
                "next_allowed_at": health.get("next_allowed_at"),
            }
        )
    return rows


def claims_report(
    session: Session, catalogue: Iterable[ClaimLike], *, since: datetime | None = None
) -> list[dict[str, Any]]:
    """`report claims`: one row per claim, claims never seen included (with zeros).

    Over all time the rows come from the claims' tallies; a window reads its sightings.
    """
    claims = claim_list(catalogue, stored_claims(session))
    if since is None:
        return counted_rows(session, claims)
    by_claim: dict[str, list[SightingRow]] = {c.id: [] for c in claims}
    for sighting in claim_sightings(session, since=since):
        by_claim.setdefault(sighting.claim_id, []).append(sighting)
    return [summarize_claim(claim, by_claim[claim.id]) for claim in claims]


def counted_rows(session: Session, claims: Sequence[ClaimLike]) -> list[dict[str, Any]]:
    """`report claims` rows over all time, from the tallies, in the order of `claims`."""
    counts = claim_counts(session, [c.id for c in claims])
    rows = []
    for claim in claims:
        c = counts.get(claim.id)
        rows.append(
            summarize_counts(
                claim, sightings=c.sightings if c else 0, stories=c.stories if c else 0,
                sources=c.sources if c else 0, languages=c.languages if c else {},
                variants=c.variants if c else {}, firsts=c.firsts if c else {},
                last_seen_at=c.last_seen_at if c else None,
            )
        )  # fmt: skip
    return rows


def spread_report(
    session: Session, catalogue: Iterable[ClaimLike], claim_id: str, bucket: Bucket
) -> tuple[ClaimLike, list[dict[str, Any]], dict[str, SightingLike]]:
    """`report spread`: the claim, its timeline rows and its first sighting per language."""
    claim = check_claim_id(claim_id, claim_list(catalogue, stored_claims(session)))
    rows = timeline_of_counts(rebucket(claim_buckets(session, claim.id, bucket), bucket))
    counts = claim_counts(session, [claim.id]).get(claim.id)
    return claim, rows, dict(counts.firsts) if counts else {}
