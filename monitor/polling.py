"""Adaptive polling: when a source should next be fetched, from what its last polls found.

A pure policy (no I/O). A source whose last poll brought something new is due again at once
(the next run or tick polls it); each poll in a row that finds nothing new doubles the wait,
from the base interval (`poll_every` for feeds, `crawl_every` for sites and sitemaps) up to
`max_factor` times it. Failures back off the same way, from the second one in a row, so a
passing hiccup costs nothing and a dead source is not hammered while it heads for
auto-disabling. A server's `Retry-After` is a floor on the wait.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.states import PollOutcome

# A source is due a little before its interval is up, so that a cron or daemon tick that fires
# exactly one interval later (the run itself took some seconds) does not skip it.
SLACK = 0.1
# The longest a server's Retry-After may push a source back.
MAX_RETRY_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class PollingPolicy:
    """Bounds of the adaptive interval: from 0 (due every tick) to `base * max_factor`."""

    base: timedelta
    max_factor: int = 8

    def __post_init__(self) -> None:
        if self.base <= timedelta(0):
            raise ValueError(f"base interval must be positive, got {self.base}")
        if self.max_factor < 1:
            raise ValueError(f"max_factor must be at least 1, got {self.max_factor}")

    @property
    def longest(self) -> timedelta:
        return self.base * self.max_factor

    def backoff(self, streak: int) -> timedelta:
        """The wait after `streak` fruitless polls in a row: none for 0-1, then base, 2*base..."""
        if streak <= 1:
            return timedelta(0)
        return min(self.base * 2 ** (streak - 2), self.longest)


@dataclass(frozen=True)
class PollResult:
    """What one poll of a source found."""

    outcome: PollOutcome
    retry_after: datetime | None = None  # the server asked not to come back before this

    def __post_init__(self) -> None:
        if self.outcome not in tuple(PollOutcome):
            choices = ", ".join(PollOutcome)
            raise ValueError(f"outcome must be one of {choices}, got {self.outcome!r}")


@dataclass(frozen=True)
class PollPlan:
    """The source's polling state after a poll."""

    unchanged_polls: int
    next_allowed_at: datetime | None  # None: due at once


def plan_next_poll(
    policy: PollingPolicy,
    result: PollResult,
    *,
    unchanged_polls: int,
    failed_polls: int,
    now: datetime,
) -> PollPlan:
    """Where the source stands after this poll.

    `unchanged_polls` is the streak before this poll; `failed_polls` the number of failures in
    a row including this one (0 unless the poll failed).
    """
    if result.outcome == PollOutcome.CHANGED:
        streak, wait = 0, timedelta(0)
    elif result.outcome == PollOutcome.UNCHANGED:
        # One quiet poll waits one base interval (the next tick polls it again); each further
        # one doubles the wait.
        streak = unchanged_polls + 1
        wait = policy.backoff(streak + 1)
    else:
        streak = unchanged_polls  # a failure says nothing about how often the source changes
        wait = policy.backoff(failed_polls)
    due = now + wait * (1 - SLACK) if wait else None
    if result.retry_after is not None and result.retry_after > now:
        floor = min(result.retry_after, now + MAX_RETRY_AFTER)
        due = max(due, floor) if due is not None else floor
    return PollPlan(streak, due)


def is_due(next_allowed_at: datetime | None, now: datetime) -> bool:
    return next_allowed_at is None or next_allowed_at <= now
