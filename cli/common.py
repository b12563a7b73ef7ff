"""What every command shares: error handling, --config/--db/--format, opening storage."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from cli.output import FORMATS
from monitor.errors import SoraMonitorError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class MonitorGroup(click.Group):
    """Turns the library's errors into one clean line on stderr and the documented exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SoraMonitorError as exc:
            click.echo(f"sora-monitor: error: {exc}", err=True)
            sys.exit(exc.exit_code)


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


@contextmanager
def reading(url: str) -> Iterator[Session]:
    """A session on the existing database at `url`, in one transaction, for a command that
    only reads: nothing is created or migrated. The database is closed after."""
    from storage.engine import Database

    database = Database.open_existing(url)
    try:
        with database.session() as session, session.begin():
            yield session
    finally:
        database.dispose()
