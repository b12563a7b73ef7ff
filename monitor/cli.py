"""The `sora-monitor` command line: a thin shell over the library, one function per command."""

from __future__ import annotations

import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from monitor import __version__
from monitor.commands.common import (
    MonitorGroup,
    common_options,
    format_option,
    load,
    setup_logging,
)
from monitor.output import render

logger = logging.getLogger("monitor")


@click.group(cls=MonitorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sora-monitor")
def main() -> None:
    """Track how news about OpenAI's Sora spreads through Arabic and English media.

    Example:

        sora-monitor demo              # the whole cycle offline, on a bundled sample web

        sora-monitor run --quiet       # one cycle, for cron

        sora-monitor report new --since 24h
    """


@main.command()
@common_options
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on success; only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Log what the crawl does (INFO).")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write logs here, not to stderr.")
@click.option(
    "--force", is_flag=True, help="Poll every enabled source now, even those not due yet."
)
def run(
    config_path: str | None,
    db_url: str | None,
    quiet: bool,
    verbose: bool,
    log_file: str | None,
    force: bool,
) -> None:
    """Run one full cycle: poll feeds, fetch new articles, analyse and store them.

    Exit codes: 0 done (some sources may have failed: see the summary), 1 no source could be
    reached or the database is unusable, 2 bad configuration or usage, 75 another run holds
    the lock.

    Example:

        sora-monitor run --config sora-monitor.toml
    """
    level = logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING
    setup_logging(level, log_file)
    config, url = load(config_path, db_url)
    from scheduler.runonce import run_once

    # A live progress line only for a person at a terminal; cron and pipes get none.
    progress = not quiet and not log_file and sys.stderr.isatty()
    summary = run_once(
        config, url, log_level=logging.getLevelName(level), progress=progress, force=force
    )
    if not quiet:
        click.echo(summary.line())


@main.command()
@click.option(
    "--db",
    "db_url",
    default=None,
    metavar="URL",
    help="Keep the demo database here (default: a temporary one).",
)
@format_option()
@click.option(
    "--since",
    default=None,
    help="Window of the final report (default: everything the demo stored).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log what the crawl does.")
def demo(db_url: str | None, fmt: str, since: str | None, verbose: bool) -> None:
    """Run the whole cycle offline against a bundled sample news web on 127.0.0.1.

    The sample web (Arabic and English outlets, RSS and Atom feeds, about twenty articles) is
    served from the package; the cycle runs for real into a temporary database (or --db), then
    `report new` is printed.

    Example:

        sora-monitor demo --format json
    """
    setup_logging(logging.INFO if verbose else logging.ERROR)
    from monitor.demo import run_demo

    with tempfile.TemporaryDirectory(prefix="sora-monitor-demo-") as scratch:
        url = db_url or f"sqlite:///{Path(scratch) / 'demo.db'}"
        summary, rows = run_demo(url, since=since)
        click.echo(summary.line(), err=True)
        render(rows, _new_columns(), fmt, title="New coverage (demo)")


def _new_columns() -> Any:
    from monitor.reports import NEW_COLUMNS

    return NEW_COLUMNS


ANALYZE_COLUMNS_KEYS = (
    "path",
    "language",
    "relevant",
    "relevance_score",
    "leak_report",
    "seed_similarity",
    "seed_copy",
    "claims",
    "title",
)


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Configuration file (for [claims]).",
)
@format_option("json", "table", default="json")
def analyze(paths: tuple[str, ...], config_path: str | None, fmt: str) -> None:
    """Analyse HTML or text files without touching the database; `-` reads standard input.

    Prints one JSON object per input and line (language, relevance, leak report, similarity to
    the seed, claims with evidence and figures), or a table. An input that cannot be read is
    reported on stderr and the others still run; the exit code is then 1.

    Example:

        sora-monitor analyze article.html notes.txt --format table
    """
    setup_logging(logging.ERROR)
    from monitor.analysis import AnalysisOptions
    from monitor.config import load_config
    from monitor.documents import analyze_document, read_document
    from monitor.errors import AnalysisError
    from monitor.output import Column

    config = load_config(config_path)
    catalogue = str(config.claims.catalogue) if config.claims.catalogue else None
    options = AnalysisOptions(catalogue, config.claims.mode)
    results, failed = [], 0
    for path in paths:
        try:
            result = analyze_document(read_document(path, sys.stdin.buffer), options)
        except AnalysisError as exc:
            failed += 1
            click.echo(f"sora-monitor: error: {exc}", err=True)
            continue
        if fmt == "json":
            click.echo(json.dumps(result, ensure_ascii=False))
        else:
            results.append({**result, "claims": [c["id"] for c in result["claims"]]})
    if fmt == "table":
        columns = [
            Column(key, key.replace("_", " "), max_width=60 if key in ("title", "claims") else None)
            for key in ANALYZE_COLUMNS_KEYS
        ]
        render(results, columns, "table", title="Analysis")
    if failed:
        sys.exit(1)


@main.group()
def db() -> None:
    """The database."""


@db.command("upgrade")
@common_options
def db_upgrade(config_path: str | None, db_url: str | None) -> None:
    """Apply pending migrations (also done automatically on first use).

    Example:

        sora-monitor db upgrade --db postgresql+psycopg://monitor@db.example.org/monitor
    """
    from storage.engine import Database, make_engine, upgrade

    _, url = load(config_path, db_url)
    engine = make_engine(url)
    try:
        before, after = upgrade(engine)
    finally:
        engine.dispose()
    shown = Database(url, engine, None).display_url  # type: ignore[arg-type]
    if before == after:
        click.echo(f"{shown}: already at revision {after}")
    else:
        click.echo(f"{shown}: upgraded from {before or 'an empty database'} to revision {after}")


def _register() -> None:
    # Command groups live in monitor/commands/, one module each.
    from monitor.commands import alerts, feed, report, schedule, sources

    main.add_command(report.report)
    main.add_command(sources.sources)
    main.add_command(schedule.schedule)
    main.add_command(alerts.alerts)
    report.report.add_command(feed.feed)


_register()
