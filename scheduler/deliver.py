"""Delivering the alert outbox, channel by channel: a batch is marked sent only once delivered.

For each channel (`scheduler.channels`: e-mail, the webhook) each batch of its outbox rows is
*claimed* first (its batch id, the mail's Message-ID or the POST's Idempotency-Key, written and
committed), then sent, then marked sent. A crash before the send leaves a claimed batch that the
next delivery sends; a crash between the receiver's accept and the commit makes the next
delivery send the same batch again with the same id, which mail clients show once and a webhook
receiver can drop. Channels are independent: one that is down does not hold up another.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from monitor.alerting import (
    Channel,
    Delivery,
    batch_key,
    build_alert,
    digest_due_at,
    kinds_for_mode,
    kinds_taken,
    retry_at,
)
from monitor.config import Config
from monitor.errors import LockHeld
from monitor.states import AlertChannel, AlertKind
from scheduler.channels import channels_of
from scheduler.lock import lock_for
from scheduler.notify import Notifier
from storage.engine import Database
from storage.outbox import (
    AlertRow,
    claim_batch,
    claimed_batches,
    count_pending,
    last_sent_at,
    mark_failed,
    mark_sent,
    reopen_failed,
    stories_of,
    unclaimed,
)
from storage.queries import instance_id

__all__ = ["ChannelReport", "DeliveryReport", "deliver", "retry_now", "send_digest"]

log = logging.getLogger(__name__)

# How the summary line and the log name a channel's rows and batches.
_WORDING: dict[str, tuple[str, str, str]] = {
    AlertChannel.EMAIL: ("alert", "mail", "alert mail"),
    AlertChannel.WEBHOOK: ("webhook alert", "post", "webhook post"),
}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


@dataclass
class ChannelReport:
    """What one delivery did on one channel: rows sent, batches delivered, rows that failed,
    rows still waiting."""

    channel: str
    sent: int = 0
    messages: int = 0
    failed: int = 0
    given_up: int = 0  # of the failed rows, those now `failed` (until `alerts retry`)
    pending: int = 0
    errors: list[str] = field(default_factory=list)
    note: str | None = None  # why nothing was tried (e.g. no SMTP server configured)

    def line(self) -> str:
        """`2 alerts sent (1 mail)`, `3 alerts pending (why)`, `1 alert failed (why)`, or ``
        when there was nothing."""
        row, batch, _ = _WORDING.get(self.channel, ("alert", "batch", "batch"))
        # The first clause of an error says what happened; the rest (what to do) is in the log
        # and in `alerts list`.
        why = self.note or (self.errors[-1].split("; ")[0] if self.errors else None)
        parts = []
        if self.sent:
            parts.append(f"{_plural(self.sent, row)} sent ({_plural(self.messages, batch)})")
        if self.pending:
            parts.append(f"{_plural(self.pending, row)} pending" + (f" ({why})" if why else ""))
        if self.given_up:
            parts.append(f"{_plural(self.given_up, row)} failed ({why})")
        return ", ".join(parts)


@dataclass
class DeliveryReport:
    """What one delivery did, channel by channel, with the channels' totals."""

    channels: list[ChannelReport] = field(default_factory=list)
    sent: int = field(init=False)
    messages: int = field(init=False)
    failed: int = field(init=False)
    pending: int = field(init=False)
    errors: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.sent, self.messages, self.failed, self.pending = (
            sum(getattr(c, total) for c in self.channels)
            for total in ("sent", "messages", "failed", "pending")
        )
        self.errors = [e for c in self.channels for e in c.errors]

    def line(self) -> str:
        """Each channel's line (`9 alerts sent (1 mail), 9 webhook alerts pending (why)`)."""
        return ", ".join(filter(None, (c.line() for c in self.channels)))


def _now(now: datetime | None) -> datetime:
    # Local time: digest_at is a wall-clock time of the machine that runs the monitor.
    return now if now is not None else datetime.now(UTC).astimezone()


def _count_pending(database: Database, channel: Channel) -> int:
    with database.session() as session, session.begin():
        return count_pending(session, channel.name)


def _never(now: datetime, attempts: int) -> None:
    return None  # a failure that waiting cannot mend: `failed` at once, until `alerts retry`


def _send_batch(
    channel: Channel,
    database: Database,
    rows: Sequence[AlertRow],
    batch_id: str,
    now: datetime,
    report: ChannelReport,
) -> bool:
    """Send one claimed batch and record the outcome; False if the receiver could not be
    reached (the channel's other batches then wait)."""
    ids = [r.id for r in rows]
    _, _, what = _WORDING.get(channel.name, ("", "", "batch"))
    with database.session() as session, session.begin():
        stories = stories_of(session, rows)
    if stories:
        alert = build_alert(batch_id, list(stories.values()), max(r.created_at for r in rows))
        delivery = channel.send(alert)
    else:
        delivery = Delivery(False, f"the stories of alerts {ids} are no longer stored")
    if not delivery.delivered:
        error = delivery.reason or "not delivered"
        policy = retry_at if delivery.retry else _never
        with database.session() as session, session.begin():
            mark_failed(session, ids, error=error, now=now, retry_at=policy)
        report.failed += len(ids)
        report.errors.append(error)
        attempts = max(r.attempts for r in rows) + 1
        if policy(now, attempts) is None:
            # Retrying is over: a human has to look (then `alerts retry`).
            report.given_up += len(ids)
            log.error("%s %s given up after %d attempts: %s", what, batch_id, attempts, error)
        else:
            log.warning("%s %s not sent (retried later): %s", what, batch_id, error)
        return delivery.reachable
    with database.session() as session, session.begin():
        mark_sent(
            session, ids, batch_id=batch_id, sent_at=now, data=delivery.data, note=delivery.reason
        )
    report.sent += len(ids)
    report.messages += 1
    log.info("%s %s sent with %d stories", what, batch_id, len(stories))
    return True


def _claim_and_send(
    channel: Channel,
    database: Database,
    rows: Sequence[AlertRow],
    kind: AlertKind,
    now: datetime,
    report: ChannelReport,
) -> bool:
    """Claim `rows` as one batch (committed), then send it; False if the receiver was
    unreachable."""
    with database.session() as session, session.begin():
        key = batch_key(kind, [r.id for r in rows], instance_id(session))
        batch_id = channel.batch_id(key)
        claimed = set(claim_batch(session, [r.id for r in rows], batch_id))
    mine = [r for r in rows if r.id in claimed]  # rows another process claimed are its own
    if not mine:
        return True
    return _send_batch(channel, database, mine, batch_id, now, report)


def _digest_step(
    config: Config, channel: Channel, database: Database, now: datetime, report: ChannelReport
) -> None:
    due = digest_due_at(now, config.schedule.digest_at)
    with database.session() as session, session.begin():
        last = last_sent_at(session, AlertKind.DIGEST, channel.name)
        waiting = claimed_batches(
            session, now=now, channel=channel.name, force=True, kinds=[AlertKind.DIGEST]
        )
        # A digest covers the stories found before its moment; later ones wait for the next.
        rows = unclaimed(
            session,
            kinds_taken(config.alerts.mode, AlertKind.DIGEST),
            channel=channel.name,
            created_before=due,
        )
    # Today's digest is out (or being retried through its claimed batch): new stories wait
    # for tomorrow's.
    if (last is not None and last >= due) or waiting or not rows:
        return
    _claim_and_send(channel, database, rows, AlertKind.DIGEST, now, report)


def _deliver_channel(
    config: Config, channel: Channel, database: Database, now: datetime, force: bool
) -> ChannelReport:
    report = ChannelReport(channel.name)
    report.note = channel.unusable()
    if report.note is not None:
        report.pending = _count_pending(database, channel)
        return report
    kinds = kinds_for_mode(config.alerts.mode)
    with database.session() as session, session.begin():
        if force:
            reopen_failed(session, channel.name)
        retries = claimed_batches(session, now=now, channel=channel.name, force=force)
        taken = kinds_taken(config.alerts.mode, AlertKind.IMMEDIATE)
        fresh = unclaimed(session, taken, channel=channel.name) if taken else []
    reachable = True
    for batch_id, rows in retries.items():
        reachable = _send_batch(channel, database, rows, batch_id, now, report)
        if not reachable:
            break
    if fresh and reachable:
        reachable = _claim_and_send(channel, database, fresh, AlertKind.IMMEDIATE, now, report)
    if reachable and report.sent and not force:
        # The receiver took a batch just now: batches waiting out their backoff from an outage
        # need not wait any longer (they would otherwise trail the news they came before).
        with database.session() as session, session.begin():
            waiting = claimed_batches(
                session, now=now, channel=channel.name, ignore_backoff=True
            )
        for batch_id, rows in waiting.items():
            if not _send_batch(channel, database, rows, batch_id, now, report):
                break
    if reachable and AlertKind.DIGEST in kinds:
        _digest_step(config, channel, database, now, report)
    report.pending = _count_pending(database, channel)
    if report.pending and not report.errors:
        report.note = (
            f"the digest goes out at {config.schedule.digest_at:%H:%M}"
            if AlertKind.DIGEST in kinds
            else "backing off after failed attempts; `alerts retry` sends them now"
        )
    return report


def deliver(
    config: Config,
    database: Database,
    *,
    now: datetime | None = None,
    notifier: Notifier | None = None,
    channels: Sequence[Channel] | None = None,
    force: bool = False,
) -> DeliveryReport:
    """Send what is due on every channel: batches tried before, the new immediate alerts, and
    the digest if due.

    `force` (`alerts retry`) ignores the backoff and retries rows that were given up on. Call it
    with the run lock held (`run` does), so that two processes never send the same batch.
    `notifier` replaces the SMTP transport, `channels` every channel (tests).
    """
    now = _now(now)
    chosen = channels if channels is not None else channels_of(config, notifier=notifier)
    return DeliveryReport(
        [_deliver_channel(config, channel, database, now, force) for channel in chosen]
    )


def _digest_channel(
    config: Config, channel: Channel, database: Database, now: datetime
) -> ChannelReport:
    report = ChannelReport(channel.name)
    report.note = channel.unusable()
    if report.note is None:
        with database.session() as session, session.begin():
            retries = claimed_batches(
                session, now=now, channel=channel.name, kinds=[AlertKind.DIGEST]
            )
        for batch_id, rows in retries.items():
            if not _send_batch(channel, database, rows, batch_id, now, report):
                break
        else:
            _digest_step(config, channel, database, now, report)
    report.pending = _count_pending(database, channel)
    return report


def send_digest(
    config: Config,
    database: Database,
    now: datetime | None = None,
    *,
    notifier: Notifier | None = None,
    channels: Sequence[Channel] | None = None,
) -> DeliveryReport:
    """The daily digest, for the daemon: sends it on every channel if due and not sent yet
    today (idempotent).

    `now` is aware; `[schedule] digest_at` is read in its time zone (default: the machine's).
    Takes the run lock; if a run holds it, does nothing: that run sends the due digest itself.
    """
    now = _now(now)
    if AlertKind.DIGEST not in kinds_for_mode(config.alerts.mode):
        return DeliveryReport()
    chosen = channels if channels is not None else channels_of(config, notifier=notifier)
    try:
        with lock_for(database.url):
            return DeliveryReport([_digest_channel(config, c, database, now) for c in chosen])
    except LockHeld:
        why = "a run holds the lock and sends the digest itself"
        return DeliveryReport(
            [ChannelReport(c.name, pending=_count_pending(database, c), note=why) for c in chosen]
        )


def retry_now(config: Config, db_url: str, *, notifier: Notifier | None = None) -> DeliveryReport:
    """`alerts retry`: take the run lock and send every pending alert now, backoff ignored."""
    with lock_for(db_url):
        database = Database.open(db_url)
        try:
            return deliver(config, database, notifier=notifier, force=True)
        finally:
            database.dispose()
