"""How a run went, from what it wrote and what it could not: its status, its error, its exit code.

In order: a run that reached no source failed (an outage of this machine when every source
failed as when it is offline); a run that could not store what it fetched is `partial`, or
`failed` when it stored nothing, and exits 1 either way (what was not stored is fetched again
by the next run); a run that polled nothing because every source of its kinds is disabled or
not due yet is `idle`, and fails once nothing has been polled for longer than `[crawl]
idle_alarm`; a run where some sources or pages failed is `partial`; otherwise `ok`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from monitor.durations import format_duration
from monitor.outage import judge_idle, outage_words
from monitor.states import RunStatus
from monitor.wording import plural
from storage.polls import RunFacts


@dataclass(frozen=True)
class Verdict:
    status: RunStatus
    error: str | None = None
    exit_code: int = 0
    deliver: bool = True  # whether the run's alerts go out now


def judge_run(
    counters: Mapping[str, int],
    facts: RunFacts,
    *,
    storage_error: str | None,
    last_polled: datetime | None,
    first_run: datetime | None,
    idle_alarm: timedelta,
    now: datetime | None = None,
) -> Verdict:
    """The run's verdict from its counters (`scheduler.runonce.run_counters` and the crawl's
    `storage_counters`) and facts; `last_polled` and `first_run` for a run that polled
    nothing."""
    polled = counters.get("feeds_polled", 0)
    reached = (
        counters.get("feeds_ok", 0)
        + counters.get("feeds_not_modified", 0)
        + counters.get("feeds_unchanged", 0)
    )
    unstored = counters.get("articles_unstored", 0)
    unrecorded = counters.get("answers_unrecorded", 0)
    if polled and not reached:
        if facts.outage:
            error = (
                f"this machine seems to be offline ({outage_words(facts.causes)}): not counted "
                "against the sources' health; check the network, then run again"
            )
        else:
            error = "no source could be reached"
        return Verdict(RunStatus.FAILED, error, 1, deliver=False)
    if unstored or unrecorded:
        lost = []
        if unstored:
            lost.append(plural(unstored, "article"))
        if unrecorded:
            lost.append(plural(unrecorded, "source's answer", "sources' answers"))
        stored = counters.get("articles_new", 0) + counters.get("articles_updated", 0)
        error = (
            f"{' and '.join(lost)} could not be stored ({storage_error or 'database error'}); "
            "the next run fetches them again"
        )
        status = RunStatus.PARTIAL if stored else RunStatus.FAILED
        return Verdict(status, error, 1, deliver=False)
    held_back = counters.get("feeds_disabled", 0) + counters.get("feeds_deferred", 0)
    if not polled and held_back and not counters.get("feeds_failed", 0):
        now = now or datetime.now(UTC)
        idle = judge_idle(last_polled, first_run, now, idle_alarm)
        if idle.alarm and idle.idle_for is not None:
            why = []
            if counters.get("feeds_disabled"):
                why.append(f"{plural(counters['feeds_disabled'], 'source')} disabled")
            if counters.get("feeds_deferred"):
                why.append(f"{plural(counters['feeds_deferred'], 'source')} backing off")
            error = (
                f"nothing polled for {_rough(idle.idle_for)} "
                f"({', '.join(why)}; [crawl] idle_alarm is "
                f"{format_duration(idle_alarm)}): `sora-monitor sources list` says why, "
                "`sora-monitor sources enable --failed` brings back the ones that failed"
            )
            return Verdict(RunStatus.FAILED, error, 1)
        return Verdict(RunStatus.IDLE)
    if counters.get("feeds_failed") or counters.get("pages_failed"):
        return Verdict(RunStatus.PARTIAL)
    return Verdict(RunStatus.OK)


def _rough(td: timedelta) -> str:
    """A duration to the minute (`1d2h5m`), for people."""
    return format_duration(timedelta(minutes=max(1, int(td.total_seconds() // 60))))
