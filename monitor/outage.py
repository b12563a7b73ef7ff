"""Whether a run's failures are this machine's (an outage) rather than its sources', and idling.

Pure (no I/O). When every source a run polled failed the same way, at the network level, on
more than one server (no DNS, no route, connection refused or timed out everywhere), the
likeliest cause is this machine's network, not the sources: such failures must not count
against the sources' health (which would back them off and, after a few runs, disable every
one of them). A run that polled nothing because every source is disabled or backing off is
idle; once nothing has been polled for longer than `[crawl] idle_alarm`, it is an alarm.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

# Failure kinds (crawler.failures) that say nothing about the source when every source has
# them: the network of this machine may be down.
OFFLINE_CAUSES = frozenset({"dns", "no_route", "connection_refused", "timeout"})
# A machine without a network fails names with DNS and addresses with "no route": one way.
_UNREACHABLE = frozenset({"dns", "no_route"})
# How many different servers must fail so for the run to be an outage (one server that is down
# is that server's failure).
MIN_SERVERS = 2


@dataclass(frozen=True)
class PollVerdict:
    """One answered poll of a run, as the outage rule sees it."""

    failed: bool
    cause: str | None  # the failure's kind, for a failed poll
    server: str  # host[:port] of the source's URL


def is_outage(polls: Iterable[PollVerdict]) -> bool:
    """True when every answered poll failed, at the network level, the same way (names and
    addresses unreachable count as one way), on at least MIN_SERVERS servers."""
    answered = list(polls)
    if not answered or any(not p.failed for p in answered):
        return False
    causes = {p.cause for p in answered}
    if not all(c in OFFLINE_CAUSES for c in causes):
        return False
    if len(causes) > 1 and not causes <= _UNREACHABLE:
        return False
    return len({p.server for p in answered}) >= MIN_SERVERS


def outage_words(causes: Iterable[str | None]) -> str:
    """What the failures were, for people: "DNS lookups and connections failed"..."""
    words = {
        "dns": "DNS lookups failed",
        "no_route": "no route to any server",
        "connection_refused": "every connection was refused",
        "timeout": "every request timed out",
    }
    return ", ".join(words.get(c or "", c or "failed") for c in sorted({c or "" for c in causes}))


@dataclass(frozen=True)
class IdleVerdict:
    """Whether a run that polled nothing is an alarm, and since when nothing was polled."""

    alarm: bool
    since: datetime | None  # the last poll (or the first run, when nothing was ever polled)
    idle_for: timedelta | None


def judge_idle(
    last_polled: datetime | None, first_run: datetime | None, now: datetime, alarm: timedelta
) -> IdleVerdict:
    """A run that polled nothing: an alarm once nothing has been polled for longer than
    `alarm` (counted from the first run when nothing was ever polled)."""
    since = last_polled or first_run
    if since is None:
        return IdleVerdict(False, None, None)
    idle_for = now - since
    return IdleVerdict(idle_for > alarm, since, idle_for)
