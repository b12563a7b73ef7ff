"""`sora-monitor report ...`: what was collected, what spread, and how."""

from __future__ import annotations

import click

from monitor.commands.common import common_options, format_option, load, open_db
from monitor.output import render


@click.group()
def report() -> None:
    """Reports on what was collected."""


@report.command("new")
@common_options
@click.option(
    "--since", default="24h", show_default=True, help="A duration (24h, 7d) or a date (2024-11-27)."
)
@click.option("--all", "include_all", is_flag=True, help="Include articles judged not about Sora.")
@format_option()
def report_new(
    config_path: str | None, db_url: str | None, since: str, include_all: bool, fmt: str
) -> None:
    """Articles first seen in a window, newest first.

    Example:

        sora-monitor report new --since 7d --format markdown
    """
    from monitor.reports import NEW_COLUMNS, new_coverage, parse_since

    window = parse_since(since)
    _, url = load(config_path, db_url)
    rows = new_coverage(open_db(url), window, include_irrelevant=include_all)
    render(
        rows,
        NEW_COLUMNS,
        fmt,
        title=f"New since {window:%Y-%m-%d %H:%M} UTC",
        empty="no new articles",
    )
