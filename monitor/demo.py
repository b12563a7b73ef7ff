"""`sora-monitor demo`: the real cycle, offline, against the bundled sample news web."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

from monitor.config import CrawlConfig, default_config, parse_config
from monitor.reports import new_coverage, parse_since
from monitor.sampleweb import SampleWeb

DEMO_ROOT = resources.files("monitor") / "data" / "demo"


def demo_config(base_url: str) -> Any:
    """The demo's configuration: its own sources on 127.0.0.1, a fast and local crawl."""
    text = (DEMO_ROOT / "sources.toml").read_text(encoding="utf-8").replace("{{BASE}}", base_url)
    sources = parse_config(text, "monitor/data/demo/sources.toml").sources
    crawl = CrawlConfig(
        private_hosts=("127.0.0.1",), delay=timedelta(0), timeout=timedelta(seconds=10), retries=0
    )
    return default_config().replace(sources=sources, crawl=crawl)


def run_demo(db_url: str, *, since: str | None = None) -> tuple[Any, list[dict[str, Any]]]:
    """Serve the sample web, run one cycle into `db_url`, return the summary and `report new`."""
    from scheduler.runonce import run_once
    from storage.engine import Database

    with SampleWeb(DEMO_ROOT) as web:
        config = demo_config(web.base_url)
        summary = run_once(config, db_url, log_level="ERROR")
    database = Database.open(db_url)
    try:
        window = parse_since(since) if since else datetime(1970, 1, 1, tzinfo=UTC)
        rows = new_coverage(database, window, include_irrelevant=False)
    finally:
        database.dispose()
    return summary, rows
