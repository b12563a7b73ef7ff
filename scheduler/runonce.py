"""One full cycle for cron: take the lock, crawl, record the run, and say how it went."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from monitor.claims import load_catalogue
from monitor.config import Config
from monitor.errors import ConfigError, RunFailed
from scheduler.lock import lock_for
from storage.engine import Database
from storage.queries import finish_run, mark_interrupted, start_run, sync_sources

logger = logging.getLogger(__name__)

# Run counters (the `runs.counters` column and the summary) and the crawl stats they come from.
COUNTERS = {
    "feeds_polled": "sora/feeds/requested",
    "feeds_ok": "sora/feeds/ok",
    "feeds_not_modified": "sora/feeds/not_modified",
    "feeds_unchanged": "sora/feeds/unchanged",
    "feeds_failed": "sora/feeds/failed",
    "feeds_malformed": "sora/feeds/bozo",
    "entries_seen": "sora/entries/seen",
    "pages_fetched": "sora/pages/fetched",
    "pages_failed": "sora/pages/failed",
    "pages_skipped_known": "sora/articles/skipped_known",
    "articles_new": "sora/articles/new",
    "articles_updated": "sora/articles/updated",
    "articles_duplicate": "sora/articles/duplicate",
    "articles_irrelevant": "sora/articles/irrelevant",
    "requests": "downloader/request_count",
    "feeds_deferred": "sora/feeds/deferred",
    "feeds_disabled": "sora/feeds/disabled",
    "retry_after_waits": "sora/retry_after/waits",
    "aggregator_unresolved": "sora/aggregator/unresolved",
}


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    status: str  # ok | partial | failed
    counters: Mapping[str, int]
    seconds: float
    alerts: str = ""  # what the alert delivery did (scheduler.deliver.DeliveryReport.line)

    def line(self) -> str:
        c = self.counters
        feeds = f"{c.get('feeds_polled', 0)} sources polled"
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
            f"{c.get('pages_fetched', 0)} pages fetched",
            f"{c.get('articles_new', 0)} new articles",
        ]
        if c.get("articles_duplicate"):
            parts.append(f"{c['articles_duplicate']} duplicates")
        if c.get("pages_failed"):
            parts.append(f"{c['pages_failed']} pages failed")
        refused = c.get("urls_refused", 0)
        if refused:
            parts.append(f"{refused} unsafe URLs refused")
        if self.alerts:
            parts.append(self.alerts)
        return f"run {self.run_id} {self.status}: " + ", ".join(parts) + f" in {self.seconds:.1f}s"


def counters_from_stats(stats: Mapping[str, Any]) -> dict[str, int]:
    counters = {name: int(stats.get(key, 0) or 0) for name, key in COUNTERS.items()}
    counters["urls_refused"] = sum(
        int(v) for k, v in stats.items() if k.startswith("sora/refused/")
    )
    for key, value in stats.items():
        if key.startswith("sora/errors/"):
            counters["errors_" + key.removeprefix("sora/errors/")] = int(value)
    return counters


def run_once(
    config: Config,
    db_url: str,
    *,
    kinds: Sequence[str] | None = None,
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
    with lock_for(db_url):
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
            stats = crawl(settings, kinds)
            counters = counters_from_stats(stats)
            reached = (
                counters["feeds_ok"] + counters["feeds_not_modified"] + counters["feeds_unchanged"]
            )
            if counters["feeds_polled"] and not reached:
                status = "failed"
            elif counters["feeds_failed"] or counters["pages_failed"]:
                status = "partial"
            else:
                status = "ok"
            error = "no source could be reached" if status == "failed" else None
            with database.session() as session, session.begin():
                finish_run(session, run_id, status=status, counters=counters, error=error)
            alerts = ""
            if status != "failed":
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
    if summary.status == "failed":
        raise RunFailed(f"{summary.line()}: no source could be reached")
    return summary
