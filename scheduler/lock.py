"""The run lock and the daemon lock of a database: exclusive, non-blocking, dying with their holder.

A SQLite database is locked with flock on a file beside the real file (symlinks resolved, so
a run that reaches the database through a link or another relative path takes the same lock).
A PostgreSQL database is locked in the server (a session advisory lock), so runs on other
machines, or naming the same database by another URL (`localhost` for `127.0.0.1`), see the
lock too.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from monitor.errors import LockHeld, StorageError
from storage.engine import sqlite_path
from storage.locks import AdvisoryLock, Lock


def lock_path_for(db_url: str, purpose: str = "run") -> Path | None:
    """The lock file beside a SQLite database file (the real file, whatever symlinks lead
    to it); None for other databases."""
    path = sqlite_path(db_url)
    if path is None:
        return None
    path = path.resolve()
    suffix = ".lock" if purpose == "run" else f".{purpose}.lock"
    return path.with_name(path.name + suffix)


def lock_for(db_url: str, purpose: str = "run") -> Lock:
    """The lock of `purpose` (run | daemon) for the database at `db_url`."""
    path = lock_path_for(db_url, purpose)
    if path is not None:
        return FileLock(path)
    return AdvisoryLock(db_url, f"sora-monitor:{purpose}")


class FileLock(Lock):
    """`with FileLock(path):` holds the lock or raises LockHeld at once.

    flock locks die with their process, so a run killed by cron's timeout or the OOM killer
    leaves no stale lock behind: the next run simply takes it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise self._unwritable(exc) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise LockHeld(
                f"another run holds the lock {self.path} (pid {holder}); "
                "this run exits without doing anything"
            ) from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        except OSError as exc:
            os.close(fd)  # and the lock with it
            raise self._unwritable(exc) from exc
        self._fd = fd

    def _unwritable(self, exc: OSError) -> StorageError:
        return StorageError(
            f"cannot write the run lock {self.path}: {exc.strerror or exc}; the database and "
            "its lock need a writable folder with free space (reports still read a read-only "
            "database)"
        )

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
