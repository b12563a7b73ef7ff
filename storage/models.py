"""The tables: sources, articles and their URL variants, runs (SQLAlchemy 2.0 declarative)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from monitor.aggregators import is_unresolved
from monitor.states import AlertChannel, AlertKind, AlertStatus, BodySource, FetchStatus, RunStatus

# Stable constraint names, so that Alembic migrations name the same things on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always read back as an aware UTC datetime.

    SQLite keeps no time zone, PostgreSQL's `timestamp without time zone` neither; storing UTC
    everywhere and attaching the zone on the way out keeps comparisons right on both.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(2048))
    language: Mapped[str | None] = mapped_column(String(8))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Feed validators for conditional GET, and a hash of the body for servers that ignore them.
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    body_hash: Mapped[str | None] = mapped_column(String(64))
    # Health.
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consecutive_failures: Mapped[float] = mapped_column(Float, default=0.0)
    next_allowed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_entries: Mapped[int | None] = mapped_column(Integer)
    # Adaptive polling (monitor.polling): when the source was last fetched, and how many polls
    # in a row found nothing new or failed; next_allowed_at above is derived from them.
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unchanged_polls: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failed_polls: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    articles: Mapped[list[Article]] = relationship(back_populates="source")


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_url: Mapped[str] = mapped_column(String(2048), unique=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    # Where the body came from (monitor.states.BodySource): the page, or the feed's summary
    # kept because the page could not be fetched.
    body_source: Mapped[str] = mapped_column(String(10), default=BodySource.PAGE)
    # monitor.states.FetchStatus: ok, failed (transient: fetched again when a feed lists it
    # again), gone (404/410), disallowed (robots.txt).
    fetch_status: Mapped[str] = mapped_column(String(12), default=FetchStatus.OK)
    fetch_error: Mapped[str | None] = mapped_column(Text)
    outlinks: Mapped[list[str] | None] = mapped_column(JSON)
    discovered_via: Mapped[str | None] = mapped_column(String(200))
    # The aggregator link (Google News...) the article was found through. An item whose outlet
    # URL is not known yet is stored under a placeholder canonical_url (never a URL to fetch:
    # monitor.aggregators.unresolved_key) with this link, and completed when it is resolved.
    provenance_url: Mapped[str | None] = mapped_column(String(2048), unique=True, index=True)
    # The publisher's name as its page (og:site_name) or an aggregator's item gave it; reports
    # fall back to the source's name or the host (monitor.outlets).
    outlet: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(8), index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    cluster_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # The run that first stored it: a run's counters are read from the rows it wrote. (No
    # foreign key: adding one would make SQLite copy the whole table in the migration.)
    run_id: Mapped[int | None] = mapped_column(Integer, index=True)
    relevant: Mapped[bool | None] = mapped_column(Boolean, index=True)
    relevance_score: Mapped[float | None] = mapped_column(Float)
    relevance_signals: Mapped[list[str] | None] = mapped_column(JSON)
    leak_report: Mapped[bool | None] = mapped_column(Boolean)
    seed_similarity: Mapped[float | None] = mapped_column(Float)
    seed_copy: Mapped[bool | None] = mapped_column(Boolean)

    source: Mapped[Source | None] = relationship(back_populates="articles")
    urls: Mapped[list[ArticleURL]] = relationship(
        back_populates="article", cascade="all, delete-orphan"
    )

    @property
    def address(self) -> str:
        """The URL reports and alerts show: the canonical URL, or, for an item not resolved
        yet, the aggregator link it was seen at (the placeholder key is no address)."""
        return address(self.canonical_url, self.provenance_url)


def address(canonical_url: str, provenance_url: str | None) -> str:
    """`Article.address` from the two columns, for queries that read columns, not rows."""
    if provenance_url and is_unresolved(canonical_url):
        return provenance_url
    return canonical_url


class ArticleURL(Base):
    """Every form of URL under which an article was seen (feed link, redirect, canonical)."""

    __tablename__ = "article_urls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )

    article: Mapped[Article] = relationship(back_populates="urls")


class ArticleBand(Base):
    """LSH band keys of each article's MinHash signature, indexed for candidate lookup.

    Finding near duplicates is a key lookup here instead of an in-memory LSH index, so a run
    rebuilds nothing and memory does not grow with the archive.
    """

    __tablename__ = "article_bands"

    band_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Claim(Base):
    """A claim of the catalogue, synced from it at the start of each run."""

    __tablename__ = "claims"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    text_en: Mapped[str] = mapped_column(Text)
    text_ar: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))


class ClaimSighting(Base):
    """An article carries a claim: the sentence that says it, and the figure it used."""

    __tablename__ = "claim_sightings"
    __table_args__ = (
        UniqueConstraint("claim_id", "article_id"),
        # A claim's sightings in date order (the HTML report's history), read by range.
        Index("ix_claim_sightings_claim_id_published_at", "claim_id", "published_at", "article_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    evidence: Mapped[str] = mapped_column(Text)
    variant: Mapped[str] = mapped_column(String(100), default="")
    score: Mapped[float] = mapped_column(Float)
    # Which part of the analysis found it: "lexical" (the catalogue's rules) or "semantic"
    # (the sentence's meaning; then `score` is its similarity to the closest example).
    layer: Mapped[str] = mapped_column(String(10), default="lexical", server_default="lexical")
    # Copied from the article so that timelines need no join: when it was published (or, when
    # the page gave no date, first seen) and when this monitor first saw it.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class ClaimTally(Base):
    """Running counts of a claim's sightings in relevant articles, kept with every write.

    One row per claim and (`kind`, `key`): `claim` (key ''), `language`, `outlet` (the name
    the reports show), `story` (`c:<cluster>` or `a:<article>`), `variant` (figures used),
    `hour` (`YYYY-MM-DD HH|language`, UTC), and the distinct counts `stories` and `sources`
    (key ''). `language` rows also keep the first sighting (time, then article id) and the
    last time. Maintained by `storage.claim_tallies` on every ORM flush that adds a sighting
    or changes an article; `rebuild_claim_tallies` recomputes them from the sightings.
    """

    __tablename__ = "claim_tallies"

    claim_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)
    first_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_article_id: Mapped[int | None] = mapped_column(Integer)
    last_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Alert(Base):
    """The outbox: one row per alerted story, kind and channel, written with the article.

    A row is `pending` until its channel delivered the batch carrying it (`sent`): the SMTP
    server accepted the mail, the webhook answered 2xx. `batch_id` is set when a batch claims
    the row (the mail's Message-ID, the POST's Idempotency-Key) and kept for every resend; a
    failed attempt leaves the row pending with the error, the attempt count and when to try
    again. `data` is the channel's own (the recipients that accepted a mail).
    """

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("cluster_id", "kind", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cluster_id: Mapped[int] = mapped_column(Integer, index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20), default=AlertKind.IMMEDIATE)  # AlertKind
    channel: Mapped[str] = mapped_column(  # AlertChannel
        String(20), default=AlertChannel.EMAIL, server_default=AlertChannel.EMAIL.value
    )
    status: Mapped[str] = mapped_column(String(10), default=AlertStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    batch_id: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Instance(Base):
    """One row: this database's own id, made by the migration that created the table.

    Message-IDs and Atom ids carry it, so two databases (a rebuilt one, a second team) never
    give different mails or stories the same id.
    """

    __tablename__ = "instance"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SourcePoll(Base):
    """One poll of a source in a crawl: planned before the crawl, answered and settled during it.

    The plan writes the row (`pending` 1: the source's own request). The answer records the
    status and the validators it brought, which wait here: `pending` counts the requests and
    articles the poll led to that are not settled yet (each one adds itself when it is sent and
    takes itself off when it is stored, dropped or failed, whichever process did the work).
    When an answered poll has nothing pending, its validators become the source's
    (`validators_saved_at`): a crawl killed half way leaves them here, and the next run reads
    the source again instead of getting a 304. `counts` holds what fetching for this poll
    found, under the crawl's stats keys (pages fetched, pages failed, errors by kind...).
    """

    __tablename__ = "source_polls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("runs.id", ondelete="CASCADE"), index=True
    )
    crawl: Mapped[str] = mapped_column(String(32), index=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), index=True
    )
    planned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # False when the URL policy refused the source's URL before any request.
    requested: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str | None] = mapped_column(String(12))  # PollStatus; None: no answer yet
    outcome: Mapped[str | None] = mapped_column(String(12))  # PollOutcome
    error: Mapped[str | None] = mapped_column(Text)
    entries: Mapped[int | None] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    body_hash: Mapped[str | None] = mapped_column(String(64))
    pending: Mapped[int] = mapped_column(Integer, default=0)
    validators_saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    counts: Mapped[dict[str, int] | None] = mapped_column(JSON)
    # Why a failed poll failed (crawler.failures kind: dns, no_route, connection_refused...).
    cause: Mapped[str | None] = mapped_column(String(32))
    weight: Mapped[float | None] = mapped_column(Float)  # what the failure weighs on health
    # A failure that may be this machine's (offline: DNS, no route...) waits for the crawl's
    # verdict before it counts against the source (`storage.polls.judge_failures`).
    health_held: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class CrawlPages(Base):
    """Article pages requested per site in one crawl, held against [crawl] max_pages_per_site.

    Shared by every process that fetches for the crawl; granted before the requests leave.
    """

    __tablename__ = "crawl_pages"

    crawl: Mapped[str] = mapped_column(String(32), primary_key=True)
    host: Mapped[str] = mapped_column(String(255), primary_key=True)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Run(Base):
    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # monitor.states.RunStatus: running, ok, partial, failed, idle, interrupted
    status: Mapped[str] = mapped_column(String(12), default=RunStatus.RUNNING)
    counters: Mapped[dict[str, int] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
