"""Units of work that write, tried again: which storage faults may pass, and for how long.

A write begins as a writer (`Database.writing`: `BEGIN IMMEDIATE` on SQLite), so another
process's write lock is waited out for the busy timeout instead of failing at once. A fault
that may pass (the lock still held after the timeout, a full disk, an I/O error, a lost server
connection) is retried a bounded number of times, each attempt in a fresh transaction; what
still fails is a `StorageError` that says in one line what happened and what to do
(`storage.faults.explain`). The caller decides what a write that failed for good means (an
article left for the next run to fetch again, a run that is `partial` or `failed`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from monitor.errors import StorageError
from storage.engine import Database, sqlite_path
from storage.faults import explain, fault_code

logger = logging.getLogger(__name__)

T = TypeVar("T")

# SQLite faults that another try may not meet: the lock, a full disk, an I/O error.
TRANSIENT_SQLITE = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_FULL", "SQLITE_IOERR")


@dataclass(frozen=True)
class RetryPolicy:
    """How often a write is tried (`attempts` in all) and the pauses between tries (seconds;
    the last one repeats). On SQLite each try also waits out the busy timeout for the lock."""

    attempts: int = 3
    pauses: tuple[float, ...] = (1.0, 3.0)

    @classmethod
    def for_busy_timeout(cls, seconds: float) -> RetryPolicy:
        """Pauses in proportion to the busy timeout: 1 s and 3 s for the default 30 s."""
        return cls(pauses=(seconds / 30, seconds / 10))

    def pause(self, attempt: int) -> float:
        """The pause after failed try number `attempt` (1-based)."""
        if not self.pauses:
            return 0.0
        return self.pauses[min(attempt, len(self.pauses)) - 1]


DEFAULT_POLICY = RetryPolicy()


def transient(exc: BaseException) -> bool:
    """Whether a write that failed with `exc` (a driver error or SQLAlchemy's wrapper of one)
    may succeed if tried again: a lock, a full disk, an I/O error, a lost connection."""
    if not isinstance(exc, DBAPIError):
        return False
    code = fault_code(exc)
    if code:
        return code.startswith(TRANSIENT_SQLITE)
    # PostgreSQL: serialization failures, deadlocks, a full disk, a lost connection are all
    # OperationalErrors; constraint and programming errors are not.
    return isinstance(exc, OperationalError)


def write(
    database: Database,
    work: Callable[[Session], T],
    *,
    policy: RetryPolicy = DEFAULT_POLICY,
    what: str = "a write",
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run `work(session)` in a transaction that begins as a writer and commit it; on a fault
    that may pass, roll back and try again, `policy.attempts` times in all.

    Raises StorageError (one line: which database, what happened, what to do) when the work
    still cannot be written, or at once for a fault that another try would not mend.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            with database.writing() as session, session.begin():
                return work(session)
        except DBAPIError as exc:
            error = explain(exc, database.display_url, path=sqlite_path(database.url))
            if not transient(exc) or attempt >= policy.attempts:
                raise error from exc
            pause = policy.pause(attempt)
            # INFO: a write that then succeeds is no news; one that fails for good is said
            # (in one line) by whoever asked for it.
            logger.info(
                "Could not write %s (try %d of %d): %s; trying again in %gs",
                what, attempt, policy.attempts, error, pause,
            )
            sleep(pause)


def cause_of(error: StorageError) -> str:
    """A short word for what kind of fault `error` was (for counters): locked, disk_full..."""
    code = fault_code(error.__cause__) if error.__cause__ is not None else ""
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "locked"
    if code == "SQLITE_FULL":
        return "disk_full"
    if code.startswith("SQLITE_IOERR"):
        return "io_error"
    if code.startswith("SQLITE_READONLY"):
        return "read_only"
    return "database"
