"""One full cycle for cron: take the lock, crawl, record the run, and say how it went."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crawler import stats
from crawler.planning import prepare
from monitor.claims import load_catalogue
from monitor.config import Config
from monitor.errors import ConfigError, RunFailed
from monitor.polling import CrawlPlan
from monitor.states import PollStatus, RunStatus, SourceKind, StoreOutcome
from monitor.wording import plural
from scheduler.lock import lock_for
from storage.engine import Database, check_writable, faults_explained
from storage.polls import RunFacts, run_facts
from storage.queries import finish_run, mark_interrupted, start_run

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
}


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    status: RunStatus  # ok | partial | failed
    counters: Mapping[str, int]
    seconds: float
    alerts: str = ""  # what the alert delivery did (scheduler.deliver.DeliveryReport.line)

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
    sitemaps). Raises LockHeld (exit 75), RunFailed (exit 1) or ConfigError (exit 2).
    """
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
    with lock_for(db_url), faults_explained(db_url):
        check_writable(db_url)
        database = Database.open(db_url)
        try:
            # Before the crawl, in one transaction: the sources and claims synced, the due
            # sources planned and the plan recorded (a row per poll, in the run).
            with database.session() as session, session.begin():
                mark_interrupted(session)
                run_id = start_run(session)
                plan = prepare(session, config=config, run_id=run_id, kinds=kinds, force=force)
            started = time.monotonic()
            if config.scale.redis:
                # [scale]: the workers crawl; this process queues the plan and waits.
                from scheduler.workers import crawl_on_workers, fail_run

                crawl_on_workers(
                    config, database, plan, on_timeout=fail_run(database, run_id, plan)
                )
            else:
                # Scrapy is imported only when a crawl happens.
                from crawler.runner import build_settings, crawl

                settings = build_settings(
                    config,
                    db_url,
                    plan=plan,
                    log_level=log_level,
                    log_file=log_file,
                    analysis_workers=analysis_workers,
                    progress=progress,
                )
                crawl(settings)
            with database.session() as session, session.begin():
                counters = run_counters(run_facts(session, run_id), plan)
            reached = (
                counters["feeds_ok"] + counters["feeds_not_modified"] + counters["feeds_unchanged"]
            )
            if counters["feeds_polled"] and not reached:
                status = RunStatus.FAILED
            elif counters["feeds_failed"] or counters["pages_failed"]:
                status = RunStatus.PARTIAL
            else:
                status = RunStatus.OK
            error = "no source could be reached" if status == RunStatus.FAILED else None
            with database.session() as session, session.begin():
                finish_run(session, run_id, status=status, counters=counters, error=error)
            alerts = ""
            if status != RunStatus.FAILED:
                from scheduler.deliver import deliver

                delivery = deliver(config, database)
                counters = {
                    **counters,
                    "alerts_sent": delivery.sent,
                    "alerts_failed": delivery.failed,
                    "alerts_pending": delivery.pending,
                }
                alerts = delivery.line()
                with database.session() as session, session.begin():
                    finish_run(session, run_id, status=status, counters=counters, error=error)
            summary = RunSummary(
                run_id, status, counters, time.monotonic() - started, alerts=alerts
            )
        finally:
            database.dispose()
    if summary.status == RunStatus.FAILED:
        raise RunFailed(f"{summary.line()}: no source could be reached")
    return summary
