"""Reads and writes, as functions that take a session first and never commit.

The caller owns the transaction (`with db.session() as s, s.begin(): ...`). Inputs are plain
objects read by attribute (the domain's dataclasses); outputs are plain dataclasses, so callers
never hold ORM objects outside a session.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    column,
    delete,
    func,
    insert,
    inspect,
    null,
    select,
    table,
    true,
    union,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from monitor.aggregators import is_unresolved
from monitor.config import Source as SourceSpec
from monitor.outlets import outlet_name
from monitor.polling import SourceState
from monitor.states import (
    SETTLED_FETCH_STATUSES,
    BodySource,
    FetchStatus,
    PollStatus,
    RunStatus,
    StoreOutcome,
)
from storage.models import (
    Alert,
    Article,
    ArticleBand,
    ArticleURL,
    Instance,
    Run,
    Source,
    SourcePoll,
    address,
    utcnow,
)

if TYPE_CHECKING:
    from monitor.articles import ArticleAnalysis


# -- sources -------------------------------------------------------------------------------


def sync_sources(session: Session, sources: Iterable[SourceSpec]) -> dict[str, int]:
    """Make the `sources` table know every configured source; return name -> id.

    Health and validators of known sources are kept; a changed URL resets the validators (they
    belonged to the old URL). A source disabled in the configuration is disabled here too, and
    enabled again when the configuration says so, unless it was disabled for another reason
    (too many failures, `sources disable`): `sources enable` lifts those. Sources no longer
    configured are left alone (their articles keep their source).
    """
    from storage.health import CONFIG_DISABLED

    existing = {s.name: s for s in session.scalars(select(Source))}
    for spec in sources:
        row = existing.get(spec.name)
        if row is None:
            row = Source(name=spec.name, kind=spec.kind, url=spec.url, language=spec.language)
            row.enabled = spec.enabled
            row.disabled_reason = None if spec.enabled else CONFIG_DISABLED
            row.consecutive_failures = 0.0
            row.unchanged_polls = row.failed_polls = 0
            session.add(row)
            existing[spec.name] = row
            continue
        if row.url != spec.url:
            row.url, row.etag, row.last_modified, row.body_hash = spec.url, None, None, None
            row.next_allowed_at, row.unchanged_polls = None, 0
        row.kind, row.language = spec.kind, spec.language
        if not spec.enabled and row.enabled:
            row.enabled, row.disabled_reason = False, CONFIG_DISABLED
        elif spec.enabled and not row.enabled and row.disabled_reason == CONFIG_DISABLED:
            row.enabled, row.disabled_reason = True, None
    session.flush()
    return {name: row.id for name, row in existing.items()}


def feed_states(session: Session) -> dict[str, SourceState]:
    """What the store knows of each source, as the crawl plan reads it.

    A source whose last answered poll still has work pending (articles that could not be
    stored, a crawl that was stopped or killed) is due now, whatever its plan says: its
    validators were not saved past that work, and the next crawl fetches it again.
    """
    latest = (
        select(func.max(SourcePoll.id).label("id"))
        .where(SourcePoll.answered_at.is_not(None))
        .group_by(SourcePoll.source_id)
        .subquery()
    )
    unsettled = set(
        session.scalars(
            select(SourcePoll.source_id)
            .join(latest, latest.c.id == SourcePoll.id)
            .where(SourcePoll.pending > 0, SourcePoll.status != PollStatus.FAILED)
        )
    )
    return {
        s.name: SourceState(
            s.enabled,
            None if s.id in unsettled else s.next_allowed_at,
            s.etag,
            s.last_modified,
            s.body_hash,
        )
        for s in session.scalars(select(Source))
    }


@dataclass(frozen=True)
class SourceRow:
    name: str
    kind: str
    url: str
    language: str | None
    enabled: bool
    last_ok_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    consecutive_failures: float
    disabled_reason: str | None
    articles: int
    next_allowed_at: datetime | None = None
    last_polled_at: datetime | None = None
    disabled_at: datetime | None = None


def list_sources(session: Session) -> list[SourceRow]:
    counts = dict(
        session.execute(
            select(Article.source_id, func.count(Article.id)).group_by(Article.source_id)
        ).all()
    )
    return [
        SourceRow(
            name=s.name,
            kind=s.kind,
            url=s.url,
            language=s.language,
            enabled=s.enabled,
            last_ok_at=s.last_ok_at,
            last_error=s.last_error,
            last_error_at=s.last_error_at,
            consecutive_failures=s.consecutive_failures or 0.0,
            disabled_reason=s.disabled_reason,
            articles=counts.get(s.id, 0),
            next_allowed_at=s.next_allowed_at,
            last_polled_at=s.last_polled_at,
            disabled_at=s.disabled_at,
        )
        for s in session.scalars(select(Source).order_by(Source.name))
    ]


# -- articles ------------------------------------------------------------------------------


def known_urls(session: Session, urls: Sequence[str]) -> set[str]:
    """Those of `urls` that belong to an article that needs no fetching again."""
    if not urls:
        return set()
    rows = session.execute(
        select(ArticleURL.url)
        .join(Article, Article.id == ArticleURL.article_id)
        .where(ArticleURL.url.in_(list(urls)))
        .where(Article.fetch_status.in_(SETTLED_FETCH_STATUSES))
    )
    return {row[0] for row in rows}


@dataclass(frozen=True)
class StoreResult:
    article_id: int
    outcome: StoreOutcome
    published_at: datetime | None
    first_seen_at: datetime


_STORED = "sora_monitor.stored_articles"


def _result(article: Article, outcome: StoreOutcome) -> StoreResult:
    return StoreResult(article.id, outcome, article.published_at, article.first_seen_at)


def _apply(article: Article, analysis: ArticleAnalysis) -> None:
    article.title = analysis.title
    article.body = analysis.body
    article.body_source = analysis.body_source
    article.author = analysis.author
    article.outlet = analysis.outlet
    article.published_at = analysis.published_at
    article.fetched_at = analysis.fetched_at
    article.fetch_status = analysis.fetch_status
    article.fetch_error = analysis.fetch_error
    article.outlinks = list(analysis.outlinks)
    article.language = analysis.language
    article.relevant = analysis.relevant
    article.relevance_score = analysis.relevance_score
    article.relevance_signals = list(analysis.relevance_signals)
    article.leak_report = analysis.leak_report
    article.seed_similarity = analysis.seed_similarity
    article.seed_copy = analysis.seed_copy
    article.content_hash = analysis.content_hash
    article.signature = analysis.signature


def _add_bands(session: Session, article: Article, band_keys: Iterable[str]) -> None:
    # One executemany, not an ORM object per band: an article has 25 of them, and the unit
    # of work's bookkeeping for them cost more than the rows.
    rows = [{"band_key": key, "article_id": article.id} for key in dict.fromkeys(band_keys)]
    if rows:
        session.execute(insert(ArticleBand), rows)


def _find_article(session: Session, urls: Sequence[str]) -> Article | None:
    return session.scalars(
        select(Article)
        .join(ArticleURL, ArticleURL.article_id == Article.id)
        .where(ArticleURL.url.in_(list(urls)))
        .limit(1)
    ).first()


def _add_urls(
    session: Session, article: Article, urls: Sequence[str], *, known: Iterable[str] | None = None
) -> None:
    """Remember the URL forms not stored yet; `known` when the caller knows them already
    (an article just found under none of `urls` has none stored)."""
    if known is None:
        known = session.scalars(select(ArticleURL.url).where(ArticleURL.url.in_(list(urls))))
    seen = set(known)
    rows = []
    for url in urls:
        if url not in seen:
            rows.append({"url": url, "article_id": article.id})
            seen.add(url)
    if rows:
        session.execute(insert(ArticleURL), rows)


@dataclass(frozen=True)
class ClusterCandidate:
    article_id: int
    cluster_id: int | None
    content_hash: str | None
    signature: bytes | None


def cluster_candidates(
    session: Session, content_hash: str | None, band_keys: Sequence[str], limit: int = 200
) -> list[ClusterCandidate]:
    """Stored articles with the same text hash or sharing an LSH band with these keys.

    One statement, so one round trip to the server: the pipeline asks this for every new
    article, and on a busy machine each round trip waits for the server to be scheduled.
    """
    parts = []
    if content_hash:
        same_text = (
            select(Article.id.label("id")).where(Article.content_hash == content_hash).limit(limit)
        ).subquery()
        parts.append(select(same_text.c.id))
    if band_keys:
        same_band = (
            select(ArticleBand.article_id.label("id"))
            .where(ArticleBand.band_key.in_(list(band_keys)))
            .distinct()
            .limit(limit)
        ).subquery()
        parts.append(select(same_band.c.id))
    if not parts:
        return []
    ids = parts[0] if len(parts) == 1 else union(*parts)
    rows = session.execute(
        select(Article.id, Article.cluster_id, Article.content_hash, Article.signature)
        .where(Article.id.in_(ids))
        .order_by(Article.id)
    )
    return [ClusterCandidate(*row) for row in rows]


def upsert_article(
    session: Session,
    analysis: ArticleAnalysis,
    *,
    source_ids: dict[str, int] | None = None,
    cluster_id: int | None = None,
    run_id: int | None = None,
) -> StoreResult:
    """Store an analysed article once, by canonical URL and every URL variant seen.

    An article already stored is a duplicate (its new URL forms are remembered), unless it was
    stored from a feed summary only and the page has now been fetched: then it is completed.
    A new article joins `cluster_id`, or starts a cluster of its own, and records `run_id`,
    the run that stored it.
    """
    urls = list(dict.fromkeys([analysis.canonical_url, *analysis.urls]))
    existing = _find_article(session, urls)
    placeholder = _placeholder_for(session, analysis)
    if placeholder is not None and existing is None:
        return _complete(session, placeholder, analysis, urls)
    if placeholder is not None and existing is not None and placeholder.id != existing.id:
        _fold(session, placeholder, into=existing)
    if existing is not None:
        outcome = StoreOutcome.DUPLICATE
        if existing.body_source == BodySource.FEED and analysis.body_source == BodySource.PAGE:
            _apply(existing, analysis)
            session.execute(delete(ArticleBand).where(ArticleBand.article_id == existing.id))
            _add_bands(session, existing, analysis.band_keys)
            outcome = StoreOutcome.UPDATED
        elif (
            existing.fetch_status != FetchStatus.OK
            and analysis.fetch_status != existing.fetch_status
        ):
            existing.fetch_status = analysis.fetch_status
            existing.fetch_error = analysis.fetch_error
        _add_urls(session, existing, urls)
        return _result(existing, outcome)

    source_id = None
    if analysis.source is not None:
        if source_ids is not None and analysis.source in source_ids:
            source_id = source_ids[analysis.source]
        else:
            source_id = session.scalar(select(Source.id).where(Source.name == analysis.source))
    article = Article(
        canonical_url=analysis.canonical_url,
        source_id=source_id,
        run_id=run_id,
        cluster_id=cluster_id,
    )
    article.first_seen_at = utcnow()
    _apply(article, analysis)
    if analysis.provenance_url and not _provenance_taken(session, analysis.provenance_url):
        article.provenance_url = analysis.provenance_url
    try:
        with session.begin_nested():
            session.add(article)
            session.flush()
    except IntegrityError:
        # Another writer stored the same canonical URL between our read and our insert.
        existing = (
            _find_article(session, urls)
            or session.scalars(
                select(Article).where(Article.canonical_url == analysis.canonical_url)
            ).one()
        )
        _add_urls(session, existing, urls)
        return _result(existing, StoreOutcome.DUPLICATE)
    # The session holds its objects weakly: kept here, the article is found in its identity
    # map by what the transaction does next (the sightings, the outbox), not read back.
    session.info.setdefault(_STORED, []).append(article)
    if cluster_id is None:
        _start_cluster(session, article)
    _add_urls(session, article, urls, known=())
    _add_bands(session, article, analysis.band_keys)
    return _result(article, StoreOutcome.NEW)


def _start_cluster(session: Session, article: Article) -> None:
    """A new article that joins no cluster is the first of its own, named by its id.

    Written past the unit of work: the id exists only once the row does, and the claim
    tallies' flush hooks need not look at an article that has no sightings yet.
    """
    session.execute(
        update(Article)
        .where(Article.id == article.id)
        .values(cluster_id=article.id)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(article, "cluster_id", article.id)


def _provenance_taken(session: Session, link: str) -> bool:
    return session.scalar(select(Article.id).where(Article.provenance_url == link)) is not None


def _placeholder_for(session: Session, analysis: ArticleAnalysis) -> Article | None:
    """The article kept under a placeholder key for the aggregator link this one was found
    through, when this one has its outlet URL."""
    if not analysis.provenance_url or is_unresolved(analysis.canonical_url):
        return None
    found = session.scalars(
        select(Article).where(Article.provenance_url == analysis.provenance_url)
    ).first()
    return found if found is not None and is_unresolved(found.canonical_url) else None


def _complete(
    session: Session, placeholder: Article, analysis: ArticleAnalysis, urls: Sequence[str]
) -> StoreResult:
    """An item kept feed-only under a placeholder key is resolved: it becomes the article
    (its first sighting kept), under its outlet URL."""
    placeholder.canonical_url = analysis.canonical_url
    if analysis.body_source != BodySource.FEED or placeholder.body_source == BodySource.FEED:
        _apply(placeholder, analysis)
        session.execute(delete(ArticleBand).where(ArticleBand.article_id == placeholder.id))
        _add_bands(session, placeholder, analysis.band_keys)
    session.flush()
    _add_urls(session, placeholder, urls)
    return _result(placeholder, StoreOutcome.UPDATED)


def _fold(session: Session, placeholder: Article, *, into: Article) -> None:
    """The outlet's article was stored already (found by another source): the placeholder
    goes, its alerts move to that article, which takes its provenance."""
    link = placeholder.provenance_url
    session.execute(
        update(Alert).where(Alert.article_id == placeholder.id).values(article_id=into.id)
    )
    session.delete(placeholder)
    session.flush()
    if into.provenance_url is None:
        into.provenance_url = link
    if into.first_seen_at is None or placeholder.first_seen_at < into.first_seen_at:
        into.first_seen_at = placeholder.first_seen_at


def resolve_provenance(session: Session, link: str, url: str) -> None:
    """The aggregator `link` leads to `url`, whose article is stored already: that article
    takes the link as its provenance, and a placeholder kept for the link is folded into it."""
    article_id = session.scalar(select(ArticleURL.article_id).where(ArticleURL.url == url))
    article = session.get(Article, article_id) if article_id is not None else None
    if article is None:
        return
    placeholder = session.scalars(select(Article).where(Article.provenance_url == link)).first()
    if placeholder is not None and placeholder.id != article.id:
        if not is_unresolved(placeholder.canonical_url):
            return  # the link is another article's provenance already
        _fold(session, placeholder, into=article)
    elif placeholder is None and article.provenance_url is None:
        article.provenance_url = link


def provenance_of(session: Session, links: Sequence[str]) -> dict[str, str]:
    """For those of the aggregator `links` already stored as some article's provenance, that
    article's canonical URL (a placeholder key while the link is unresolved)."""
    if not links:
        return {}
    rows = session.execute(
        select(Article.provenance_url, Article.canonical_url).where(
            Article.provenance_url.in_(list(links))
        )
    )
    return {link: url for link, url in rows if link}


def record_discovered_via(session: Session, via_by_url: Mapping[str, str]) -> int:
    """Note which aggregator surfaced each article (by any of its URLs), where not noted yet."""
    updated = 0
    for url, via in via_by_url.items():
        article_id = session.scalar(select(ArticleURL.article_id).where(ArticleURL.url == url))
        if article_id is None:
            continue
        article = session.get(Article, article_id)
        if article is not None and article.discovered_via is None:
            article.discovered_via = via
            updated += 1
    return updated


@dataclass(frozen=True)
class ArticleRow:
    id: int
    url: str
    title: str | None
    source: str | None
    outlet: str
    language: str | None
    published_at: datetime | None
    first_seen_at: datetime
    relevant: bool | None
    leak_report: bool | None
    seed_copy: bool | None
    cluster_id: int | None
    claims: tuple[str, ...]
    author: str | None
    body: str | None
    body_source: str


def new_articles(
    session: Session,
    since: datetime,
    *,
    include_irrelevant: bool = False,
    limit: int | None = None,
    with_body: bool = True,
) -> list[ArticleRow]:
    """Articles first seen at or after `since`, newest first (`body` None unless `with_body`).

    Articles judged irrelevant are left out unless asked for; articles not judged yet
    (relevant is NULL) are shown. The window is read through the `first_seen_at` index: the
    relevance test is written so that no planner takes the `relevant` index instead (which
    reads every relevant article of the archive).
    """
    columns = [
        Article.id, Article.canonical_url, Article.provenance_url, Article.title, Article.outlet,
        Article.language, Article.published_at, Article.first_seen_at, Article.relevant,
        Article.leak_report, Article.seed_copy, Article.cluster_id, Article.author,
        Article.body_source,
        Article.body if with_body else null().label("body"), Source.name, Source.kind,
    ]  # fmt: skip
    query = (
        select(*columns)
        .outerjoin(Source, Source.id == Article.source_id)
        .where(Article.first_seen_at >= since)
        .order_by(Article.first_seen_at.desc(), Article.published_at.desc(), Article.id.desc())
    )
    if not include_irrelevant:
        query = query.where(func.coalesce(Article.relevant, true()).is_(True))
    if limit:
        query = query.limit(limit)
    from storage.sightings import claims_of_articles

    articles = session.execute(query).all()
    claims = claims_of_articles(session, [a.id for a in articles])
    return [
        ArticleRow(
            id=a.id,
            url=address(a.canonical_url, a.provenance_url),
            title=a.title,
            source=a.name,
            outlet=outlet_name(a.outlet, a.name, a.kind, a.canonical_url),
            language=a.language,
            published_at=a.published_at,
            first_seen_at=a.first_seen_at,
            relevant=a.relevant,
            leak_report=a.leak_report,
            seed_copy=a.seed_copy,
            cluster_id=a.cluster_id,
            claims=tuple(claims[a.id]),
            author=a.author,
            body=a.body,
            body_source=a.body_source,
        )
        for a in articles
    ]


# -- runs ----------------------------------------------------------------------------------


def instance_id(session: Session) -> str:
    """This database's own id (a UUID made when the database was created)."""
    return session.scalars(select(Instance.id)).one()


def mark_interrupted(session: Session) -> int:
    """Runs still `running` are runs that were killed (the caller holds the run lock): say
    so; return how many."""
    result = session.execute(
        update(Run).where(Run.status == RunStatus.RUNNING).values(status=RunStatus.INTERRUPTED)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


def start_run(session: Session) -> int:
    run = Run(status=RunStatus.RUNNING)
    run.started_at = utcnow()
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session,
    run_id: int,
    *,
    status: RunStatus,
    counters: dict[str, int],
    error: str | None = None,
) -> None:
    run = session.get(Run, run_id)
    if run is None:
        return
    run.finished_at = utcnow()
    run.status, run.counters, run.error = status, dict(counters), error


# -- the daemon's job store ----------------------------------------------------------------


def scheduled_runs(session: Session, job_table: str) -> dict[str, datetime]:
    """When each job in APScheduler's job table runs next (none before the table exists)."""
    if not inspect(session.connection()).has_table(job_table):
        return {}
    jobs = table(job_table, column("id"), column("next_run_time"))
    rows = session.execute(select(jobs.c.id, jobs.c.next_run_time))
    return {job_id: datetime.fromtimestamp(when, UTC) for job_id, when in rows if when is not None}
