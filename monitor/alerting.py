"""Alert policy: which stories alert, when to retry, what a story is, and what a channel does.

A story alerts once per channel (e-mail, a webhook) and kind: the outbox holds a row for each,
and delivery is the same for every channel (claim a batch, send it, mark it) because a `Channel`
only turns an `Alert` into a `Delivery` (what happened).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any, Protocol

from monitor.config import AlertsConfig, EmailConfig, WebhookConfig
from monitor.states import AlertChannel, AlertKind, AlertMode

__all__ = [
    "MAX_ATTEMPTS",
    "Alert",
    "ArticleFacts",
    "Channel",
    "Delivery",
    "Story",
    "StoryArticle",
    "StoryMember",
    "batch_key",
    "build_alert",
    "build_story",
    "channels_for",
    "digest_due_at",
    "email_unusable",
    "kinds_for_mode",
    "kinds_taken",
    "qualifies",
    "refusal",
    "retry_at",
    "webhook_unusable",
]


# The first retries ride on the run cadence itself (cron every 15 minutes), so a short outage
# costs one run's delay; a server that stays down is then tried ever more rarely.
FREE_RETRIES = 2
BACKOFF_BASE = timedelta(minutes=15)
BACKOFF_CAP = timedelta(hours=6)
# About two days of trying; then the row is `failed` and waits for `alerts retry`.
MAX_ATTEMPTS = 14


class ArticleFacts(Protocol):
    """What the rule needs to know about an article (an ORM row or an analysis both fit)."""

    language: str | None
    relevant: bool | None
    relevance_score: float | None
    leak_report: bool | None
    seed_copy: bool | None


def kinds_for_mode(mode: AlertMode) -> tuple[AlertKind, ...]:
    """The outbox kinds an alert mode writes: immediate -> leak, digest -> digest, both."""
    if mode == AlertMode.IMMEDIATE:
        return (AlertKind.IMMEDIATE,)
    if mode == AlertMode.DIGEST:
        return (AlertKind.DIGEST,)
    if mode == AlertMode.BOTH:
        return (AlertKind.IMMEDIATE, AlertKind.DIGEST)
    raise ValueError(f"unknown alert mode {mode!r}: use immediate, digest or both")


def kinds_taken(mode: AlertMode, kind: AlertKind) -> tuple[AlertKind, ...]:
    """The unclaimed rows a `kind` delivery takes under `mode`.

    Rows written under an earlier mode go out the current way instead of waiting forever:
    after a switch to `immediate`, leftover digest rows go with the next run's mail, and after
    a switch to `digest`, leftover immediate rows go with the next digest.
    """
    kinds = kinds_for_mode(mode)
    if kind not in kinds:
        return ()
    return (kind,) if len(kinds) > 1 else (kind, *(k for k in AlertKind if k != kind))


def refusal(article: ArticleFacts, config: AlertsConfig) -> str | None:
    """Why this article cannot start an alerting story, or None when it can."""
    if not article.leak_report:
        return "not a leak report"
    if not article.relevant:
        return "not about OpenAI's Sora"
    if article.relevance_score is not None and article.relevance_score < config.min_relevance:
        return f"relevance {article.relevance_score:.2f} below {config.min_relevance:.2f}"
    if article.seed_copy:
        return "a copy of the seed article (its story is known)"
    if article.language not in config.languages:
        return f"language {article.language or 'unknown'} not in {', '.join(config.languages)}"
    return None


def qualifies(article: ArticleFacts, config: AlertsConfig) -> bool:
    """True when the article may start a new alerting story."""
    return refusal(article, config) is None


def retry_at(now: datetime, attempts: int) -> datetime | None:
    """When to try again after `attempts` failed attempts; None: give up (status `failed`)."""
    if attempts >= MAX_ATTEMPTS:
        return None
    if attempts <= FREE_RETRIES:
        return now
    return now + min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempts - FREE_RETRIES - 1))


def batch_key(kind: AlertKind, alert_ids: Iterable[int], instance: str) -> str:
    """A key naming one mail's set of outbox rows of the database `instance`; the same rows
    always give the same key, and another database's rows (with the same ids) another one."""
    ids = sorted(set(alert_ids))
    if not ids:
        raise ValueError("a batch needs at least one alert")
    digest = hashlib.sha256(f"{instance}:{','.join(map(str, ids))}".encode()).hexdigest()[:10]
    return f"{kind}-{ids[0]}-{len(ids)}-{digest}"


def email_unusable(email: EmailConfig) -> str | None:
    """What keeps alerts from being mailed at all (they then wait, untried), or None."""
    if not email.smtp_host:
        return "no SMTP server configured: set [alerts.email] smtp_host"
    if not email.from_addr:
        return "no sender configured: set [alerts.email] from"
    if not email.to:
        return "no recipients configured: set [alerts.email] to"
    return None


def webhook_unusable(webhook: WebhookConfig) -> str | None:
    """What keeps alerts from being posted to a webhook at all, or None."""
    if not webhook.url:
        return "no webhook configured: set [alerts.webhook] url"
    return None


def channels_for(config: AlertsConfig) -> dict[AlertChannel, dict[str, Any]]:
    """The channels a new story is written to the outbox for, each with its rows' first data.

    Every configured channel (e-mail once `smtp_host` is set, the webhook once `url` is set);
    with none configured, e-mail: the alerts then wait in the outbox for an SMTP server (and
    `report feed` publishes them), as they always have. A channel added later alerts the
    stories found from then on.
    """
    webhook = config.webhook.url is not None
    channels: dict[AlertChannel, dict[str, Any]] = {}
    if config.email.smtp_host is not None or not webhook:
        channels[AlertChannel.EMAIL] = {"recipients": list(config.email.to)}
    if webhook:
        channels[AlertChannel.WEBHOOK] = {}
    return channels


def digest_due_at(now: datetime, digest_at: time) -> datetime:
    """Today's digest moment in `now`'s time zone, or yesterday's if today's is still ahead."""
    moment = now.replace(
        hour=digest_at.hour, minute=digest_at.minute, second=0, microsecond=0
    )
    return moment if moment <= now else moment - timedelta(days=1)


@dataclass(frozen=True)
class StoryArticle:
    """One article of a story, as the alert shows it."""

    url: str
    title: str
    outlet: str
    language: str | None
    published_at: datetime | None


@dataclass(frozen=True)
class Story:
    """A near-duplicate cluster that reports a leak: its first article and the others."""

    key: str
    headline: StoryArticle
    others: tuple[StoryArticle, ...]
    claims: tuple[str, ...]
    claim_texts: Mapping[str, str] = field(default_factory=dict)
    claim_language: str = "en"  # the language of claim_texts: the headline's, ar or en


@dataclass(frozen=True)
class Alert:
    """One batch of new stories for one channel (a mail, a webhook POST).

    `key` is the id the batch was claimed under (its Message-ID, its Idempotency-Key), so a
    resend after a crash carries the same one and the receiver can tell it is the same batch.
    """

    key: str
    stories: tuple[Story, ...]
    created_at: datetime


@dataclass(frozen=True)
class Delivery:
    """What a channel did with one batch.

    Delivered (`reason` may then note a partial success, such as refused recipients), or not:
    `reason` says why, `retry` whether trying again later may help (False: the batch fails at
    once and waits for `alerts retry`), and `reachable` whether the far end answered at all
    (False: the channel's other batches wait for the next delivery too). `data` is what the
    channel keeps on the outbox rows (the recipients that accepted a mail, an HTTP status).
    """

    delivered: bool
    reason: str | None = None
    retry: bool = True
    reachable: bool = True
    data: Mapping[str, Any] = field(default_factory=dict)


class Channel(Protocol):
    """A way alerts leave the monitor. Delivery claims a batch of the channel's outbox rows
    under `batch_id(key)` (committed), hands the batch's `Alert` to `send`, and records the
    `Delivery`; a channel never touches the outbox itself."""

    @property
    def name(self) -> AlertChannel:
        """The outbox rows this channel delivers."""
        ...

    def unusable(self) -> str | None:
        """What keeps the channel from delivering at all (its rows then wait), or None."""
        ...

    def batch_id(self, key: str) -> str:
        """The id a batch with this `batch_key` carries: stable, so a resend reuses it."""
        ...

    def send(self, alert: Alert) -> Delivery:
        """Deliver the batch (`alert.key` is its id); say what happened, never raise for a
        delivery that failed."""
        ...


@dataclass(frozen=True)
class StoryMember:
    """One stored article of a story's cluster, as the outbox reads it."""

    article_id: int
    url: str
    title: str | None
    outlet: str | None
    language: str | None
    published_at: datetime | None
    first_seen_at: datetime
    claims: tuple[str, ...]


def _story_article(member: StoryMember) -> StoryArticle:
    return StoryArticle(
        url=member.url,
        title=member.title or "",
        outlet=member.outlet or "",
        language=member.language,
        published_at=member.published_at,
    )


def build_story(
    cluster_id: int,
    headline_id: int,
    members: Sequence[StoryMember],
    claim_texts: Mapping[str, tuple[str, str]],
) -> Story:
    """A mail `Story`: the cluster's earliest published article first (who broke it), the
    others after it; `headline_id` (the article that alerted) leads only among equals.

    The order does not depend on which copy a run happened to store first. `claim_texts` maps
    a claim id to its (English, Arabic) text; the story shows the one in its headline's
    language.
    """
    ordered = sorted(
        members,
        key=lambda m: (
            m.published_at or m.first_seen_at, m.article_id != headline_id, m.article_id
        ),
    )
    if not ordered:
        raise ValueError(f"story {cluster_id} has no articles")
    headline = ordered[0]
    claims: list[str] = []
    for member in ordered:
        claims.extend(c for c in member.claims if c not in claims)
    arabic = headline.language == "ar"
    texts = {
        claim: pair[1] if arabic else pair[0]
        for claim, pair in claim_texts.items()
        if claim in claims
    }
    return Story(
        key=f"story-{cluster_id}",
        headline=_story_article(headline),
        others=tuple(_story_article(m) for m in ordered[1:]),
        claims=tuple(claims),
        claim_texts=texts,
        claim_language="ar" if arabic else "en",
    )


def build_alert(key: str, stories: Sequence[Story], created_at: datetime) -> Alert:
    """One batch of stories, oldest headline first so the alert reads as a timeline."""
    ordered = sorted(
        stories,
        key=lambda s: (s.headline.published_at is None, s.headline.published_at or created_at),
    )
    return Alert(key=key, stories=tuple(ordered), created_at=created_at)
