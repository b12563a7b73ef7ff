"""`sora-monitor run`: one full cycle, for cron."""

from __future__ import annotations

import logging
import sys

import click

from cli.common import common_options
from scheduler.startup import load, setup_logging


@click.command()
@common_options
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print nothing on success or when another run holds the lock (exit 75); only errors.",
)
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
    the lock, 130 interrupted by Ctrl-C (143 by SIGTERM). The first Ctrl-C stores the pages in
    flight and stops; a second one stops at once. The next run fetches what was left.

    Example:

        sora-monitor run --config sora-monitor.toml
    """
    level = logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING
    setup_logging(level, log_file, verbose=verbose)
    config, url = load(config_path, db_url)
    from monitor.errors import LockHeld, RunInterrupted
    from scheduler.runonce import run_once
    from scheduler.signals import exit_at_once, exit_on_signal

    # A live progress line only for a person at a terminal; cron and pipes get none.
    progress = not quiet and not log_file and sys.stderr.isatty()
    try:
        summary = run_once(
            config, url, log_level=logging.getLevelName(level), progress=progress, force=force
        )
    except LockHeld:
        if quiet:  # an overlap is no news: cron would mail every one
            sys.exit(LockHeld.exit_code)
        raise
    except RunInterrupted as exc:
        if not exc.at_once:
            exit_on_signal()  # another Ctrl-C while the process ends ends it at once
            raise
        click.echo(f"sora-monitor: error: {exc}", err=True)
        exit_at_once(exc.exit_code)
    if not quiet:
        click.echo(summary.line())
