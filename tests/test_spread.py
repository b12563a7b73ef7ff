"""Tests for monitor.spread: buckets, timelines, per-claim totals, who was first, copies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pytest

from monitor.errors import UsageError
from monitor.spread import (
    bucket_start,
    carriers,
    check_claim_id,
    claim_list,
    first_by_language,
    flat_claim_row,
    summarize_claim,
    timeline,
)

RIYADH = timezone(timedelta(hours=3))


@dataclass(frozen=True)
class Sighting:
    claim_id: str
    article_id: int
    seen_at: datetime
    language: str
    source: str
    cluster_id: int | None = None
    variant: str = ""
    seed_copy: bool = False
    title: str | None = None

    @property
    def url(self) -> str:
        return f"https://news.example/{self.article_id}"


@dataclass(frozen=True)
class ClaimText:
    id: str
    text_en: str = "a claim"
    text_ar: str = "ادعاء"


def at(day: int, hour: int, minute: int = 0, tz: timezone = UTC) -> datetime:
    return datetime(2024, 11, day, hour, minute, tzinfo=tz)


# The shut-down-three-hours sightings of the demo web, in publication order (Arabic outlets
# publish at +03:00).
THREE_HOURS = [
    Sighting("c", 1, at(26, 17, 45), "en", "Tech Wire", 1, "3 hours"),
    Sighting("c", 2, at(26, 21, 30, RIYADH), "ar", "Daily News", 2, "3 hours"),
    Sighting("c", 3, at(27, 9, 40, RIYADH), "ar", "Arab Tech", 3, "3 hours"),
    Sighting("c", 4, at(27, 8, 30), "en", "Tech Wire", 4, "3 hours"),
    Sighting("c", 5, at(27, 9, 15), "en", "The Global Post", 4, "3 hours"),
    Sighting("c", 6, at(28, 12, 0, RIYADH), "ar", "Daily News", 6, "3 hours", seed_copy=True),
    Sighting("c", 7, datetime(2024, 12, 3, 10, 15, tzinfo=RIYADH), "ar", "Arab Tech", 7, "3 hours"),
]


def test_bucket_start_is_utc_hour_or_day() -> None:
    moment = datetime(2024, 11, 27, 1, 40, 12, tzinfo=RIYADH)  # 26 Nov 22:40 UTC
    assert bucket_start(moment, "hour") == datetime(2024, 11, 26, 22, tzinfo=UTC)
    assert bucket_start(moment, "day") == datetime(2024, 11, 26, tzinfo=UTC)
    with pytest.raises(UsageError):
        bucket_start(moment, "week")  # type: ignore[arg-type]


def test_daily_timeline_of_the_demo_claim() -> None:
    rows = timeline(reversed(THREE_HOURS), "day")
    day = lambda d, m=11: datetime(2024, m, d, tzinfo=UTC)  # noqa: E731
    got = [(r["bucket_start"], r["language"], r["new_sightings"], r["cumulative"]) for r in rows]
    assert got == [
        (day(26), "ar", 1, 1),
        (day(26), "en", 1, 1),
        (day(27), "ar", 1, 2),
        (day(27), "en", 2, 3),
        (day(28), "ar", 1, 3),
        (day(28), "en", 0, 3),
        (day(3, 12), "ar", 1, 4),
        (day(3, 12), "en", 0, 3),
    ]  # fmt: skip


def test_hourly_timeline_has_finer_buckets_and_the_same_totals() -> None:
    hourly = timeline(THREE_HOURS, "hour")
    daily = timeline(THREE_HOURS, "day")
    assert len({r["bucket_start"] for r in hourly}) == 7 > len({r["bucket_start"] for r in daily})
    for rows in (hourly, daily):
        assert sum(r["new_sightings"] for r in rows) == len(THREE_HOURS)
        last = {r["language"]: r["cumulative"] for r in rows}
        assert last == {"ar": 4, "en": 3}
        keys = [(r["bucket_start"], r["language"]) for r in rows]
        assert keys == sorted(keys)
    # A language has no rows before its first sighting: Arabic starts at 18:00 UTC.
    assert [(r["bucket_start"].hour, r["language"]) for r in hourly[:3]] == [
        (17, "en"),
        (18, "ar"),
        (18, "en"),
    ]
    assert all(r["bucket_start"].minute == 0 for r in hourly)


def test_timeline_of_nothing_is_empty() -> None:
    assert timeline([], "day") == []


def test_summary_row_counts_languages_sources_variants_and_firsts() -> None:
    sightings = [
        *THREE_HOURS[:3],
        Sighting("c", 8, at(29, 7), "en", "The Global Post", 8, "$150 billion"),
        Sighting("c", 9, at(29, 8), "en", "Tech Wire", 9, "$157 billion"),
        Sighting("c", 10, at(30, 8), "fr", "Le Monde", 10, "$157 billion"),
    ]
    row = summarize_claim(ClaimText("c", "OpenAI shut it down"), list(reversed(sightings)))
    assert row["claim_id"] == "c" and row["text"] == "OpenAI shut it down"
    assert row["sightings"] == row["articles"] == 6
    assert row["sources"] == 5
    assert row["languages"] == {"ar": 2, "en": 3, "fr": 1}
    assert row["first_seen_at"] == at(26, 17, 45)
    assert row["first_url"] == "https://news.example/1"
    assert row["first_source"] == "Tech Wire"
    assert row["last_seen_at"] == at(30, 8)
    assert row["variants"] == {"3 hours": 3, "$157 billion": 2, "$150 billion": 1}
    assert list(row["variants"]) == ["3 hours", "$157 billion", "$150 billion"]  # most used first
    ar = row["first_seen_by_language"]["ar"]
    assert ar == {
        "at": at(26, 21, 30, RIYADH),
        "url": "https://news.example/2",
        "source": "Daily News",
    }
    assert row["first_seen_by_language"]["fr"]["source"] == "Le Monde"
    flat = flat_claim_row(row)
    assert flat["first_ar_source"] == "Daily News" and flat["ar"] == 2 and flat["en"] == 3
    assert flat["first_ar"] == "2024-11-26 18:30 Daily News"
    assert flat["variants"] == "3 hours (3); $157 billion (2); $150 billion (1)"


def test_a_claim_never_seen_has_zeros_and_no_firsts() -> None:
    row = summarize_claim(ClaimText("quiet"), [])
    assert (row["sightings"], row["articles"], row["sources"], row["stories"]) == (0, 0, 0, 0)
    assert row["languages"] == {"ar": 0, "en": 0}
    assert row["first_seen_at"] is row["first_url"] is row["last_seen_at"] is None
    assert row["first_seen_by_language"] == {"ar": None, "en": None}
    assert row["variants"] == {}
    assert flat_claim_row(row)["first"] == ""


def test_first_by_language_uses_the_instant_not_the_local_clock() -> None:
    # 21:30 in Riyadh is 18:30 UTC: after the 17:45 UTC English article, although "later" on
    # a clock face it would look.
    firsts = first_by_language(THREE_HOURS)
    assert firsts["en"].article_id == 1 and firsts["ar"].article_id == 2
    early_ar = Sighting("c", 99, at(26, 20, 0, RIYADH), "ar", "Arab Tech")  # 17:00 UTC
    assert first_by_language([*THREE_HOURS, early_ar])["ar"].article_id == 99


def test_copies_are_later_sightings_of_the_same_story() -> None:
    marked = carriers(reversed(THREE_HOURS))
    assert [c.sighting.article_id for c in marked] == [1, 2, 3, 4, 5, 6, 7]
    copies = {c.sighting.article_id: c.copy_of.article_id for c in marked if c.copy_of}
    assert copies == {5: 4}  # the wire story, second outlet
    assert summarize_claim(ClaimText("c"), THREE_HOURS)["stories"] == 6
    # Articles without a cluster are each their own story.
    loose = [Sighting("c", i, at(26, i), "en", "X", None) for i in range(1, 4)]
    assert all(c.independent for c in carriers(loose))


def test_claim_list_keeps_catalogue_order_and_stored_claims_it_dropped() -> None:
    catalogue = [ClaimText("b"), ClaimText("a")]
    stored = [ClaimText("a", "old text"), ClaimText("retired")]
    merged = claim_list(catalogue, stored)
    assert [c.id for c in merged] == ["b", "a", "retired"]
    assert merged[1].text_en == "a claim"  # the catalogue's text wins


def test_unknown_claim_id_is_a_usage_error_listing_valid_ids() -> None:
    claims = [ClaimText("shut-down-three-hours"), ClaimText("pr-stunt")]
    assert check_claim_id("pr-stunt", claims).id == "pr-stunt"
    with pytest.raises(UsageError) as caught:
        check_claim_id("pr-stunts", claims)
    assert caught.value.exit_code == 2
    assert "'pr-stunts'" in str(caught.value)
    assert "pr-stunt, shut-down-three-hours" in str(caught.value)
