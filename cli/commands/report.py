"""`sora-monitor report ...`: what was collected, what spread, and how."""

from __future__ import annotations

from typing import Any

import click

from cli.common import common_options, format_option, reading
from cli.output import render
from monitor.config import Config
from monitor.spread import Bucket
from scheduler.startup import load


@click.group()
def report() -> None:
    """Reports on what was collected."""


@report.command("new")
@common_options
@click.option(
    "--since",
    default="24h",
    show_default=True,
    help="A duration (24h, 7d), a date (2024-11-27), or `all`.",
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
    from cli.reports import new_columns, new_coverage, parse_window

    window = parse_window(since)
    _, url = load(config_path, db_url)
    with reading(url) as session:
        rows = new_coverage(session, window, include_irrelevant=include_all)
    render(
        rows,
        new_columns(fmt),
        fmt,
        title=f"New since {window:%Y-%m-%d %H:%M} UTC" if window else "All articles",
        empty="no new articles",
    )


def _catalogue(config: Config) -> tuple[Any, ...]:
    """The configured claim catalogue (built-in, extended or replaced by [claims])."""
    from monitor.claims import load_catalogue

    return load_catalogue(config.claims.catalogue, config.claims.mode).claims


@report.command("claims")
@common_options
@click.option(
    "--since",
    default=None,
    help="Only sightings published in this window: a duration (7d), a date (2024-11-27), or "
    "`all` (the default).",
)
@format_option()
def report_claims(config_path: str | None, db_url: str | None, since: str | None, fmt: str) -> None:
    """One row per claim: sightings, stories, sources, languages, who was first, figures used.

    "First" is by publication time (when the page gives none, when the monitor first saw it),
    counted over articles judged to be about Sora. Claims never seen are listed with zeros.

    Example:

        sora-monitor report claims --format json
    """
    from cli.reports import CLAIM_COLUMNS, CLAIM_CSV_COLUMNS, claims_report, parse_window
    from monitor.spread import flat_claim_row

    window = parse_window(since)
    config, url = load(config_path, db_url)
    with reading(url) as session:
        rows = claims_report(session, _catalogue(config), since=window)
    if fmt == "json":
        render(rows, CLAIM_COLUMNS, fmt)
        return
    flat = [flat_claim_row(row) for row in rows]
    title = "Claims" + (f" seen since {window:%Y-%m-%d %H:%M} UTC" if window else "")
    render(flat, CLAIM_CSV_COLUMNS if fmt == "csv" else CLAIM_COLUMNS, fmt, title=title)


@report.command("spread")
@click.argument("claim_id")
@common_options
@click.option(
    "--bucket",
    type=click.Choice(["hour", "day"]),
    default="day",
    show_default=True,
    help="Size of the time buckets (UTC).",
)
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE.png|FILE.svg",
    help="Also draw the cumulative curves per language into this image.",
)
@format_option()
def report_spread(
    claim_id: str,
    config_path: str | None,
    db_url: str | None,
    bucket: Bucket,
    plot_path: str | None,
    fmt: str,
) -> None:
    """A claim's timeline: new and cumulative sightings per time bucket and language.

    Buckets follow publication time in UTC. An unknown CLAIM_ID exits 2 and lists the valid ids.

    Example:

        sora-monitor report spread shut-down-three-hours --bucket hour --plot spread.png
    """
    from cli.reports import SPREAD_COLUMNS, spread_report
    from monitor.errors import UsageError

    # Refuse a bad file name before printing anything.
    if plot_path and not plot_path.lower().endswith((".png", ".svg")):
        raise UsageError(f"--plot {plot_path!r}: give a file name ending in .png or .svg")
    config, url = load(config_path, db_url)
    with reading(url) as session:
        claim, rows, firsts = spread_report(session, _catalogue(config), claim_id, bucket)
    render(rows, SPREAD_COLUMNS, fmt, title=f"{claim.id} by {bucket}", empty="no sightings yet")
    if plot_path:
        from cli.plots import save_spread_plot

        save_spread_plot(
            plot_path, claim.id, (), bucket=bucket, subtitle=claim.text_en, rows=rows,
            firsts=firsts,
        )  # fmt: skip
        click.echo(f"plot written to {plot_path}", err=True)


@report.command("html")
@common_options
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False, allow_dash=True),
    required=True,
    help="The HTML file to write (replaced atomically); `-` for standard output.",
)
@click.option(
    "--since",
    default="7d",
    show_default=True,
    help="Window of the new-coverage table: a duration, a date, or `all`.",
)
def report_html(config_path: str | None, db_url: str | None, output: str, since: str) -> None:
    """A self-contained HTML report: new coverage, the claims, a timeline chart per claim, and
    which articles are copies of earlier ones and which report independently.

    Readable offline: no scripts, no external styles, fonts or images (charts are inline SVG).

    Example:

        sora-monitor report html -o sora-report.html --since 30d
    """
    from cli.html_report import write_report
    from cli.reports import parse_window

    window = parse_window(since)
    config, url = load(config_path, db_url)
    with reading(url) as session:
        summary = write_report(output, session, _catalogue(config), since=window)
    click.echo(summary, err=True)
