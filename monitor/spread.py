"""How claims spread: per-claim totals, who was first (in each language), timelines, copies.

Pure functions: they take sightings (any objects shaped like `storage.claim_reports.SightingRow`)
and return report rows; the reports (`cli.reports`, the HTML report) read the sightings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from monitor.errors import UsageError

Bucket = Literal["hour", "day"]
BUCKETS: tuple[Bucket, ...] = ("hour", "day")
# Always shown in per-language counts, even at zero: the product follows these two.
MAIN_LANGUAGES = ("ar", "en")


class SightingLike(Protocol):
    """A claim seen in an article, as the reports read it (read-only)."""

    @property
    def claim_id(self) -> str: ...

    @property
    def article_id(self) -> int: ...

    @property
    def seen_at(self) -> datetime: ...

    @property
    def url(self) -> str: ...

    @property
    def title(self) -> str | None: ...

    @property
    def source(self) -> str: ...

    @property
    def language(self) -> str: ...

    @property
    def cluster_id(self) -> int | None: ...

    @property
    def seed_copy(self) -> bool: ...

    @property
    def variant(self) -> str: ...


class ClaimLike(Protocol):
    """A claim of the catalogue or of the database (read-only)."""

    @property
    def id(self) -> str: ...

    @property
    def text_en(self) -> str: ...

    @property
    def text_ar(self) -> str: ...


def bucket_start(moment: datetime, bucket: Bucket) -> datetime:
    """The start (UTC) of the hour or day `moment` falls in."""
    moment = moment.astimezone(UTC)
    if bucket == "hour":
        return moment.replace(minute=0, second=0, microsecond=0)
    if bucket == "day":
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    raise UsageError(f"unknown bucket {bucket!r}: use one of {', '.join(BUCKETS)}")


def _chronological(sightings: Iterable[SightingLike]) -> list[SightingLike]:
    return sorted(sightings, key=lambda s: (s.seen_at, s.article_id))


def timeline(sightings: Iterable[SightingLike], bucket: Bucket) -> list[dict[str, Any]]:
    """New and cumulative sightings per bucket and language, by bucket then language.

    A language gets a row in every bucket in which the claim was seen anywhere, from its own
    first sighting on (new 0 when it was quiet), so languages can be read side by side.
    """
    new: Counter[tuple[datetime, str]] = Counter()
    for sighting in sightings:
        new[(bucket_start(sighting.seen_at, bucket), sighting.language)] += 1
    return timeline_of_counts(new)


def rebucket(
    counts: Iterable[tuple[datetime, str, int]], bucket: Bucket
) -> Counter[tuple[datetime, str]]:
    """(moment, language, count) triples, such as hourly tallies, added up per bucket."""
    new: Counter[tuple[datetime, str]] = Counter()
    for moment, language, count in counts:
        new[(bucket_start(moment, bucket), language)] += count
    return new


def timeline_of_counts(new: Mapping[tuple[datetime, str], int]) -> list[dict[str, Any]]:
    """`timeline`'s rows from new sightings counted per (bucket start, language)."""
    new = {key: count for key, count in new.items() if count}
    buckets = sorted({start for start, _ in new})
    languages = sorted({language for _, language in new})
    totals = dict.fromkeys(languages, 0)
    rows = []
    for start in buckets:
        for language in languages:
            count = new.get((start, language), 0)
            totals[language] += count
            if totals[language]:
                rows.append(
                    {
                        "bucket_start": start,
                        "language": language,
                        "new_sightings": count,
                        "cumulative": totals[language],
                    }
                )
    return rows


def first_by_language(sightings: Iterable[SightingLike]) -> dict[str, SightingLike]:
    """The earliest sighting in each language."""
    first: dict[str, SightingLike] = {}
    for sighting in _chronological(sightings):
        first.setdefault(sighting.language, sighting)
    return first


def _seen(sighting: SightingLike | None) -> dict[str, Any] | None:
    if sighting is None:
        return None
    return {"at": sighting.seen_at, "url": sighting.url, "source": sighting.source}


def summarize_claim(claim: ClaimLike, sightings: Sequence[SightingLike]) -> dict[str, Any]:
    """One `report claims` row (the documented keys first, then additions) for one claim."""
    ordered = _chronological(sightings)
    first = ordered[0] if ordered else None
    languages = Counter(s.language for s in ordered)
    per_language = {lang: languages.get(lang, 0) for lang in MAIN_LANGUAGES}
    per_language.update(sorted(languages.items()))
    variants = Counter(s.variant for s in ordered if s.variant)
    firsts = first_by_language(ordered)
    by_language = {lang: _seen(firsts.get(lang)) for lang in MAIN_LANGUAGES}
    by_language.update({lang: _seen(s) for lang, s in sorted(firsts.items())})
    return {
        "claim_id": claim.id,
        "sightings": len(ordered),
        "articles": len({s.article_id for s in ordered}),
        "sources": len({s.source for s in ordered}),
        "languages": per_language,
        "first_seen_at": first.seen_at if first else None,
        "first_url": first.url if first else None,
        "last_seen_at": ordered[-1].seen_at if ordered else None,
        "variants": dict(sorted(variants.items(), key=lambda kv: (-kv[1], kv[0]))),
        # Additions to the contract.
        "text": claim.text_en,
        "first_source": first.source if first else None,
        "first_seen_by_language": by_language,
        "stories": len({_story(s) for s in ordered}),
    }


def summarize_counts(
    claim: ClaimLike,
    *,
    sightings: int,
    stories: int,
    sources: int,
    languages: Mapping[str, int],
    variants: Mapping[str, int],
    firsts: Mapping[str, SightingLike],
    last_seen_at: datetime | None,
) -> dict[str, Any]:
    """`summarize_claim`'s row from counts kept beforehand: the claim's sightings, distinct
    stories and outlets, sightings per language and per figure, the first sighting in each
    language and the last time. (A claim is carried once per article: articles = sightings.)"""
    first = min(firsts.values(), key=lambda s: (s.seen_at, s.article_id)) if firsts else None
    per_language = {lang: languages.get(lang, 0) for lang in MAIN_LANGUAGES}
    per_language.update(sorted((lang, n) for lang, n in languages.items() if n))
    by_language = {lang: _seen(firsts.get(lang)) for lang in MAIN_LANGUAGES}
    by_language.update({lang: _seen(s) for lang, s in sorted(firsts.items())})
    return {
        "claim_id": claim.id,
        "sightings": sightings,
        "articles": sightings,
        "sources": sources,
        "languages": per_language,
        "first_seen_at": first.seen_at if first else None,
        "first_url": first.url if first else None,
        "last_seen_at": last_seen_at if sightings else None,
        "variants": dict(sorted(((v, n) for v, n in variants.items() if v and n),
                                key=lambda kv: (-kv[1], kv[0]))),  # fmt: skip
        "text": claim.text_en,
        "first_source": first.source if first else None,
        "first_seen_by_language": by_language,
        "stories": stories,
    }


def flat_claim_row(row: dict[str, Any]) -> dict[str, Any]:
    """`row` with first-per-language spread into flat keys, for table, CSV and Markdown."""
    flat = dict(row)
    for lang in MAIN_LANGUAGES:
        seen = row["first_seen_by_language"].get(lang)
        flat[f"first_{lang}_at"] = seen["at"] if seen else None
        flat[f"first_{lang}_source"] = seen["source"] if seen else None
        flat[f"first_{lang}_url"] = seen["url"] if seen else None
        flat[f"first_{lang}"] = _at_source(seen)
        flat[lang] = row["languages"].get(lang, 0)
    flat["first"] = _at_source(
        {"at": row["first_seen_at"], "source": row["first_source"]}
        if row["first_seen_at"]
        else None
    )
    flat["variants"] = "; ".join(f"{variant} ({n})" for variant, n in row["variants"].items())
    return flat


def _at_source(seen: dict[str, Any] | None) -> str:
    return f"{seen['at'].astimezone(UTC):%Y-%m-%d %H:%M} {seen['source']}" if seen else ""


def _story(sighting: SightingLike) -> tuple[str, int]:
    # An article without a cluster is a story of its own.
    if sighting.cluster_id is None:
        return ("article", sighting.article_id)
    return ("cluster", sighting.cluster_id)


@dataclass(frozen=True)
class Carrier:
    """A sighting in a claim's history: an independent report, or a copy of an earlier one."""

    sighting: Any
    copy_of: Any | None  # the earlier sighting of the same story, for a copy

    @property
    def independent(self) -> bool:
        return self.copy_of is None


def carriers(sightings: Iterable[SightingLike]) -> list[Carrier]:
    """The sightings in order, each marked independent or as a copy (same near-duplicate
    cluster as an earlier sighting of the claim)."""
    first_of_story: dict[tuple[str, int], SightingLike] = {}
    out = []
    for sighting in _chronological(sightings):
        story = _story(sighting)
        original = first_of_story.setdefault(story, sighting)
        out.append(Carrier(sighting, None if original is sighting else original))
    return out


def claim_list(catalogue: Iterable[ClaimLike], stored: Iterable[ClaimLike]) -> list[ClaimLike]:
    """The catalogue's claims in its order, then stored claims it no longer lists (their past
    sightings stay reportable)."""
    claims = {c.id: c for c in catalogue}
    for claim in stored:
        claims.setdefault(claim.id, claim)
    return list(claims.values())


def check_claim_id(claim_id: str, claims: Sequence[ClaimLike]) -> ClaimLike:
    """The claim with this id, or a UsageError listing the valid ids."""
    for claim in claims:
        if claim.id == claim_id:
            return claim
    valid = ", ".join(sorted(c.id for c in claims)) or "none (the catalogue is empty)"
    raise UsageError(f"unknown claim id {claim_id!r}; valid ids: {valid}")
