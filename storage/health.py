"""Source health: successes and weighted failures, auto-disabling, enable/disable, poll plans.

Functions take the session first and never commit (see storage.queries). A failure adds its
weight (crawler.failures: a 404 or a refused URL 3, a DNS failure 2, a timeout or 5xx 1) to
`consecutive_failures`; a success resets it. At `disable_after` the source is disabled with
the reason recorded; `sources enable NAME` brings it back.
"""

from __future__ import annotations

import logging
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.errors import UnknownSource
from monitor.polling import PollingPolicy, PollResult, plan_next_poll
from monitor.states import PollOutcome
from monitor.wording import plural
from storage.models import Source, utcnow

logger = logging.getLogger(__name__)

# Weighted failures in a row after which a source is disabled: four 404s, six DNS failures or
# twelve timeouts. Proposed as `[crawl] disable_after`.
DISABLE_AFTER = 12.0
CONFIG_DISABLED = "disabled in the configuration (enabled = false)"
HAND_DISABLED = "disabled by hand (sources disable)"


def _source(session: Session, name: str) -> Source | None:
    return session.scalars(select(Source).where(Source.name == name)).one_or_none()


def record_success(
    session: Session,
    name: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    body_hash: str | None = None,
    entries: int | None = None,
    at: datetime | None = None,
) -> None:
    """The source answered: failures reset, validators kept for the next conditional GET.

    A crawl passes no validators here: they wait on the poll's row until the articles the poll
    led to are settled (storage.polls).
    """
    source = _source(session, name)
    if source is None:
        return
    source.last_ok_at = at or utcnow()
    source.consecutive_failures = 0.0
    source.failed_polls = 0
    if etag is not None or last_modified is not None:
        source.etag, source.last_modified = etag, last_modified
    if body_hash is not None:
        source.body_hash = body_hash
    if entries is not None:
        source.last_entries = entries


def record_failure(
    session: Session,
    name: str,
    error: str,
    *,
    weight: float = 1.0,
    at: datetime | None = None,
    disable_after: float = DISABLE_AFTER,
) -> bool:
    """Count a failed poll; disable the source at `disable_after`. True if it was disabled now."""
    source = _source(session, name)
    if source is None:
        return False
    at = at or utcnow()
    source.last_error = error
    source.last_error_at = at
    source.consecutive_failures = (source.consecutive_failures or 0.0) + weight
    source.failed_polls = (source.failed_polls or 0) + 1
    if source.enabled and source.consecutive_failures >= disable_after:
        source.enabled = False
        source.disabled_at = at
        source.disabled_reason = (
            f"disabled automatically after {plural(source.failed_polls, 'failure')} in a row "
            f"(weighted {source.consecutive_failures:g} >= {disable_after:g}); last error: {error}"
        )
        # A disabled source needs a person: ERROR, so that even `run --quiet` says it.
        logger.error(
            "Source %r disabled: %s; `sora-monitor sources enable %s` brings it back",
            name,
            source.disabled_reason,
            shlex.quote(name),  # a command to paste: "Dead feed" needs its quotes
        )
        return True
    return False


def record_problem(session: Session, name: str, error: str, at: datetime | None = None) -> None:
    """The source answered, but part of what it gave could not be used (an aggregator changed
    its link format): its last error says so, without counting a failed poll."""
    source = _source(session, name)
    if source is None:
        return
    source.last_error = error
    source.last_error_at = at or utcnow()


def plan_source(
    source: Source, result: PollResult, policy: PollingPolicy, now: datetime
) -> datetime | None:
    """Store when the source is next due after this poll (after its success or failure was
    recorded, which counts its failures in a row). Returns its next_allowed_at."""
    failed = (source.failed_polls or 0) if result.outcome == PollOutcome.FAILED else 0
    plan = plan_next_poll(
        policy,
        result,
        unchanged_polls=source.unchanged_polls or 0,
        failed_polls=failed,
        now=now,
    )
    source.last_polled_at = now
    source.unchanged_polls = plan.unchanged_polls
    source.next_allowed_at = plan.next_allowed_at
    return plan.next_allowed_at


def record_polls(
    session: Session,
    results: Mapping[str, PollResult],
    policies: Mapping[str, PollingPolicy],
    *,
    now: datetime | None = None,
) -> dict[str, datetime | None]:
    """Store each polled source's next plan (after its success or failure was recorded).

    `policies` maps source names to their polling policy. Returns name -> next_allowed_at.
    """
    now = now or utcnow()
    planned: dict[str, datetime | None] = {}
    for name, result in results.items():
        source = _source(session, name)
        policy = policies.get(name)
        if source is None or policy is None:
            continue
        planned[name] = plan_source(source, result, policy, now)
    return planned


@dataclass(frozen=True)
class Toggled:
    name: str
    enabled: bool
    was_enabled: bool
    reason: str | None


def set_enabled(
    session: Session, name: str, enabled: bool, *, reason: str | None = None
) -> Toggled:
    """`sources enable|disable NAME`: switch a stored source; enabling clears its failures."""
    source = _source(session, name)
    if source is None:
        known = ", ".join(sorted(session.scalars(select(Source.name)))) or "none stored yet"
        raise UnknownSource(f"no source named {name!r} (known: {known})")
    was = bool(source.enabled)
    if enabled:
        source.enabled = True
        source.disabled_reason = None
        source.disabled_at = None
        source.consecutive_failures = 0.0
        source.failed_polls = 0
        source.next_allowed_at = None
    else:
        source.enabled = False
        source.disabled_reason = reason or HAND_DISABLED
        source.disabled_at = utcnow()
    return Toggled(name, bool(source.enabled), was, source.disabled_reason)


def enable_many(session: Session, names: list[str], *, failed_only: bool) -> list[Toggled]:
    """`sources enable --all` / `--failed` over the stored sources of `names`: each disabled
    one (with `failed_only`, only those disabled automatically after failures) is enabled,
    and each backing off after failures is made due; failures are cleared. Returns the
    sources that changed."""
    changed = []
    stored = {s.name: s for s in session.scalars(select(Source).where(Source.name.in_(names)))}
    for source in (stored[name] for name in names if name in stored):
        automatic = (source.disabled_reason or "").startswith("disabled automatically")
        backing_off = bool(source.consecutive_failures) or bool(source.failed_polls)
        if source.enabled and not backing_off:
            continue
        if not source.enabled and failed_only and not automatic:
            continue
        was = bool(source.enabled)
        toggled = set_enabled(session, source.name, True)
        changed.append(Toggled(toggled.name, True, was, None))
    return changed
