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
from cli.reports import new_coverage
from monitor.safe_text import clean_text, language_tag, safe_link, text_direction
from monitor.spread import ClaimLike, carriers, claim_list, first_by_language, summarize_claim
from monitor.wording import plural
from storage.claim_reports import claim_sightings, stored_claims

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["ArticleView", "build_context", "render_report", "write_report"]

TEMPLATE = "report.html.j2"


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


def _claim_section(claim: ClaimLike, sightings: Sequence[Any], row: dict[str, Any]) -> dict:
    from cli.plots import spread_svg

    history = []
    marked = carriers(sightings)
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
    firsts = first_by_language(sightings)
    return {
        "id": claim.id,
        "text_en": clean_text(claim.text_en),
        "text_ar": clean_text(claim.text_ar),
        "row": row,
        "independent": sum(1 for c in marked if c.independent),
        "copies": sum(1 for c in marked if not c.independent),
        "firsts": [(lang, _sighting_view(s)) for lang, s in sorted(firsts.items())],
        # matplotlib's SVG writer escapes every text it draws; the markup is ours.
        "chart": Markup(spread_svg(claim.id, sightings, bucket="day", subtitle=claim.text_en)),
        "history": history,
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
    """Everything the template shows, read in one session, one pass per table."""
    claims = claim_list(catalogue, stored_claims(session))
    sightings = claim_sightings(session)
    by_claim: dict[str, list[Any]] = {c.id: [] for c in claims}
    for sighting in sightings:
        by_claim.setdefault(sighting.claim_id, []).append(sighting)
    rows = [summarize_claim(claim, by_claim[claim.id]) for claim in claims]
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
        for r in new_coverage(session, since)
    ]
    sections = [
        _claim_section(claim, by_claim[claim.id], row)
        for claim, row in zip(claims, rows, strict=True)
        if by_claim[claim.id]
    ]
    return {
        "generated": _when(now or datetime.now(UTC)),
        "since": _when(since) if since else None,
        "new": new,
        "claims": [_claim_row_view(row) for row in rows],
        "sections": sections,
        "sightings": len(sightings),
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
