"""Adaptive polling and the crawl plan: which sources are due, and when each is next.

Pure (no I/O): `plan_crawl` decides before a crawl which sources it polls, from the stored
state of each; `plan_next_poll` decides after each poll when the source is due again. A source
whose last poll brought something new is due again at once (the next run or tick polls it);
each poll in a row that finds nothing new doubles the wait, from the base interval
(`poll_every` for feeds, `crawl_every` for sites and sitemaps) up to `max_factor` times it.
Failures back off the same way, from the second one in a row, so a passing hiccup costs
nothing and a dead source is not hammered while it heads for auto-disabling. A server's
`Retry-After` is a floor on the wait.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.config import Source
from monitor.errors import UnsafeURLError
from monitor.states import CRAWL_KINDS, PollOutcome, PollStatus, SourceKind
from monitor.urls import URLPolicy

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


def interval_for(kind: SourceKind, poll_every: timedelta, crawl_every: timedelta) -> timedelta:
    """A source's base interval: feeds every `poll_every`, sites and sitemaps `crawl_every`."""
    return crawl_every if kind in CRAWL_KINDS else poll_every


@dataclass(frozen=True)
class PollAnswer:
    """What one poll of a source answered: the health and plan it leads to, validators to keep.

    `status` ok means something new; not-modified a 304; unchanged the same bytes (or links)
    as last time. The validators (etag, last_modified, body_hash) are saved as the source's only
    once every article the poll led to is settled, so a crawl killed half way reads it again.
    """

    status: PollStatus
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    entries: int | None = None
    error: str | None = None
    # Hard errors (404, refused, unparseable) weigh more than passing ones (timeouts, 5xx).
    weight: float = 1.0
    retry_after: datetime | None = None
    cause: str | None = None  # a failure's kind (dns, no_route, http_404...; crawler.failures)

    @property
    def result(self) -> PollResult:
        if self.status == PollStatus.FAILED:
            return PollResult(PollOutcome.FAILED, self.retry_after)
        changed = self.status == PollStatus.OK
        return PollResult(PollOutcome.CHANGED if changed else PollOutcome.UNCHANGED)


@dataclass(frozen=True)
class SourceState:
    """What the store knows of a source when a crawl is planned."""

    enabled: bool = True
    next_allowed_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None


@dataclass(frozen=True)
class PlannedPoll:
    """One source to fetch in a crawl, with the validators for its conditional GET."""

    source: Source
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    # Refused by the URL policy before any request (scheme, no host): a failed poll, with the
    # policy's reason word and its message.
    refused: str | None = None
    refused_reason: str | None = None
    id: int | None = None  # its record, once the plan is stored


@dataclass(frozen=True)
class CrawlPlan:
    """What a crawl fetches, decided before it starts; the spiders fetch exactly this."""

    polls: tuple[PlannedPoll, ...] = ()
    deferred: tuple[tuple[str, datetime], ...] = ()  # not due yet: (name, next_allowed_at)
    disabled: tuple[str, ...] = ()
    run_id: int | None = None  # the run it belongs to (None for a bare `scrapy crawl`)
    crawl: str = ""  # the id its shared records (pages per site) go by


def plan_crawl(
    sources: Sequence[Source],
    states: Mapping[str, SourceState],
    policy: URLPolicy,
    *,
    now: datetime,
    force: bool = False,
) -> CrawlPlan:
    """Which of `sources` to poll now: the enabled ones that are due (all enabled with `force`),
    in the configuration's order, each with the validators stored for it.

    A source the store does not know yet counts as enabled and due; one the configuration
    disables is left out (it is not counted as disabled: it was never meant to run).
    """
    polls: list[PlannedPoll] = []
    deferred: list[tuple[str, datetime]] = []
    disabled: list[str] = []
    for source in sources:
        if not source.enabled:
            continue
        state = states.get(source.name, SourceState())
        if not state.enabled:
            disabled.append(source.name)
            continue
        if not force and state.next_allowed_at is not None and not is_due(
            state.next_allowed_at, now
        ):
            deferred.append((source.name, state.next_allowed_at))
            continue
        refused = reason = None
        try:
            policy.check_syntax(source.url)
        except UnsafeURLError as exc:
            refused, reason = str(exc), exc.reason
        polls.append(
            PlannedPoll(
                source, state.etag, state.last_modified, state.body_hash, refused, reason
            )
        )
    return CrawlPlan(tuple(polls), tuple(deferred), tuple(disabled))
