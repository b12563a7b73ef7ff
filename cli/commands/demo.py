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
    default="all",
    show_default=True,
    help="Window of the final report: a duration (24h), a date (2024-11-27) or `all`.",
)
@click.option(
    "--all",
    "include_all",
    is_flag=True,
    help="List the off-topic articles too (those judged not about OpenAI's Sora).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log what the crawl does.")
def demo(db_url: str | None, fmt: str, since: str, include_all: bool, verbose: bool) -> None:
    """Run the whole cycle offline against a bundled sample news web on 127.0.0.1.

    The sample web (Arabic and English outlets, RSS and Atom feeds, about twenty articles) is
    served from the package; the cycle runs for real into a temporary database (or --db), then
    `report new` is printed: the articles about OpenAI's Sora, or with --all every article.

    Example:

        sora-monitor demo --format json

        sora-monitor demo --all
    """
    setup_logging(logging.INFO if verbose else logging.ERROR)
    from cli.demo import run_demo
    from cli.reports import new_columns, parse_window
    from monitor.wording import plural

    window = parse_window(since)
    with tempfile.TemporaryDirectory(prefix="sora-monitor-demo-") as scratch:
        url = db_url or f"sqlite:///{Path(scratch) / 'demo.db'}"
        summary, rows = run_demo(url, since=window)
    click.echo(summary.line(), err=True)
    shown = rows if include_all else [row for row in rows if row["relevant"] is not False]
    hidden = len(rows) - len(shown)
    if hidden:
        are = "is" if hidden == 1 else "are"
        click.echo(
            f"{plural(hidden, 'article')} {are} off-topic (not about OpenAI's Sora) and left out "
            "below: `sora-monitor demo --all` lists them too",
            err=True,
        )
    render(shown, new_columns(fmt), fmt, title="New coverage (demo)")
