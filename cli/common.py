"""What every command shares: error handling, --config/--db/--format, opening storage."""

from __future__ import annotations

import contextlib
import errno
import functools
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from cli.output import FORMATS
from monitor.errors import SoraMonitorError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


logger = logging.getLogger(__name__)


class MonitorGroup(click.Group):
    """Turns the library's errors into one clean line on stderr and the documented exit code.

    Errors the library did not foresee (a database or file system fault met half way) still
    make one line and exit 1, never a traceback; `-v` logs the traceback at DEBUG where the
    command has it.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SoraMonitorError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:  # Ctrl-C where no command handles it: the shell's 130
            fail("interrupted (Ctrl-C)", 130)
        except BrokenPipeError:
            # The reader went away (`| head`): nothing more to say to it, and nothing to add.
            with contextlib.suppress(Exception):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except _database_errors() as exc:
            from storage.faults import explain

            logger.debug("database error", exc_info=True)
            fail(str(explain(exc)), 1)
        except OSError as exc:
            logger.debug("file system error", exc_info=True)
            fail(_os_error_line(exc), 1)


def _database_errors() -> tuple[type[BaseException], ...]:
    """SQLAlchemy's driver errors, when a command has loaded SQLAlchemy (an except clause
    evaluates this only when an error is on its way: commands that never touch a database do
    not import it for this)."""
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return (sqlalchemy_exc.DBAPIError,) if sqlalchemy_exc is not None else ()


def fail(message: str, exit_code: int) -> None:
    click.echo(f"sora-monitor: error: {message}", err=True)
    sys.exit(exit_code)


def _os_error_line(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"{where}{reason}: free some space, then try again"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"{where}{reason}: this command needs to write there"
    return f"{where}{reason}"


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
