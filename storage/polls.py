"""The crawl's ledger: the plan's polls, their answers, what is pending, pages granted per site.

Functions take the session first and never commit (see storage.queries). Every write here is
shared state, correct whichever process makes it and whenever the crawl is killed: a poll's
validators become the source's only once nothing it led to is pending (`SourcePoll`), and
pages per site are granted in the database before requests leave (`grant_pages`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Select, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from monitor.outage import OFFLINE_CAUSES, PollVerdict, is_outage
from monitor.polling import CrawlPlan, PollAnswer, PollingPolicy, PollResult
from monitor.states import PollOutcome, PollStatus, SourceKind
from storage.health import plan_source, record_failure, record_success
from storage.models import (
    Alert,
    Article,
    ClaimSighting,
    CrawlPages,
    Run,
    Source,
    SourcePoll,
    utcnow,
)

# Pages granted to a crawl are kept this long, then dropped when a new crawl is planned.
PAGES_KEPT = timedelta(days=2)


def record_plan(
    session: Session, plan: CrawlPlan, *, run_id: int | None, crawl: str
) -> CrawlPlan:
    """Write a row for each planned poll; return the plan with their ids, run and crawl."""
    ids = {name: id_ for name, id_ in session.execute(select(Source.name, Source.id))}
    now = utcnow()
    session.execute(delete(CrawlPages).where(CrawlPages.updated_at < now - PAGES_KEPT))
    polls = []
    for poll in plan.polls:
        requested = poll.refused is None
        row = SourcePoll(
            run_id=run_id,
            crawl=crawl,
            source_id=ids[poll.source.name],
            planned_at=now,
            requested=requested,
            pending=1,  # the source's own request (or its refusal), until it is answered
        )
        session.add(row)
        session.flush()
        polls.append(replace(poll, id=row.id))
    return replace(plan, polls=tuple(polls), run_id=run_id, crawl=crawl)


def record_answer(
    session: Session,
    poll_id: int,
    answer: PollAnswer,
    *,
    policies: Mapping[SourceKind, PollingPolicy],
    disable_after: float,
    pending: int = 0,
    now: datetime | None = None,
) -> None:
    """A source answered (or failed): its health, its next poll, the poll's row.

    `pending` adds the requests and articles the answer led to and takes off the source's
    own request. Validators wait on the row until nothing is pending (see `SourcePoll`).
    """
    now = now or utcnow()
    poll = session.get(SourcePoll, poll_id, with_for_update=True)
    if poll is None:
        return
    source = session.get(Source, poll.source_id)
    if source is None:
        return
    result = answer.result
    held = answer.status == PollStatus.FAILED and answer.cause in OFFLINE_CAUSES
    if held:
        # Maybe this machine's network, not the source: counted (or not) once the crawl is
        # over and `judge_failures` knows whether every source failed so.
        poll.health_held = True
    elif answer.status == PollStatus.FAILED:
        record_failure(
            session, source.name, answer.error or "failed", weight=answer.weight,
            at=now, disable_after=disable_after,
        )
    else:
        # Health now; validators once nothing the poll led to is pending.
        record_success(session, source.name, entries=answer.entries, at=now)
    if not held:
        plan_source(source, result, policies[SourceKind(source.kind)], now)
    poll.answered_at = now
    poll.status, poll.outcome, poll.error = answer.status, result.outcome, answer.error
    poll.cause = answer.cause
    poll.weight = answer.weight
    poll.entries = answer.entries
    poll.etag, poll.last_modified = answer.etag, answer.last_modified
    poll.body_hash = answer.body_hash
    poll.pending += pending
    _settle(session, poll, source, now)


@dataclass
class Progress:
    """What a crawl did since it last wrote, poll by poll; written in one transaction."""

    settled: Counter[int]  # poll id -> requests and articles done
    changed: set[int]  # polls that turned out to have brought something new
    counts: dict[int, Counter[str]]  # poll id -> stats key -> n

    @classmethod
    def empty(cls) -> Progress:
        return cls(Counter(), set(), {})

    def __bool__(self) -> bool:
        return bool(self.settled or self.changed or self.counts)

    def merged(self, other: Progress) -> Progress:
        """This progress and `other` together (a write that failed, and what came since)."""
        counts = {poll: Counter(c) for poll, c in self.counts.items()}
        for poll, c in other.counts.items():
            counts.setdefault(poll, Counter()).update(c)
        return Progress(self.settled + other.settled, self.changed | other.changed, counts)


def record_progress(
    session: Session,
    progress: Progress,
    policies: Mapping[SourceKind, PollingPolicy],
    *,
    now: datetime | None = None,
) -> None:
    """Settle what was done, count what was found, re-plan the polls that found something."""
    now = now or utcnow()
    ids = sorted(set(progress.settled) | progress.changed | set(progress.counts))
    for poll in session.scalars(
        select(SourcePoll).where(SourcePoll.id.in_(ids)).order_by(SourcePoll.id).with_for_update()
    ):
        source = session.get(Source, poll.source_id)
        if source is None:
            continue
        counts = progress.counts.get(poll.id)
        if counts:
            merged = Counter(poll.counts or {})
            merged.update(counts)
            poll.counts = dict(merged)
        if poll.id in progress.changed and poll.outcome != PollOutcome.CHANGED:
            # A site's section page listed an article the start page did not: the site changed.
            poll.outcome = PollOutcome.CHANGED
            policy = policies.get(SourceKind(source.kind))
            if policy is not None and _latest(session, poll):
                plan_source(source, PollResult(PollOutcome.CHANGED), policy, now)
        poll.pending -= progress.settled.get(poll.id, 0)
        _settle(session, poll, source, now)


def _verdicts(session: Session, where: Any) -> list[tuple[SourcePoll, PollVerdict]]:
    """The answered, requested polls matching `where`, each with what the outage rule reads."""
    rows = session.execute(
        select(SourcePoll, Source.url)
        .join(Source, Source.id == SourcePoll.source_id)
        .where(where, SourcePoll.requested.is_(True), SourcePoll.answered_at.is_not(None))
        .order_by(SourcePoll.id)
    )
    return [
        (poll, PollVerdict(poll.status == PollStatus.FAILED, poll.cause, _server(url)))
        for poll, url in rows
    ]


def _server(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return url


def judge_failures(
    session: Session,
    crawl: str,
    *,
    policies: Mapping[SourceKind, PollingPolicy],
    disable_after: float,
    now: datetime | None = None,
) -> bool:
    """Once the crawl `crawl` is over: were its failures an outage of this machine
    (`monitor.outage.is_outage`: every source failed the same way at the network level, on
    several servers)? Then the failures held back by `record_answer` count against no source
    (they stay as they were, due at the next run); otherwise they count now, as any failure
    does. Returns True for an outage."""
    now = now or utcnow()
    verdicts = _verdicts(session, SourcePoll.crawl == crawl)
    outage = is_outage(v for _, v in verdicts)
    for poll, _ in verdicts:
        if not poll.health_held:
            continue
        poll.health_held = False
        source = session.get(Source, poll.source_id)
        if outage or source is None:
            continue
        record_failure(
            session, source.name, poll.error or "failed", weight=poll.weight or 1.0,
            at=poll.answered_at, disable_after=disable_after,
        )
        policy = policies.get(SourceKind(source.kind))
        if policy is not None and _latest(session, poll):
            plan_source(source, PollResult(PollOutcome.FAILED), policy, now)
    return outage


def add_pending(session: Session, poll_id: int, count: int) -> None:
    """Requests and articles sent for the poll (before they leave, so it never looks done),
    less the response that sent them."""
    poll = session.get(SourcePoll, poll_id, with_for_update=True)
    if poll is None:
        return
    poll.pending += count
    source = session.get(Source, poll.source_id)
    if source is not None:
        _settle(session, poll, source, utcnow())


def _latest(session: Session, poll: SourcePoll) -> bool:
    """Whether no later poll of the same source has answered (a straggler must not win)."""
    if poll.answered_at is None:
        return False
    later = session.scalar(
        select(func.count(SourcePoll.id)).where(
            SourcePoll.source_id == poll.source_id,
            SourcePoll.answered_at > poll.answered_at,
        )
    )
    return not later


def _settle(session: Session, poll: SourcePoll, source: Source, now: datetime) -> None:
    """Save the poll's validators as the source's once it answered and nothing is pending."""
    if poll.pending > 0 or poll.answered_at is None or poll.validators_saved_at is not None:
        return
    if poll.etag is None and poll.last_modified is None and poll.body_hash is None:
        return
    if not _latest(session, poll):
        return
    if poll.etag is not None or poll.last_modified is not None:
        source.etag, source.last_modified = poll.etag, poll.last_modified
    if poll.body_hash is not None:
        source.body_hash = poll.body_hash
    poll.validators_saved_at = now


def grant_pages(
    session: Session, crawl: str, wanted: Mapping[str, int], cap: int
) -> dict[str, int]:
    """Grant up to `wanted[host]` more article pages per host, `cap` in all for the crawl."""
    if not wanted:
        return {}
    now = utcnow()
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    rows = [{"crawl": crawl, "host": host, "pages": 0, "updated_at": now} for host in wanted]
    session.execute(insert(CrawlPages).values(rows).on_conflict_do_nothing())
    granted: dict[str, int] = {}
    for row in session.scalars(
        select(CrawlPages)
        .where(CrawlPages.crawl == crawl, CrawlPages.host.in_(list(wanted)))
        .order_by(CrawlPages.host)
        .with_for_update()
    ):
        granted[row.host] = max(0, min(wanted[row.host], cap - row.pages))
        row.pages += granted[row.host]
        row.updated_at = now
    return granted


@dataclass(frozen=True)
class RunFacts:
    """What a run's rows say: its polls, what fetching found, what it stored."""

    polled: int  # polls whose request was sent
    statuses: dict[str, int]  # answered polls by status
    counts: dict[str, int]  # what fetching found, summed over the polls (stats keys)
    articles_new: int
    articles_irrelevant: int
    sightings: int  # claim sightings in the run's new articles
    stories_alerted: int  # stories the run's new articles put in the outbox
    outage: bool = False  # every source failed as when this machine is offline
    causes: tuple[str, ...] = ()  # why the run's failed polls failed (their kinds), sorted


def run_facts(session: Session, run_id: int) -> RunFacts:
    polls = list(session.scalars(select(SourcePoll).where(SourcePoll.run_id == run_id)))
    statuses: Counter[str] = Counter(p.status for p in polls if p.status is not None)
    counts: Counter[str] = Counter()
    for poll in polls:
        counts.update(poll.counts or {})
    new = select(Article.id).where(Article.run_id == run_id)
    verdicts = [v for _, v in _verdicts(session, SourcePoll.run_id == run_id)]
    return RunFacts(
        outage=is_outage(verdicts),
        causes=tuple(sorted({v.cause for v in verdicts if v.failed and v.cause})),
        polled=sum(1 for p in polls if p.requested),
        statuses=dict(statuses),
        counts=dict(counts),
        articles_new=_count(session, new),
        articles_irrelevant=_count(session, new.where(Article.relevant.is_(False))),
        sightings=_count(
            session,
            select(ClaimSighting.id)
            .join(Article, Article.id == ClaimSighting.article_id)
            .where(Article.run_id == run_id),
        ),
        stories_alerted=_count(
            session,
            select(Alert.cluster_id)
            .join(Article, Article.id == Alert.article_id)
            .where(Article.run_id == run_id)
            .distinct(),
        ),
    )


def activity(session: Session) -> tuple[datetime | None, datetime | None]:
    """When a source was last polled (answered or failed), and when the first run started."""
    last = session.scalar(
        select(func.max(SourcePoll.answered_at)).where(SourcePoll.requested.is_(True))
    )
    first = session.scalar(select(func.min(Run.started_at)))
    return _aware(last), _aware(first)


def _aware(value: datetime | None) -> datetime | None:
    # Aggregates skip the column's type: SQLite hands back naive UTC.
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _count(session: Session, query: Select[Any]) -> int:
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0
