"""What every command shares: error handling, logging, --config/--db/--format, opening storage."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any

import click

from monitor.errors import SoraMonitorError
from monitor.output import FORMATS


class MonitorGroup(click.Group):
    """Turns the library's errors into one clean line on stderr and the documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SoraMonitorError as exc:
            click.echo(f"sora-monitor: error: {exc}", err=True)
            sys.exit(exc.exit_code)


class RobotsTxtFailures(logging.Filter):
    """Scrapy logs a robots.txt it could not fetch as an ERROR with a whole traceback. The
    site's failure is reported once, plainly, by the spider that asked; this one becomes a
    one-line WARNING, so that `run --quiet` mails cron's owner one line, not a wall."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


def setup_logging(level: int, log_file: str | None = None) -> None:
    handler: logging.Handler = (
        logging.FileHandler(log_file, encoding="utf-8")
        if log_file
        else logging.StreamHandler(sys.stderr)
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # Filter on the handler: Scrapy resets the root logger's level when a crawl starts.
    handler.setLevel(level)
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    # Quieter neighbours: trafilatura warns about every page it finds little text in.
    logging.getLogger("trafilatura").setLevel(max(level, logging.ERROR))
    robots = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
    if not any(isinstance(f, RobotsTxtFailures) for f in robots.filters):
        robots.addFilter(RobotsTxtFailures())


def common_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--config and --db, as every command takes them."""

    @click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Configuration file (default: $SORA_MONITOR_CONFIG, else ./sora-monitor.toml, "
        "else built-in defaults).",
    )
    @click.option(
        "--db",
        "db_url",
        default=None,
        metavar="URL",
        help="Database URL (default: $SORA_MONITOR_DB, else the config, else a SQLite file "
        "in your data directory).",
    )
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    return wrapper


def format_option(*choices: str, default: str = "table") -> Callable[..., Any]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices or FORMATS),
        default=default,
        show_default=True,
        help="Output format; machine formats print only data on stdout.",
    )


def load(config_path: str | None, db_url: str | None) -> tuple[Any, str]:
    """The configuration and the database URL, resolved as DESIGN.md says."""
    from monitor.config import database_url, load_config
    from storage.engine import default_database_url

    config = load_config(config_path)
    return config, database_url(config, db_url) or default_database_url()


def open_db(url: str) -> Any:
    from storage.engine import Database

    return Database.open(url)
