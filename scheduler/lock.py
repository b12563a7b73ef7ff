"""An exclusive, non-blocking run lock (flock), released by the kernel if the holder dies."""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path
from types import TracebackType

import platformdirs

from monitor.errors import LockHeld
from storage.engine import APP_NAME, sqlite_path


def lock_path_for(db_url: str) -> Path:
    """One lock per database: beside a SQLite file, else in the user's runtime directory."""
    path = sqlite_path(db_url)
    if path is not None:
        return path.with_name(path.name + ".lock")
    digest = hashlib.sha256(db_url.encode()).hexdigest()[:16]
    directory = Path(platformdirs.user_state_dir(APP_NAME))
    return directory / f"run-{digest}.lock"


class RunLock:
    """`with RunLock(path):` holds the lock or raises LockHeld at once.

    flock locks die with their process, so a run killed by cron's timeout or the OOM killer
    leaves no stale lock behind: the next run simply takes it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise LockHeld(
                f"another run holds the lock {self.path} (pid {holder}); "
                "this run exits without doing anything"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
