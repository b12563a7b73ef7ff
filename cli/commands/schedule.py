"""`sora-monitor schedule`: the daemon (APScheduler), until SIGTERM or SIGINT."""

from __future__ import annotations

import logging

import click

from cli.common import common_options
from scheduler.startup import load, setup_logging


@click.command("schedule")
@common_options
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Log the scheduler's every step (DEBUG), alembic's and APScheduler's too.",
)
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write logs here, not to stderr.")
@click.option(
    "--stop-timeout",
    default=30.0,
    show_default=True,
    help="Seconds a running crawl gets to finish after SIGTERM before it is killed.",
)
def schedule(
    config_path: str | None,
    db_url: str | None,
    verbose: bool,
    log_file: str | None,
    stop_timeout: float,
) -> None:
    """Run the daemon: poll feeds every poll_every, crawl sites and sitemaps every
    crawl_every, send the digest at digest_at ([schedule] in the configuration).

    Jobs are kept in the database, so a restart resumes the schedule. Each crawl runs in its
    own process and takes the run lock, so a cron `run` and the daemon never overlap. SIGTERM
    or SIGINT stops it cleanly (exit 0). Each job's outcome is logged to stderr or --log-file.

    Example:

        sora-monitor schedule --config /etc/sora-monitor.toml --log-file /var/log/sora.log
    """
    setup_logging(logging.DEBUG if verbose else logging.INFO, log_file, verbose=verbose)
    config, url = load(config_path, db_url)
    from scheduler.daemon import serve

    raise SystemExit(serve(config, url, stop_timeout=stop_timeout, log_file=log_file))
