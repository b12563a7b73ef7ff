"""`sora-monitor demo`: the whole cycle offline, against the bundled sample news web."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import click

from cli.common import format_option
from cli.output import render
from scheduler.startup import setup_logging


@click.command()
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
    help="Window of the final report: a duration (24h), a date (2024-11-27) or `all` "
    "(the default: everything the demo stored).",
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
    from cli.demo import run_demo
    from cli.reports import NEW_COLUMNS, parse_window

    window = parse_window(since)  # a bad --since stops the demo before it starts
    with tempfile.TemporaryDirectory(prefix="sora-monitor-demo-") as scratch:
        url = db_url or f"sqlite:///{Path(scratch) / 'demo.db'}"
        summary, rows = run_demo(url, since=window)
        click.echo(summary.line(), err=True)
        render(rows, NEW_COLUMNS, fmt, title="New coverage (demo)")
