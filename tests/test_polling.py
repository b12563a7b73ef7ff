"""The adaptive polling policy: changed sources stay due, quiet or failing ones wait longer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.config import Source
from monitor.polling import (
    MAX_RETRY_AFTER,
    SLACK,
    PollAnswer,
    PollingPolicy,
    PollResult,
    SourceState,
    interval_for,
    is_due,
    plan_crawl,
    plan_next_poll,
)
from monitor.states import PollOutcome, PollStatus, SourceKind
from monitor.urls import URLPolicy

CHANGED, UNCHANGED, FAILED = PollOutcome.CHANGED, PollOutcome.UNCHANGED, PollOutcome.FAILED

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
BASE = timedelta(minutes=15)
POLICY = PollingPolicy(BASE)


def wait(plan_at: datetime | None) -> timedelta:
    return (plan_at - NOW) if plan_at else timedelta(0)


def test_a_source_that_changes_every_time_is_due_at_every_tick() -> None:
    plan = plan_next_poll(POLICY, PollResult(CHANGED), unchanged_polls=5, failed_polls=0, now=NOW)
    assert plan.unchanged_polls == 0 and plan.next_allowed_at is None
    assert is_due(plan.next_allowed_at, NOW)


def test_a_quiet_source_waits_twice_as_long_each_time_up_to_the_bound() -> None:
    waits, streak = [], 0
    for _ in range(7):
        plan = plan_next_poll(
            POLICY, PollResult(UNCHANGED), unchanged_polls=streak, failed_polls=0, now=NOW
        )
        streak = plan.unchanged_polls
        waits.append(wait(plan.next_allowed_at) / (BASE * (1 - SLACK)))
    assert waits == pytest.approx([1, 2, 4, 8, 8, 8, 8])
    # Due a little early, so that a tick exactly one interval later is not skipped.
    once = plan_next_poll(POLICY, PollResult(UNCHANGED), unchanged_polls=0, failed_polls=0, now=NOW)
    assert not is_due(once.next_allowed_at, NOW + BASE * 0.8)
    assert is_due(once.next_allowed_at, NOW + BASE)


def test_failures_back_off_from_the_second_in_a_row() -> None:
    waits = [
        wait(
            plan_next_poll(
                POLICY, PollResult(FAILED), unchanged_polls=2, failed_polls=n, now=NOW
            ).next_allowed_at
        )
        for n in (1, 2, 3, 4, 9)
    ]
    step = BASE * (1 - SLACK)
    assert waits == [timedelta(0), step, 2 * step, 4 * step, 8 * step]
    kept = plan_next_poll(POLICY, PollResult(FAILED), unchanged_polls=2, failed_polls=1, now=NOW)
    assert kept.unchanged_polls == 2  # a failure says nothing about how often it changes


def test_retry_after_is_a_floor_and_is_bounded() -> None:
    soon = plan_next_poll(
        POLICY,
        PollResult(FAILED, retry_after=NOW + timedelta(hours=2)),
        unchanged_polls=0,
        failed_polls=1,
        now=NOW,
    )
    assert soon.next_allowed_at == NOW + timedelta(hours=2)
    far = plan_next_poll(
        POLICY,
        PollResult(FAILED, retry_after=NOW + timedelta(days=30)),
        unchanged_polls=0,
        failed_polls=1,
        now=NOW,
    )
    assert far.next_allowed_at == NOW + MAX_RETRY_AFTER


def test_bad_policies_and_outcomes_are_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        PollingPolicy(timedelta(0))
    with pytest.raises(ValueError, match="max_factor"):
        PollingPolicy(BASE, max_factor=0)
    with pytest.raises(ValueError, match="outcome"):
        PollResult("maybe")


def test_the_plan_polls_enabled_due_sources_with_their_validators() -> None:
    sources = [
        Source("Due", SourceKind.FEED, "https://a.example/feed"),
        Source("New", SourceKind.SITE, "https://b.example/"),  # not stored yet: due
        Source("Quiet", SourceKind.FEED, "https://c.example/feed"),
        Source("Dead", SourceKind.FEED, "https://d.example/feed"),
        Source("Off", SourceKind.FEED, "https://e.example/feed", enabled=False),
        Source("Odd", SourceKind.SITEMAP, "ftp://f.example/sitemap.xml"),
    ]
    states = {
        "Due": SourceState(next_allowed_at=NOW - BASE, etag='"e"', last_modified="lm"),
        "Quiet": SourceState(next_allowed_at=NOW + BASE, body_hash="h"),
        "Dead": SourceState(enabled=False),
    }
    plan = plan_crawl(sources, states, URLPolicy(), now=NOW)
    assert [p.source.name for p in plan.polls] == ["Due", "New", "Odd"]
    due = plan.polls[0]
    assert (due.etag, due.last_modified, due.body_hash, due.refused) == ('"e"', "lm", None, None)
    odd = plan.polls[2]  # refused before any request: a failed poll, planned as such
    assert odd.refused_reason == "scheme" and odd.refused and "ftp://" in odd.refused
    assert plan.deferred == (("Quiet", NOW + BASE),)
    assert plan.disabled == ("Dead",)
    forced = plan_crawl(sources, states, URLPolicy(), now=NOW, force=True)
    assert [p.source.name for p in forced.polls] == ["Due", "New", "Quiet", "Odd"]


def test_an_answer_says_what_it_means_for_polling() -> None:
    assert PollAnswer(PollStatus.OK).result == PollResult(CHANGED)
    assert PollAnswer(PollStatus.NOT_MODIFIED).result == PollResult(UNCHANGED)
    assert PollAnswer(PollStatus.UNCHANGED, body_hash="h").result == PollResult(UNCHANGED)
    failed = PollAnswer(PollStatus.FAILED, error="HTTP 429", retry_after=NOW + BASE)
    assert failed.result == PollResult(FAILED, NOW + BASE)
    hour = timedelta(hours=1)
    assert interval_for(SourceKind.SEARCH, BASE, hour) == BASE
    assert interval_for(SourceKind.SITEMAP, BASE, hour) == hour
