"""`sora-monitor demo`: the real cycle, offline, against the bundled sample news web."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from cli.reports import new_coverage
from cli.sampleweb import SampleWeb
from monitor.config import Config, CrawlConfig, default_config, parse_config
from monitor.errors import SampleWebError
from scheduler.runonce import RunSummary, run_once
from storage.engine import Database
from storage.queries import list_sources

logger = logging.getLogger(__name__)

DEMO_ROOT = resources.files("cli") / "data" / "demo"


def demo_config(base_url: str) -> Config:
    """The demo's configuration: its own sources on 127.0.0.1, a fast and local crawl."""
    text = (DEMO_ROOT / "sources.toml").read_text(encoding="utf-8").replace("{{BASE}}", base_url)
    sources = parse_config(text, "cli/data/demo/sources.toml").sources
    crawl = CrawlConfig(
        private_hosts=("127.0.0.1",), delay=timedelta(0), timeout=timedelta(seconds=10), retries=0
    )
    return default_config().replace(sources=sources, crawl=crawl)


def _port_used_before(database: Database) -> int:
    """The port an earlier demo in this database served on (0: none, or unknown)."""
    with database.session() as session, session.begin():
        urls = [row.url for row in list_sources(session)]
    ports = {urlsplit(url).port for url in urls if urlsplit(url).hostname == "127.0.0.1"}
    port = ports.pop() if len(ports) == 1 else None
    return port or 0


def run_demo(
    db_url: str, *, since: datetime | None = None
) -> tuple[RunSummary, list[dict[str, Any]]]:
    """Serve the sample web, run one cycle into `db_url`, return the summary and `report new
    --all` (off-topic articles too: the caller decides whether to show them).

    In a database that saw a demo before, the sample web is served on the same port, so its
    URLs are the same and the second cycle finds nothing new (as a real second run would),
    instead of storing every article again under new URLs.
    """
    database = Database.open(db_url)
    try:
        port = _port_used_before(database)
    finally:
        database.dispose()
    web = SampleWeb(DEMO_ROOT, port=port)
    try:
        web.start()
    except SampleWebError:
        # ERROR: the demo logs nothing less without -v, and this one changes what is stored.
        logger.error(
            "port %d of the earlier demo is taken: the demo's URLs change and its articles "
            "are stored again",
            port,
        )
        web = SampleWeb(DEMO_ROOT)
        web.start()
    try:
        config = demo_config(web.base_url)
        summary = run_once(config, db_url, log_level="ERROR")
    finally:
        web.stop()
    database = Database.open(db_url)
    try:
        with database.session() as session, session.begin():
            rows = new_coverage(session, since, include_irrelevant=True)
    finally:
        database.dispose()
    return summary, rows
