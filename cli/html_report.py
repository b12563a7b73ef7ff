"""`report html`: one self-contained HTML file with new coverage, the claims and their spread.

Everything from the web reaches the page through an autoescaping Jinja2 template; links are
kept only when `safe_link` accepts them (absolute http/https). Charts are inline SVG drawn by
matplotlib, so the file opens offline with no scripts, styles, fonts or images fetched.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from cli.files import STDOUT, write_output
from cli.reports import counted_rows, new_coverage
from monitor.safe_text import clean_text, language_tag, safe_link, text_direction
from monitor.spread import ClaimLike, carriers, claim_list, rebucket, timeline_of_counts
from monitor.wording import plural
from storage.claim_reports import claim_buckets, claim_counts, claim_history, stored_claims

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["ArticleView", "build_context", "render_report", "write_report"]

TEMPLATE = "report.html.j2"
# Sightings listed in each claim's history, oldest first; the rest are counted, not listed (an
# archive's claim can have hundreds of thousands).
HISTORY_LIMIT = 200


@dataclass(frozen=True)
class ArticleView:
    """An article as the template shows it: cleaned text, a link only when safe, direction."""

    title: str
    link: str | None
    url_text: str
    source: str
    language: str
    lang: str | None  # for the lang attribute; None when not a well-formed tag
    dir: str  # rtl | ltr | auto
    published: str
    first_seen: str


def _when(moment: datetime | None) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M}" if moment else ""


def article_view(
    *,
    title: str | None,
    url: str,
    source: str | None,
    language: str | None,
    published_at: datetime | None,
    first_seen_at: datetime | None,
) -> ArticleView:
    text = clean_text(title or "") or "(no title)"
    return ArticleView(
        title=text,
        link=safe_link(url),
        url_text=clean_text(url, max_len=120),
        source=clean_text(source or ""),
        language=clean_text(language or "", max_len=8),
        lang=language_tag(language) if language != "und" else None,
        dir=text_direction(language, text),
        published=_when(published_at),
        first_seen=_when(first_seen_at),
    )


def _sighting_view(sighting: Any) -> ArticleView:
    return article_view(
        title=sighting.title,
        url=sighting.url,
        source=sighting.source,
        language=sighting.language,
        published_at=sighting.seen_at,
        first_seen_at=sighting.first_seen_at,
    )


def _claim_section(
    claim: ClaimLike,
    history_rows: Sequence[Any],
    row: dict[str, Any],
    firsts: dict[str, Any],
    timeline_rows: list[dict[str, Any]],
) -> dict:
    """A claim's section: the first `HISTORY_LIMIT` sightings (oldest first) marked
    independent or copy, its firsts per language and its chart, from the tallies."""
    from cli.plots import spread_svg

    history = []
    marked = carriers(history_rows)
    for carrier in marked:
        s = carrier.sighting
        history.append(
            {
                "article": _sighting_view(s),
                "variant": clean_text(s.variant),
                "evidence": clean_text(s.evidence, max_len=400),
                "seed_copy": s.seed_copy,
                "copy_of": _sighting_view(carrier.copy_of) if carrier.copy_of else None,
            }
        )
    # Every story's first sighting is an independent report; the rest are copies.
    return {
        "id": claim.id,
        "text_en": clean_text(claim.text_en),
        "text_ar": clean_text(claim.text_ar),
        "row": row,
        "independent": row["stories"],
        "copies": row["sightings"] - row["stories"],
        "firsts": [(lang, _sighting_view(s)) for lang, s in sorted(firsts.items())],
        # matplotlib's SVG writer escapes every text it draws; the markup is ours.
        "chart": Markup(
            spread_svg(
                claim.id, (), bucket="day", subtitle=claim.text_en, rows=timeline_rows,
                firsts=firsts,
            )
        ),  # fmt: skip
        "history": history,
        "more": row["sightings"] - len(history),
    }


def _claim_row_view(row: dict[str, Any]) -> dict[str, Any]:
    first = {}
    for lang, seen in row["first_seen_by_language"].items():
        if seen:
            first[lang] = {
                "at": _when(seen["at"]),
                "source": clean_text(seen["source"]),
                "link": safe_link(seen["url"]),
                "url_text": clean_text(seen["url"], max_len=120),
            }
    return {
        **row,
        "first_seen": _when(row["first_seen_at"]),
        "last_seen": _when(row["last_seen_at"]),
        "first_source_text": clean_text(row["first_source"] or ""),
        "first_link": safe_link(row["first_url"]),
        "first_by_language": first,
        "variants_text": [(clean_text(v), n) for v, n in row["variants"].items()],
    }


def build_context(
    session: Session,
    catalogue: Iterable[ClaimLike],
    *,
    since: datetime | None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Everything the template shows, read in one session: the claims from their tallies,
    each claim's first sightings through the (claim, date) index, new coverage by first-seen
    time."""
    claims = claim_list(catalogue, stored_claims(session))
    counts = claim_counts(session, [c.id for c in claims])
    rows = counted_rows(session, claims)
    new = [
        {
            "article": article_view(
                title=r["title"],
                url=r["url"],
                source=r["outlet"],
                language=r["language"],
                published_at=r["published_at"],
                first_seen_at=r["first_seen_at"],
            ),
            "flags": clean_text(r["flags"]),
            "claims": [clean_text(c) for c in r["claims"]],
        }
        for r in new_coverage(session, since, with_body=False)
    ]
    sections = [
        _claim_section(
            claim,
            claim_history(session, claim.id, HISTORY_LIMIT),
            row,
            counts[claim.id].firsts,
            timeline_of_counts(rebucket(claim_buckets(session, claim.id, "day"), "day")),
        )
        for claim, row in zip(claims, rows, strict=True)
        if claim.id in counts
    ]
    return {
        "generated": _when(now or datetime.now(UTC)),
        "since": _when(since) if since else None,
        "new": new,
        "claims": [_claim_row_view(row) for row in rows],
        "sections": sections,
        "sightings": sum(c.sightings for c in counts.values()),
    }


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("cli", "templates"),
        autoescape=select_autoescape(default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_report(context: dict[str, Any]) -> str:
    """The HTML page for a context from `build_context`."""
    return _environment().get_template(TEMPLATE).render(**context)


def write_report(
    path: str | Path,
    session: Session,
    catalogue: Iterable[ClaimLike],
    *,
    since: datetime | None = None,
) -> str:
    """Build and write the report to `path` atomically (`-`: standard output); return a
    one-line summary."""
    context = build_context(session, catalogue, since=since)
    html = render_report(context)
    write_output(path, html.encode("utf-8"))
    seen = sum(1 for c in context["claims"] if c["sightings"])
    where = "standard output" if str(path) == STDOUT else path
    return (
        f"report written to {where}: {plural(len(context['new']), 'new article')}, "
        f"{seen} of {plural(len(context['claims']), 'claim')} seen, "
        f"{plural(context['sightings'], 'sighting')}"
    )
