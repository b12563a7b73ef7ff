"""What every entry point does first: read the configuration, find the database, set up logging.

The CLI and the daemon's own entry (`python -m scheduler.daemon`) share it, so both resolve
`--config` and `--db` the same way and log in the same format.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from monitor.config import Config, database_url, load_config
from monitor.errors import UsageError
from storage.engine import default_database_url


def load(config_path: str | None, db_url: str | None) -> tuple[Config, str]:
    """The configuration and the database URL: `--db`, else $SORA_MONITOR_DB, else the
    configuration's [database] url, else a SQLite file in the user's data directory."""
    config = load_config(config_path)
    return config, database_url(config, db_url) or default_database_url()


class RobotsTxtFailures(logging.Filter):
    """Scrapy logs a robots.txt it could not fetch as an ERROR with a whole traceback. The
    site's failure is reported once, plainly, by the spider that asked; this one becomes a
    one-line WARNING, so that `run --quiet` mails cron's owner one line, not a wall."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


class StderrHandler(logging.StreamHandler[Any]):
    """Writes to whatever `sys.stderr` is when a record comes, not to the one there was when
    logging was set up: while the live progress line runs, Rich puts a proxy there that prints
    each log line above the progress line instead of on it."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        pass


class LogFileHandler(logging.FileHandler):
    """A log file that says once, in one line on stderr, that it cannot be written (a full
    disk), instead of a traceback for every record."""

    def __init__(self, path: str) -> None:
        try:
            super().__init__(path, encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                f"--log-file {path}: cannot write it ({exc.strerror or exc}); choose a file in "
                "a writable folder"
            ) from exc
        self._failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        if not self._failed:
            self._failed = True
            error = sys.exc_info()[1]
            reason = getattr(error, "strerror", None) or error
            sys.stderr.write(
                f"sora-monitor: error: cannot write the log file {self.baseFilename}: "
                f"{reason}; free some space or choose another --log-file\n"
            )


def setup_logging(level: int, log_file: str | None = None, *, verbose: bool = False) -> None:
    """One handler on the root logger (stderr or `log_file`) at `level`. Alembic's and
    APScheduler's step-by-step INFO lines show only when `verbose`."""
    handler: logging.Handler = LogFileHandler(log_file) if log_file else StderrHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # Filter on the handler: Scrapy resets the root logger's level when a crawl starts.
    handler.setLevel(level)
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    # Quieter neighbours: trafilatura warns about every page it finds little text in; alembic
    # says each migration step, APScheduler each job it adds, runs and finishes.
    logging.getLogger("trafilatura").setLevel(max(level, logging.ERROR))
    for chatty in ("alembic", "apscheduler"):
        logging.getLogger(chatty).setLevel(level if verbose else max(level, logging.WARNING))
    robots = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
    if not any(isinstance(f, RobotsTxtFailures) for f in robots.filters):
        robots.addFilter(RobotsTxtFailures())
