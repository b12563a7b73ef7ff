"""One full cycle for cron: take the lock, crawl, record the run, and say how it went."""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from crawler import stats
from crawler.planning import prepare
from monitor.claims import load_catalogue
from monitor.config import Config
from monitor.errors import ConfigError, RunFailed, RunInterrupted, StorageError
from monitor.polling import CrawlPlan
from monitor.states import PollStatus, RunStatus, SourceKind, StoreOutcome
from monitor.wording import plural
from scheduler.lock import lock_for
from scheduler.signals import Stopped, raise_if_stopped, stop_signals
from scheduler.verdict import judge_run
from storage.engine import Database, check_writable, faults_explained
from storage.polls import RunFacts, activity, run_facts
from storage.queries import finish_run, mark_interrupted, start_run
from storage.writes import RetryPolicy, write

if TYPE_CHECKING:
    from crawler.interrupt import Interruption

logger = logging.getLogger(__name__)

# Run counters (the `runs.counters` column and the summary) that fetching counts, per poll,
# under these crawl stats keys; the others come from the rows the run wrote (`run_counters`).
TALLIED = {
    "feeds_malformed": stats.FEEDS_MALFORMED,
    "entries_seen": stats.ENTRIES_SEEN,
    "pages_fetched": stats.PAGES_FETCHED,
    "pages_failed": stats.PAGES_FAILED,
    "pages_skipped_known": stats.ARTICLES_SKIPPED_KNOWN,
    "pages_capped": stats.PAGES_CAPPED,
    "articles_updated": stats.articles(StoreOutcome.UPDATED),
    "articles_duplicate": stats.articles(StoreOutcome.DUPLICATE),
    "requests": stats.REQUESTS,
    "retry_after_waits": stats.RETRY_AFTER_WAITS,
    "aggregator_unresolved": stats.AGGREGATOR_UNRESOLVED,
    "aggregator_decoded": stats.aggregator("decoded"),  # opaque Google News links resolved
    "aggregator_kept": stats.AGGREGATOR_KEPT,  # kept feed-only, resolved by a later run
    "aggregator_capped": stats.AGGREGATOR_CAPPED,  # past [crawl] max_decodes
}


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    status: RunStatus  # ok | partial | failed | idle | interrupted
    counters: Mapping[str, int]
    seconds: float
    alerts: str = ""  # what the alert delivery did (scheduler.deliver.DeliveryReport.line)
    error: str | None = None  # why the run failed, or what it could not store
    exit_code: int = 0  # 1: failed, or articles that could not be stored

    def line(self) -> str:
        c = self.counters
        feeds = f"{plural(c.get('feeds_polled', 0), 'source')} polled"
        details = []
        if c.get("feeds_not_modified") or c.get("feeds_unchanged"):
            details.append(
                f"{c.get('feeds_not_modified', 0) + c.get('feeds_unchanged', 0)} unchanged"
            )
        if c.get("feeds_failed"):
            details.append(f"{c['feeds_failed']} failed")
        if c.get("feeds_deferred"):
            details.append(f"{c['feeds_deferred']} not due")
        if c.get("feeds_disabled"):
            details.append(f"{c['feeds_disabled']} disabled")
        if details:
            feeds += f" ({', '.join(details)})"
        parts = [
            feeds,
            f"{plural(c.get('pages_fetched', 0), 'page')} fetched",
            plural(c.get("articles_new", 0), "new article"),
        ]
        if c.get("articles_duplicate"):
            parts.append(plural(c["articles_duplicate"], "duplicate"))
        if c.get("pages_failed"):
            parts.append(f"{plural(c['pages_failed'], 'page')} failed")
        if c.get("articles_unstored"):
            parts.append(f"{plural(c['articles_unstored'], 'article')} not stored")
        refused = c.get("urls_refused", 0)
        if refused:
            parts.append(f"{plural(refused, 'unsafe URL')} refused")
        if self.alerts:
            parts.append(self.alerts)
        return f"run {self.run_id} {self.status}: " + ", ".join(parts) + f" in {self.seconds:.1f}s"


def run_counters(facts: RunFacts, plan: CrawlPlan) -> dict[str, int]:
    """The run's counters: its polls (answers, and what fetching found for each), the articles
    it stored first, their sightings and alerted stories, and what the plan left out. They
    hold whichever processes did the fetching."""
    counts = facts.counts
    counters = {
        "feeds_polled": facts.polled,
        "feeds_ok": facts.statuses.get(PollStatus.OK, 0),
        "feeds_not_modified": facts.statuses.get(PollStatus.NOT_MODIFIED, 0),
        "feeds_unchanged": facts.statuses.get(PollStatus.UNCHANGED, 0),
        "feeds_failed": facts.statuses.get(PollStatus.FAILED, 0),
        "feeds_deferred": len(plan.deferred),
        "feeds_disabled": len(plan.disabled),
        **{name: int(counts.get(key, 0)) for name, key in TALLIED.items()},
        "articles_new": facts.articles_new,
        "articles_irrelevant": facts.articles_irrelevant,
        "sightings_new": facts.sightings,
        "stories_alerted": facts.stories_alerted,
        "urls_refused": sum(v for k, v in counts.items() if k.startswith(stats.REFUSED)),
    }
    for key, value in sorted(counts.items()):
        if key.startswith(stats.ERRORS):
            counters["errors_" + key.removeprefix(stats.ERRORS)] = int(value)
    return counters


def run_once(
    config: Config,
    db_url: str,
    *,
    kinds: Sequence[SourceKind] | None = None,
    log_level: str = "WARNING",
    log_file: str | None = None,
    analysis_workers: int | None = None,
    progress: bool = False,
    force: bool = False,
) -> RunSummary:
    """Run one cycle over the sources of `kinds` (all when None: feeds and search feeds, sites,
    sitemaps). Raises LockHeld (exit 75), RunFailed (exit 1), ConfigError (exit 2) or
    RunInterrupted (SIGINT or SIGTERM: exit 130 or 143; the run is recorded as interrupted).
    """
    try:
        return _run_once(
            config,
            db_url,
            kinds=kinds,
            log_level=log_level,
            log_file=log_file,
            analysis_workers=analysis_workers,
            progress=progress,
            force=force,
        )
    except Stopped as stop:  # another signal while the first one was being recorded
        name = signal.Signals(stop.signum).name
        raise RunInterrupted(
            f"{name}: stopped at once; what was stored is kept", stop.signum, at_once=True
        ) from None


def _run_once(
    config: Config,
    db_url: str,
    *,
    kinds: Sequence[SourceKind] | None,
    log_level: str,
    log_file: str | None,
    analysis_workers: int | None,
    progress: bool,
    force: bool,
) -> RunSummary:
    # A malformed catalogue is exit 2 before anything starts (the lock, the database).
    load_catalogue(config.claims.catalogue, config.claims.mode)
    if not config.enabled_sources:
        raise ConfigError(
            "no enabled sources: add [[sources]] to the configuration or enable one",
            path=str(config.path) if config.path else None,
            key="sources",
        )
    if config.scale.redis:
        from scheduler.workers import check_scale

        check_scale(config, db_url)
    busy_timeout = config.database.busy_timeout.total_seconds()
    recorded: tuple[int, CrawlPlan] | None = None  # the run's row and plan, once committed
    interruption: Interruption | None = None
    with stop_signals(), lock_for(db_url), faults_explained(db_url):
        try:
            check_writable(db_url)
            database = Database.open(db_url, busy_timeout=busy_timeout)
        except Stopped as stop:  # waiting for the database, or migrating it (rolled back)
            raise _interrupted(None, None, stop.signum) from None
        try:
            # Before the crawl, in one transaction: the sources and claims synced, the due
            # sources planned and the plan recorded (a row per poll, in the run).
            def begin(session: Session) -> tuple[int, CrawlPlan]:
                mark_interrupted(session)
                run_id = start_run(session)
                plan = prepare(session, config=config, run_id=run_id, kinds=kinds, force=force)
                return run_id, plan

            retries = RetryPolicy.for_busy_timeout(busy_timeout)
            run_id, plan = write(database, begin, policy=retries, what="the run's plan")
            recorded = (run_id, plan)
            started = time.monotonic()
            # Scrapy is imported only when a crawl happens.
            from crawler.runner import Crawled, build_settings, crawl

            raise_if_stopped()
            if config.scale.redis:
                # [scale]: the workers crawl; this process queues the plan and waits.
                from scheduler.workers import crawl_on_workers, fail_run

                crawl_on_workers(
                    config, database, plan, on_timeout=fail_run(database, run_id, plan)
                )
                crawled = Crawled()  # the workers' own stats stay theirs: the rows tell
            else:
                settings = build_settings(
                    config,
                    db_url,
                    plan=plan,
                    log_level=log_level,
                    log_file=log_file,
                    analysis_workers=analysis_workers,
                    progress=progress,
                )
                crawled = crawl(settings)
            interruption = crawled.interruption
            with database.session() as session, session.begin():
                facts = run_facts(session, run_id)
                last_polled, first_run = activity(session)
            counters = {**run_counters(facts, plan), **storage_counters(crawled.stats)}
            verdict = judge_run(
                counters,
                facts,
                storage_error=crawled.stats.get(stats.STORAGE_ERROR),
                last_polled=last_polled,
                first_run=first_run,
                idle_alarm=config.crawl.idle_alarm,
            )
            status, error = verdict.status, verdict.error
            deliver_now = verdict.deliver
            if interruption is not None:  # a signal stopped it, whatever it had reached
                status, error = RunStatus.INTERRUPTED, _stopped_by(interruption.name)
                deliver_now = False  # the outbox keeps the alerts for the next run

            def finish(session: Session) -> None:
                finish_run(session, run_id, status=status, counters=counters, error=error)

            try:
                write(database, finish, policy=retries, what="the run's record")
            except StorageError as exc:
                # Still say what the run did; the next run finds its row running and marks it
                # interrupted.
                unrecorded = RunSummary(
                    run_id, status, counters, time.monotonic() - started, error=error
                )
                cause = f"{error}; " if error else ""
                raise RunFailed(
                    f"{unrecorded.line()}: {cause}the run's record could not be written: {exc}"
                ) from None
            alerts = ""
            if deliver_now:
                raise_if_stopped()
                from scheduler.deliver import deliver

                delivery = deliver(config, database)
                counters = {
                    **counters,
                    "alerts_sent": delivery.sent,
                    "alerts_failed": delivery.failed,
                    "alerts_pending": delivery.pending,
                }
                alerts = delivery.line()
                write(database, finish, policy=retries, what="the run's record")
            summary = RunSummary(
                run_id, status, counters, time.monotonic() - started, alerts=alerts,
                error=error, exit_code=verdict.exit_code,
            )
        except Stopped as stop:  # a signal outside the crawl: before or after it
            raise _interrupted(database, recorded, stop.signum) from None
        finally:
            database.dispose()
    if interruption is not None:
        raise RunInterrupted(
            f"{summary.line()}; {_what_was_kept(interruption.forced)}",
            interruption.signum,
            at_once=interruption.forced,
        )
    if summary.exit_code:
        raise RunFailed(f"{summary.line()}: {summary.error}")
    if summary.error:
        logger.warning("%s", summary.error)
    return summary


def storage_counters(crawled: Mapping[str, Any]) -> dict[str, int]:
    """What the crawl could not write (from its own stats: the database could not take it)."""
    counters = {
        "articles_unstored": int(crawled.get(stats.ARTICLES_UNSTORED, 0)),
        "answers_unrecorded": int(crawled.get(stats.ANSWERS_UNRECORDED, 0)),
    }
    for key, value in crawled.items():
        if key.startswith(stats.ERRORS + "store_"):
            counters["errors_" + key.removeprefix(stats.ERRORS)] = int(value)
    return counters


def _stopped_by(name: str) -> str:
    return f"stopped by {name}"


def _what_was_kept(forced: bool) -> str:
    done = "what was stored is kept" if forced else "the pages in flight were stored"
    return f"{done}, and the next run fetches the rest"


def _interrupted(
    database: Database | None, recorded: tuple[int, CrawlPlan] | None, signum: int
) -> RunInterrupted:
    """A signal outside the crawl stopped the run: record it as interrupted (once its row is
    there), with the counters of what it did, and say so."""
    name = signal.Signals(signum).name
    if database is None or recorded is None:
        return RunInterrupted(f"{name}: stopped before the run began; nothing was done", signum)
    run_id, plan = recorded
    with database.session() as session, session.begin():
        counters = run_counters(run_facts(session, run_id), plan)
        finish_run(
            session, run_id, status=RunStatus.INTERRUPTED, counters=counters,
            error=_stopped_by(name),
        )
    return RunInterrupted(f"run {run_id} interrupted by {name}; {_what_was_kept(True)}", signum)
