"""The alert outbox: enqueue a new story with its article, claim batches, mark them sent or failed.

One row per story, kind and channel (`monitor.states.AlertChannel`). Functions take a session
first and never commit (the caller owns the transaction), like `storage.queries`. Rows go
pending -> (claimed: batch_id set) -> sent, or stay pending with the error, the attempt count
and `next_attempt_at`; after too many attempts (or a failure retrying cannot mend) they are
`failed`. `stories_of` builds the stories of rows, for delivery, `alerts list` and the feed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from monitor.alerting import (
    Story,
    StoryMember,
    build_story,
    channels_for,
    kinds_for_mode,
    qualifies,
)
from monitor.config import AlertsConfig
from monitor.outlets import outlet_name
from monitor.states import AlertChannel, AlertKind, AlertStatus
from storage.models import Alert, Article, Claim, Source, utcnow
from storage.sightings import claims_of_articles

__all__ = [
    "AlertRow",
    "alert_rows",
    "claim_batch",
    "claim_texts",
    "claimed_batches",
    "count_pending",
    "enqueue_story",
    "last_sent_at",
    "mark_failed",
    "mark_sent",
    "reopen_failed",
    "stories_of",
    "story_members",
    "unclaimed",
]


@dataclass(frozen=True)
class AlertRow:
    """One outbox row, detached from the session."""

    id: int
    cluster_id: int
    article_id: int
    kind: str
    channel: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None
    batch_id: str | None
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message_id(self) -> str | None:
        """The Message-ID of the mail carrying an e-mail row (None for other channels)."""
        return self.batch_id if self.channel == AlertChannel.EMAIL else None

    @property
    def recipients(self) -> tuple[str, ...]:
        """An e-mail row's recipients: those configured, then those that accepted the mail."""
        return tuple(self.data.get("recipients", ()))


def _row(alert: Alert) -> AlertRow:
    return AlertRow(
        id=alert.id,
        cluster_id=alert.cluster_id,
        article_id=alert.article_id,
        kind=alert.kind,
        channel=alert.channel,
        status=alert.status,
        attempts=alert.attempts or 0,
        last_error=alert.last_error,
        created_at=alert.created_at,
        next_attempt_at=alert.next_attempt_at,
        sent_at=alert.sent_at,
        batch_id=alert.batch_id,
        data=dict(alert.data or {}),
    )


def enqueue_story(
    session: Session,
    article_id: int,
    config: AlertsConfig,
    *,
    now: datetime | None = None,
) -> list[int]:
    """Write the outbox rows for the article's story if it is a new alerting story.

    One row per kind of the alert mode and per channel (`monitor.alerting.channels_for`). Call
    it in the transaction that stored the article: the alert then exists exactly when the
    article does. Nothing is written when the article does not qualify
    (`monitor.alerting.refusal`), when any alert already covers its cluster (a syndicated copy
    joins its story), or when the cluster holds a copy of the seed. Returns the new row ids.
    """
    article = session.get(Article, article_id)
    if article is None or article.cluster_id is None or not qualifies(article, config):
        return []
    cluster = article.cluster_id
    covered = session.scalar(select(exists().where(Alert.cluster_id == cluster)))
    seeded = session.scalar(
        select(exists().where(Article.cluster_id == cluster, Article.seed_copy.is_(True)))
    )
    if covered or seeded:
        return []
    created = now or utcnow()
    ids = []
    for channel, data in channels_for(config).items():
        for kind in kinds_for_mode(config.mode):
            row = Alert(
                cluster_id=cluster,
                article_id=article.id,
                kind=kind,
                channel=channel,
                status=AlertStatus.PENDING,
                attempts=0,
                data=dict(data),
                created_at=created,
            )
            try:
                with session.begin_nested():
                    session.add(row)
                    session.flush()
            except IntegrityError:
                continue  # another writer enqueued this story a moment ago: it is covered
            ids.append(row.id)
    return ids


def unclaimed(
    session: Session,
    kinds: Iterable[str],
    *,
    channel: str = AlertChannel.EMAIL,
    created_before: datetime | None = None,
) -> list[AlertRow]:
    """The channel's pending rows of these kinds that no batch has claimed yet, oldest first."""
    query = select(Alert).where(
        Alert.channel == channel,
        Alert.kind.in_(list(kinds)),
        Alert.status == AlertStatus.PENDING,
        Alert.batch_id.is_(None),
    )
    if created_before is not None:
        query = query.where(Alert.created_at <= created_before)
    return [_row(a) for a in session.scalars(query.order_by(Alert.id))]


def claim_batch(session: Session, alert_ids: Sequence[int], batch_id: str) -> list[int]:
    """Assign `batch_id` to those of the rows still unclaimed; return the ids claimed.

    Committed before sending, the claim makes a resend after a crash reuse the same id (the
    mail's Message-ID, the webhook's Idempotency-Key).
    """
    ids = list(alert_ids)
    session.execute(
        update(Alert)
        .where(Alert.id.in_(ids), Alert.batch_id.is_(None), Alert.status == AlertStatus.PENDING)
        .values(batch_id=batch_id)
    )
    claimed = select(Alert.id).where(Alert.id.in_(ids), Alert.batch_id == batch_id)
    return list(session.scalars(claimed.order_by(Alert.id)))


def claimed_batches(
    session: Session,
    *,
    now: datetime,
    channel: str = AlertChannel.EMAIL,
    force: bool = False,
    kinds: Iterable[str] | None = None,
    ignore_backoff: bool = False,
) -> dict[str, list[AlertRow]]:
    """The channel's claimed, unsent rows grouped by batch: due ones, or all pending ones
    whatever their backoff (`ignore_backoff`), or all and failed ones too (`force`)."""
    statuses = [AlertStatus.PENDING, AlertStatus.FAILED] if force else [AlertStatus.PENDING]
    query = select(Alert).where(
        Alert.channel == channel, Alert.batch_id.is_not(None), Alert.status.in_(statuses)
    )
    if not (force or ignore_backoff):
        query = query.where(or_(Alert.next_attempt_at.is_(None), Alert.next_attempt_at <= now))
    if kinds is not None:
        query = query.where(Alert.kind.in_(list(kinds)))
    batches: dict[str, list[AlertRow]] = {}
    for alert in session.scalars(query.order_by(Alert.id)):
        batches.setdefault(alert.batch_id or "", []).append(_row(alert))
    return batches


def reopen_failed(session: Session, channel: str = AlertChannel.EMAIL) -> int:
    """Make the channel's rows that were given up on pending again (`alerts retry`)."""
    result = session.execute(
        update(Alert)
        .where(Alert.channel == channel, Alert.status == AlertStatus.FAILED)
        .values(status=AlertStatus.PENDING, next_attempt_at=None)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


def _count_attempt(session: Session, ids: list[int], **values: Any) -> None:
    # The first statement of the transaction writes: on SQLite it then waits out the busy
    # timeout while another process writes, where a read first would make the upgrade to a
    # write fail at once ("database is locked") after the receiver had taken the batch.
    session.execute(
        update(Alert)
        .where(Alert.id.in_(ids))
        .values(attempts=func.coalesce(Alert.attempts, 0) + 1, **values)
        .execution_options(synchronize_session=False)
    )


def mark_sent(
    session: Session,
    alert_ids: Sequence[int],
    *,
    batch_id: str,
    sent_at: datetime,
    data: Mapping[str, Any] | None = None,
    note: str | None = None,
) -> None:
    """The channel delivered the batch carrying these rows; `data` is merged into theirs."""
    ids = list(alert_ids)
    _count_attempt(
        session,
        ids,
        status=AlertStatus.SENT,
        sent_at=sent_at,
        batch_id=batch_id,
        next_attempt_at=None,
        last_error=note,  # e.g. recipients the server refused while accepting others
    )
    if data:
        for alert in session.scalars(select(Alert).where(Alert.id.in_(ids))):
            alert.data = {**(alert.data or {}), **data}


def mark_failed(
    session: Session,
    alert_ids: Sequence[int],
    *,
    error: str,
    now: datetime,
    retry_at: Callable[[datetime, int], datetime | None],
) -> None:
    """A send attempt failed: count it, keep the error, schedule the next try (or give up)."""
    ids = list(alert_ids)
    _count_attempt(session, ids, last_error=error)
    for alert in session.scalars(select(Alert).where(Alert.id.in_(ids))):
        alert.next_attempt_at = retry_at(now, alert.attempts)
        given_up = alert.next_attempt_at is None
        alert.status = AlertStatus.FAILED if given_up else AlertStatus.PENDING


def last_sent_at(
    session: Session, kind: AlertKind, channel: str = AlertChannel.EMAIL
) -> datetime | None:
    """When the channel last delivered a batch of this kind."""
    query = select(func.max(Alert.sent_at)).where(Alert.kind == kind, Alert.channel == channel)
    return session.scalar(query)


def count_pending(session: Session, channel: str | None = None) -> int:
    """How many rows (of the channel, or of all) wait to be sent, claimed or not, due or not."""
    pending = select(func.count(Alert.id)).where(Alert.status == AlertStatus.PENDING)
    if channel is not None:
        pending = pending.where(Alert.channel == channel)
    return session.scalar(pending) or 0


def alert_rows(session: Session, *, kinds: Iterable[str] | None = None) -> list[AlertRow]:
    """Every outbox row, newest first."""
    query = select(Alert).order_by(Alert.created_at.desc(), Alert.id.desc())
    if kinds is not None:
        query = query.where(Alert.kind.in_(list(kinds)))
    return [_row(a) for a in session.scalars(query)]


def stories_of(session: Session, rows: Iterable[AlertRow]) -> dict[int, Story]:
    """The story of each row's cluster, built once for everyone who shows stories (delivery,
    `alerts list`, the feed): its articles, earliest published first, and their claims.

    A cluster's first row (by id) names the article that alerted; clusters whose articles are
    no longer stored are left out.
    """
    firsts: dict[int, AlertRow] = {}
    for row in sorted(rows, key=lambda r: r.id):
        firsts.setdefault(row.cluster_id, row)
    members = story_members(session, firsts)
    texts = claim_texts(session)
    return {
        cluster: build_story(cluster, row.article_id, members[cluster], texts)
        for cluster, row in firsts.items()
        if members.get(cluster)
    }


def story_members(session: Session, cluster_ids: Iterable[int]) -> dict[int, list[StoryMember]]:
    """The articles of each cluster with their outlet and claims, oldest first."""
    ids = sorted(set(cluster_ids))
    result: dict[int, list[StoryMember]] = {i: [] for i in ids}
    if not ids:
        return result
    rows = session.execute(
        select(Article, Source.name, Source.kind)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Article.cluster_id.in_(ids))
        .order_by(Article.first_seen_at, Article.id)
    ).all()
    claims = claims_of_articles(session, [a.id for a, _, _ in rows])
    for article, source_name, source_kind in rows:
        result.setdefault(article.cluster_id or 0, []).append(
            StoryMember(
                article_id=article.id,
                url=article.address,
                title=article.title,
                outlet=outlet_name(
                    article.outlet, source_name, source_kind, article.canonical_url
                ),
                language=article.language,
                published_at=article.published_at,
                first_seen_at=article.first_seen_at,
                claims=tuple(claims[article.id]),
            )
        )
    return result


def claim_texts(session: Session) -> dict[str, tuple[str, str]]:
    """Claim id -> (English text, Arabic text), from the synced catalogue."""
    return {c.id: (c.text_en, c.text_ar) for c in session.scalars(select(Claim))}
