"""The reports: what each one shows, as rows of plain values read through `storage.queries`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, time
from typing import Any

from cli.output import Column
from monitor.durations import parse_duration
from monitor.errors import UsageError
from storage.engine import Database
from storage.queries import list_sources, new_articles

NEW_COLUMNS = (
    Column("first_seen_at", "first seen"),
    Column("published_at", "published"),
    Column("language", "lang"),
    Column("outlet", "outlet", max_width=22),
    Column("title", "title", max_width=70),
    Column("flags", "flags"),
    Column("url", "url", max_width=60),
)

SOURCE_COLUMNS = (
    Column("name", "name", max_width=28),
    Column("kind", "kind"),
    Column("language", "lang"),
    Column("enabled", "enabled"),
    Column("articles", "articles", justify="right"),
    Column("last_ok_at", "last ok"),
    Column("consecutive_failures", "failures", justify="right"),
    Column("last_error", "last error", max_width=40),
    Column("next_allowed_at", "next poll"),
    Column("disabled_reason", "disabled because", max_width=30),
    Column("url", "url", max_width=60),
)


def parse_since(text: str, *, now: datetime | None = None) -> datetime:
    """`24h`, `7d`, `90m` (that long ago), or an ISO date or date-time (UTC unless it says)."""
    now = now or datetime.now(UTC)
    try:
        return now - parse_duration(text)
    except ValueError:
        pass
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except ValueError:
        raise UsageError(
            f"--since {text!r}: give a duration (24h, 7d, 30m) or a date (2024-11-27)"
        ) from None


def _flags(row: Any) -> str:
    flags = []
    if row.leak_report:
        flags.append("leak")
    if row.seed_copy:
        flags.append("seed copy")
    if row.relevant is False:
        flags.append("irrelevant")
    if row.body_source == "feed":
        flags.append("summary only")
    return ", ".join(flags)


def new_coverage(
    database: Database, since: datetime, *, include_irrelevant: bool = False
) -> list[dict[str, Any]]:
    """`report new`: articles first seen since `since`, newest first (DESIGN.md's JSON shape)."""
    with database.session() as session, session.begin():
        articles = new_articles(session, since, include_irrelevant=include_irrelevant)
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


def sources_overview(database: Database, configured: Any) -> list[dict[str, Any]]:
    """`sources list`: configured sources with their health (never polled ones too)."""
    with database.session() as session, session.begin():
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
