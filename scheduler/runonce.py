"""One full cycle for cron: take the lock, crawl, record the run, and say how it went."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from crawler import stats
from monitor.claims import load_catalogue
from monitor.config import Config
from monitor.errors import ConfigError, RunFailed
from monitor.states import PollStatus, RunStatus, SourceKind, StoreOutcome
from monitor.wording import plural
from scheduler.lock import lock_for
from storage.engine import Database, check_writable, faults_explained
from storage.queries import finish_run, mark_interrupted, start_run, sync_sources

logger = logging.getLogger(__name__)

# Run counters (the `runs.counters` column and the summary) and the crawl stats they come from.
COUNTERS = {
    "feeds_polled": stats.SOURCES_REQUESTED,
    "feeds_ok": stats.polled(PollStatus.OK),
    "feeds_not_modified": stats.polled(PollStatus.NOT_MODIFIED),
    "feeds_unchanged": stats.polled(PollStatus.UNCHANGED),
    "feeds_failed": stats.polled(PollStatus.FAILED),
    "feeds_malformed": stats.FEEDS_MALFORMED,
    "entries_seen": stats.ENTRIES_SEEN,
    "pages_fetched": stats.PAGES_FETCHED,
    "pages_failed": stats.PAGES_FAILED,
    "pages_skipped_known": stats.ARTICLES_SKIPPED_KNOWN,
    "articles_new": stats.articles(StoreOutcome.NEW),
    "articles_updated": stats.articles(StoreOutcome.UPDATED),
    "articles_duplicate": stats.articles(StoreOutcome.DUPLICATE),
    "articles_irrelevant": stats.ARTICLES_IRRELEVANT,
    "requests": stats.REQUESTS,
    "feeds_deferred": stats.SOURCES_DEFERRED,
    "feeds_disabled": stats.SOURCES_DISABLED,
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


def counters_from_stats(crawl_stats: Mapping[str, Any]) -> dict[str, int]:
    """The run's counters from the crawl's stats."""
    counters = {name: int(crawl_stats.get(key, 0) or 0) for name, key in COUNTERS.items()}
    counters["urls_refused"] = sum(
        int(v) for k, v in crawl_stats.items() if k.startswith(stats.REFUSED)
    )
    for key, value in crawl_stats.items():
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
    # A malformed catalogue is exit 2 before anything starts, not an error a spider logs (the
    # spider loads and syncs it again: `scrapy crawl` runs without this function).
    load_catalogue(config.claims.catalogue, config.claims.mode)
    if not config.enabled_sources:
        raise ConfigError(
            "no enabled sources: add [[sources]] to the configuration or enable one",
            path=str(config.path) if config.path else None,
            key="sources",
        )
    with lock_for(db_url), faults_explained(db_url):
        check_writable(db_url)
        database = Database.open(db_url)
        try:
            with database.session() as session, session.begin():
                mark_interrupted(session)
                sync_sources(session, config.sources)
                run_id = start_run(session)
            started = time.monotonic()
            # Scrapy is imported only when a crawl happens.
            from crawler.runner import build_settings, crawl

            settings = build_settings(
                config,
                db_url,
                log_level=log_level,
                log_file=log_file,
                analysis_workers=analysis_workers,
                progress=progress,
                force=force,
            )
            counters = counters_from_stats(crawl(settings, kinds))
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
