"""Delivering the alert outbox: one mail per batch, marked sent only once the server accepted it.

Each batch of outbox rows is *claimed* first (its Message-ID written and committed), then sent,
then marked sent. A crash before the send leaves a claimed batch that the next delivery sends;
a crash between the server's accept and the commit makes the next delivery send the same mail
again with the same Message-ID, which mail clients show once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from monitor.alerting import (
    batch_key,
    build_alert,
    build_story,
    digest_due_at,
    email_unusable,
    kinds_for_mode,
    kinds_taken,
    retry_at,
)
from monitor.config import Config
from monitor.errors import LockHeld, NotificationError, SMTPConnectError
from monitor.states import AlertKind
from scheduler.lock import lock_for
from scheduler.mail import build_message, key_from_message_id, mail_domain, message_id_for
from scheduler.notify import Notifier, SMTPNotifier
from storage.engine import Database
from storage.outbox import (
    AlertRow,
    claim_batch,
    claim_texts,
    claimed_batches,
    count_pending,
    last_sent_at,
    mark_failed,
    mark_sent,
    reopen_failed,
    story_members,
    unclaimed,
)
from storage.queries import instance_id

__all__ = ["DeliveryReport", "deliver", "retry_now", "send_digest"]

log = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    """What one delivery did: rows sent, mails accepted, rows that failed, rows still waiting."""

    sent: int = 0
    messages: int = 0
    failed: int = 0
    pending: int = 0
    errors: list[str] = field(default_factory=list)
    note: str | None = None  # why nothing was tried (e.g. no SMTP server configured)

    def line(self) -> str:
        """`2 alerts sent (1 mail)`, `3 alerts pending (why)`, or `` when there was nothing."""
        parts = []
        if self.sent:
            mails = "mail" if self.messages == 1 else "mails"
            parts.append(
                f"{self.sent} alert{'s' if self.sent != 1 else ''} sent ({self.messages} {mails})"
            )
        if self.pending:
            # The first clause of an error says what happened; the rest (what to do) is in
            # the log and in `alerts list`.
            why = self.note or (self.errors[-1].split("; ")[0] if self.errors else None)
            parts.append(
                f"{self.pending} alert{'s' if self.pending != 1 else ''} pending"
                + (f" ({why})" if why else "")
            )
        return ", ".join(parts)


def _now(now: datetime | None) -> datetime:
    # Local time: digest_at is a wall-clock time of the machine that runs the monitor.
    return now if now is not None else datetime.now(UTC).astimezone()


def _count_pending(database: Database) -> int:
    with database.session() as session, session.begin():
        return count_pending(session)


def _send_batch(
    config: Config,
    database: Database,
    notifier: Notifier,
    rows: Sequence[AlertRow],
    message_id: str,
    now: datetime,
    report: DeliveryReport,
) -> bool:
    """Send one claimed batch and record the outcome; False if the server could not be reached."""
    email = config.alerts.email
    ids = [r.id for r in rows]
    with database.session() as session, session.begin():
        members = story_members(session, [r.cluster_id for r in rows])
        texts = claim_texts(session)
    # One entry per story even when a batch holds its immediate and its digest row.
    firsts = {r.cluster_id: r for r in reversed(rows)}
    stories = [
        build_story(r.cluster_id, r.article_id, members[r.cluster_id], texts)
        for r in sorted(firsts.values(), key=lambda r: r.id)
        if members.get(r.cluster_id)
    ]
    try:
        if not stories:
            raise NotificationError(f"the stories of alerts {ids} are no longer stored")
        alert = build_alert(
            key_from_message_id(message_id), stories, max(r.created_at for r in rows)
        )
        message = build_message(
            alert, sender=email.from_addr or "", recipients=email.to, domain=mail_domain(email)
        )
        # The claimed id is authoritative: a resend must carry exactly the same Message-ID.
        message.replace_header("Message-ID", message_id)
        result = notifier.send(message)
    except NotificationError as exc:
        with database.session() as session, session.begin():
            mark_failed(session, ids, error=str(exc), now=now, retry_at=retry_at)
        report.failed += len(ids)
        report.errors.append(str(exc))
        attempts = max(r.attempts for r in rows) + 1
        if retry_at(now, attempts) is None:
            # Retrying is over: a human has to look (then `alerts retry`).
            log.error("alert mail %s given up after %d attempts: %s", message_id, attempts, exc)
        else:
            log.warning("alert mail %s not sent (retried later): %s", message_id, exc)
        return not isinstance(exc, SMTPConnectError)
    note = None
    if result.refused:
        refused = ", ".join(f"{a} ({r})" for a, r in result.refused.items())
        note = f"refused by the server: {refused}"
    with database.session() as session, session.begin():
        mark_sent(
            session,
            ids,
            message_id=message_id,
            recipients=result.accepted,
            sent_at=now,
            note=note,
        )
    report.sent += len(ids)
    report.messages += 1
    log.info("alert mail %s sent with %d stories", message_id, len(stories))
    return True


def _claim_and_send(
    config: Config,
    database: Database,
    notifier: Notifier,
    rows: Sequence[AlertRow],
    kind: AlertKind,
    now: datetime,
    report: DeliveryReport,
) -> bool:
    """Claim `rows` as one batch (committed), then send it; False if the server was unreachable."""
    with database.session() as session, session.begin():
        key = batch_key(kind, [r.id for r in rows], instance_id(session))
        message_id = message_id_for(key, mail_domain(config.alerts.email))
        claimed = set(claim_batch(session, [r.id for r in rows], message_id))
    mine = [r for r in rows if r.id in claimed]  # rows another process claimed are its own
    if not mine:
        return True
    return _send_batch(config, database, notifier, mine, message_id, now, report)


def _notifier(config: Config, notifier: Notifier | None) -> Notifier:
    return notifier or SMTPNotifier(config.alerts.email)


def _digest_step(
    config: Config, database: Database, notifier: Notifier, now: datetime, report: DeliveryReport
) -> None:
    due = digest_due_at(now, config.schedule.digest_at)
    with database.session() as session, session.begin():
        last = last_sent_at(session, AlertKind.DIGEST)
        waiting = claimed_batches(session, now=now, force=True, kinds=[AlertKind.DIGEST])
        # A digest covers the stories found before its moment; later ones wait for the next.
        rows = unclaimed(
            session, kinds_taken(config.alerts.mode, AlertKind.DIGEST), created_before=due
        )
    # Today's digest is out (or being retried through its claimed batch): new stories wait
    # for tomorrow's.
    if (last is not None and last >= due) or waiting or not rows:
        return
    _claim_and_send(config, database, notifier, rows, AlertKind.DIGEST, now, report)


def deliver(
    config: Config,
    database: Database,
    *,
    now: datetime | None = None,
    notifier: Notifier | None = None,
    force: bool = False,
) -> DeliveryReport:
    """Send what is due: batches tried before, the new immediate alerts, and the digest if due.

    `force` (`alerts retry`) ignores the backoff and retries rows that were given up on. Call it
    with the run lock held (`run` does), so that two processes never send the same batch.
    """
    now = _now(now)
    report = DeliveryReport()
    report.note = email_unusable(config.alerts.email)
    if report.note is not None:
        report.pending = _count_pending(database)
        return report
    sender = _notifier(config, notifier)
    kinds = kinds_for_mode(config.alerts.mode)
    with database.session() as session, session.begin():
        if force:
            reopen_failed(session)
        retries = claimed_batches(session, now=now, force=force)
        taken = kinds_taken(config.alerts.mode, AlertKind.IMMEDIATE)
        fresh = unclaimed(session, taken) if taken else []
    reachable = True
    for message_id, rows in retries.items():
        reachable = _send_batch(config, database, sender, rows, message_id, now, report)
        if not reachable:
            break
    if fresh and reachable:
        reachable = _claim_and_send(
            config, database, sender, fresh, AlertKind.IMMEDIATE, now, report
        )
    if reachable and report.sent and not force:
        # The server took a mail just now: batches waiting out their backoff from an outage
        # need not wait any longer (they would otherwise trail the news they came before).
        with database.session() as session, session.begin():
            waiting = claimed_batches(session, now=now, ignore_backoff=True)
        for message_id, rows in waiting.items():
            if not _send_batch(config, database, sender, rows, message_id, now, report):
                break
    if reachable and AlertKind.DIGEST in kinds:
        _digest_step(config, database, sender, now, report)
    report.pending = _count_pending(database)
    if report.pending and not report.errors:
        report.note = (
            f"the digest goes out at {config.schedule.digest_at:%H:%M}"
            if AlertKind.DIGEST in kinds
            else "backing off after failed attempts; `alerts retry` sends them now"
        )
    return report


def send_digest(
    config: Config,
    database: Database,
    now: datetime | None = None,
    *,
    notifier: Notifier | None = None,
) -> DeliveryReport:
    """The daily digest, for the daemon: sends it if due and not sent yet today (idempotent).

    `now` is aware; `[schedule] digest_at` is read in its time zone (default: the machine's).
    Takes the run lock; if a run holds it, does nothing: that run sends the due digest itself.
    """
    now = _now(now)
    report = DeliveryReport()
    if AlertKind.DIGEST not in kinds_for_mode(config.alerts.mode):
        return report
    report.note = email_unusable(config.alerts.email)
    if report.note is not None:
        report.pending = _count_pending(database)
        return report
    try:
        with lock_for(database.url):
            sender = _notifier(config, notifier)
            with database.session() as session, session.begin():
                retries = claimed_batches(session, now=now, kinds=[AlertKind.DIGEST])
            for message_id, rows in retries.items():
                if not _send_batch(config, database, sender, rows, message_id, now, report):
                    break
            else:
                _digest_step(config, database, sender, now, report)
    except LockHeld:
        report.note = "a run holds the lock and sends the digest itself"
    report.pending = _count_pending(database)
    return report


def retry_now(config: Config, db_url: str, *, notifier: Notifier | None = None) -> DeliveryReport:
    """`alerts retry`: take the run lock and send every pending alert now, backoff ignored."""
    with lock_for(db_url):
        database = Database.open(db_url)
        try:
            return deliver(config, database, notifier=notifier, force=True)
        finally:
            database.dispose()
