"""Every kind and status the monitor stores or compares, as StrEnums.

Their values are the strings stored in the database and printed in JSON, so the contracts do
not change, and a member equals its plain string (`RunStatus.OK == "ok"`).
"""

from __future__ import annotations

from enum import StrEnum


class SourceKind(StrEnum):
    """What a configured source is."""

    FEED = "feed"
    SITE = "site"
    SITEMAP = "sitemap"
    SEARCH = "search"  # a search feed (Google News, Bing News...): an aggregator's items


# Feeds are polled every [schedule] poll_every; sites and sitemaps crawled every crawl_every.
FEED_KINDS = (SourceKind.FEED, SourceKind.SEARCH)
CRAWL_KINDS = (SourceKind.SITE, SourceKind.SITEMAP)


class PollStatus(StrEnum):
    """What one poll of a source answered."""

    OK = "ok"  # something new (or, for `sources check`, readable)
    NOT_MODIFIED = "not-modified"  # a 304 to the conditional GET
    UNCHANGED = "unchanged"  # the same bytes (or the same links) as last time
    FAILED = "failed"


class PollOutcome(StrEnum):
    """What a poll means for adaptive polling."""

    CHANGED = "changed"
    UNCHANGED = "unchanged"
    FAILED = "failed"


class FetchStatus(StrEnum):
    """How fetching an article's page went."""

    OK = "ok"
    FAILED = "failed"  # transient (5xx, timeout): fetched again when a feed lists it again
    GONE = "gone"  # 404 or 410
    DISALLOWED = "disallowed"  # robots.txt


# After these an article's page is not requested again.
SETTLED_FETCH_STATUSES = (FetchStatus.OK, FetchStatus.GONE, FetchStatus.DISALLOWED)


class BodySource(StrEnum):
    """Where an article's stored text came from."""

    PAGE = "page"  # extracted from the fetched page
    FEED = "feed"  # the feed's summary (the page could not be fetched)
    # The page never names Sora, so it cannot be about it: not extracted, only skimmed (title,
    # date, description, the opening of its paragraphs for the language and exact copies).
    SKIMMED = "skimmed"


class StoreOutcome(StrEnum):
    """What storing an analysed article did."""

    NEW = "new"
    UPDATED = "updated"  # stored from a feed summary before, completed from its page now
    DUPLICATE = "duplicate"


class RunStatus(StrEnum):
    """How a run (a cycle) went."""

    RUNNING = "running"
    OK = "ok"
    PARTIAL = "partial"  # some sources or pages failed
    FAILED = "failed"  # no source could be reached
    IDLE = "idle"  # no source was polled: every one disabled or not due yet
    # Stopped by SIGINT or SIGTERM, or killed (found still running by the next run).
    INTERRUPTED = "interrupted"


class AlertStatus(StrEnum):
    """Where an outbox row stands."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # given up after many attempts; `alerts retry` sends it again


class AlertKind(StrEnum):
    """Which delivery an outbox row waits for."""

    IMMEDIATE = "leak"  # the mail after the run that found the story
    DIGEST = "digest"  # the daily digest


class AlertChannel(StrEnum):
    """How an outbox row leaves the monitor: each story has a row per channel and kind."""

    EMAIL = "email"  # [alerts.email]: one mail per batch through SMTP
    WEBHOOK = "webhook"  # [alerts.webhook]: one JSON POST per batch


class AlertMode(StrEnum):
    """[alerts] mode: which deliveries alerts go out by."""

    IMMEDIATE = "immediate"
    DIGEST = "digest"
    BOTH = "both"


class CatalogueMode(StrEnum):
    """[claims] mode: how a user catalogue combines with the built-in one."""

    EXTEND = "extend"
    REPLACE = "replace"


class SMTPSecurity(StrEnum):
    """[alerts.email] security: how the SMTP connection is protected."""

    STARTTLS = "starttls"
    SSL = "ssl"
    NONE = "none"


class Layer(StrEnum):
    """Which part of the analysis decided something."""

    LEXICAL = "lexical"  # the catalogue's terms, patterns and figures
    SEMANTIC = "semantic"  # the sentence's meaning, compared with example statements
