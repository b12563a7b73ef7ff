"""`sora-monitor worker`: a long-lived crawl worker on the shared Redis queue ([scale] redis)."""

from __future__ import annotations

import logging

import click

from cli.common import common_options
from scheduler.startup import load, setup_logging


@click.command("worker")
@common_options
@click.option("-v", "--verbose", is_flag=True, help="Log what the crawl does (INFO).")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write logs here, not to stderr.")
@click.option(
    "--analysis-workers",
    type=click.IntRange(0),
    help="Processes that analyse pages (default: one per core; 0 or 1: a thread).",
)
def worker(
    config_path: str | None,
    db_url: str | None,
    verbose: bool,
    log_file: str | None,
    analysis_workers: int | None,
) -> None:
    """Run a crawl worker until SIGTERM or SIGINT: it fetches, analyses and stores what the
    shared queue ([scale] redis) holds. `run` or the daemon, with the same [scale] redis,
    plans each cycle, queues it and waits for the workers.

    Start any number, on any number of machines, each with the same configuration and the
    same PostgreSQL database. Politeness (each site's delay and concurrency) and robots.txt
    hold across all of them. A worker that stops (even killed) loses nothing: what it held
    goes back to the queue.

    Example:

        sora-monitor worker --config /etc/sora-monitor.toml --log-file /var/log/sora-worker.log
    """
    level = logging.INFO if verbose else logging.WARNING
    setup_logging(level, log_file, verbose=verbose)
    config, url = load(config_path, db_url)
    from scheduler.workers import run_worker

    run_worker(
        config,
        url,
        log_level=logging.getLevelName(level),
        log_file=log_file,
        analysis_workers=analysis_workers,
    )
