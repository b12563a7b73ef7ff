"""What a storage fault means to a person, and the checks that find one before a command starts.

SQLite reports a locked, read-only, full or unreadable database in words meant for a
programmer ("attempt to write a readonly database"); `explain` turns each into one line that
says which file and what to do. `check_sqlite_writable` finds the same faults before a command
that writes starts, so a run fails at once with that line instead of half way with a traceback,
and `read_only_mode` says how a database that cannot be written is still opened for reading.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from monitor.errors import StorageError

# How long a command that writes waits at its start for another process's write transaction.
START_WAIT_SECONDS = 5.0


def _why_not_writable(path: Path) -> str:
    try:
        read_only = bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        read_only = False
    return "read-only file system" if read_only else "no write permission"


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _code(exc: BaseException) -> str:
    """The SQLite error name (SQLITE_BUSY, SQLITE_READONLY...), from the driver's exception."""
    name = getattr(exc, "sqlite_errorname", None)
    if name:
        return str(name)
    text = str(exc).lower()
    for fragment, code in (
        ("locked", "SQLITE_BUSY"),
        ("readonly", "SQLITE_READONLY"),
        ("disk is full", "SQLITE_FULL"),
        ("disk i/o", "SQLITE_IOERR"),
        ("unable to open", "SQLITE_CANTOPEN"),
    ):
        if fragment in text:
            return code
    return ""


def fault_code(exc: BaseException) -> str:
    """The SQLite error name of `exc` (a driver error or SQLAlchemy's wrapper of one), or ""
    for other databases' errors and errors SQLite does not name."""
    orig = getattr(exc, "orig", None) or exc
    if not isinstance(orig, sqlite3.Error):
        return ""
    return _code(orig)


def explain(exc: BaseException, where: str = "", *, path: Path | None = None) -> StorageError:
    """A StorageError saying in one line what `exc` (a driver error, or SQLAlchemy's wrapper of
    one) means for the database `where` (its file `path` for SQLite) and what to do."""
    orig = getattr(exc, "orig", None) or exc
    shown = str(path) if path is not None else where
    return explain_known(exc, where, path=path) or StorageError(
        f"database error on {shown or 'the database'}: {orig}"
    )


def explain_known(
    exc: BaseException, where: str = "", *, path: Path | None = None
) -> StorageError | None:
    """What `explain` says, for the faults a person can act on (locked, read-only, full,
    unreadable); None for other errors."""
    orig = getattr(exc, "orig", None) or exc
    code = _code(orig)
    shown = str(path) if path is not None else where
    subject = f"the database {shown}" if shown else "the database"
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        fuser = f"; `fuser {path}` names the process" if path is not None else ""
        message = f"{subject} is locked by another process that is writing to it: try again later"
        message += fuser
    elif code.startswith("SQLITE_READONLY"):
        why = f" ({_why_not_writable(path)})" if path is not None else ""
        message = (
            f"{subject} is read-only{why}: this command writes to it; make it and its folder "
            "writable (reports still read it)"
        )
    elif code == "SQLITE_FULL":
        message = f"the disk holding {subject} is full: free some space, then run again"
    elif code.startswith("SQLITE_IOERR"):
        message = (
            f"disk I/O error on {subject}: the disk may be full or failing; free some space or "
            "check the disk, then run again"
        )
    elif code.startswith("SQLITE_CANTOPEN"):
        message = (
            f"cannot open {subject}: check that its folder exists and that this user may read "
            "and write it"
        )
    else:
        return None
    return StorageError(message)


def check_sqlite_writable(path: Path, *, wait: float = START_WAIT_SECONDS) -> None:
    """Raise StorageError when a command could not write the SQLite database at `path`: the
    file or its folder cannot be written, or another process has held the write lock for more
    than `wait` seconds. A database not created yet needs a folder it can be created in."""
    if not path.exists():
        folder = _nearest_existing(path.parent)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StorageError(
                f"cannot create the database {path}: {folder} is not writable "
                f"({_why_not_writable(folder)}); choose another --db or make the folder writable"
            )
        return
    if not os.access(path, os.W_OK):
        raise StorageError(
            f"the database {path} is read-only ({_why_not_writable(path)}): this command "
            "writes to it; make it writable (reports still read it)"
        )
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise StorageError(
            f"the folder {path.parent} is read-only ({_why_not_writable(path.parent)}): SQLite "
            f"writes its journal (-wal and -shm files) beside {path.name}; make the folder "
            "writable (reports still read the database)"
        )
    try:
        connection = sqlite3.connect(path, timeout=wait, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except sqlite3.Error as exc:
        if _code(exc).startswith("SQLITE_BUSY"):
            raise StorageError(
                f"the database {path} is locked by another process that has been writing to "
                f"it for over {wait:g}s: try again later; `fuser {path}` names the process"
            ) from exc
        raise explain(exc, str(path), path=path) from exc


def sqlite_uri(path: Path, mode: str) -> str:
    """The SQLite URI that opens `path` read-only (`ro`) or as unchanging (`immutable`)."""
    query = "mode=ro" if mode == "ro" else "immutable=1"
    return f"file:{quote(str(path.absolute()))}?{query}"


def read_only_mode(path: Path) -> str | None:
    """None when the database at `path` and its folder can be written (open it as usual);
    otherwise how to open it for reading: `ro`, or `immutable` when even a read-only
    connection cannot work (a database in WAL mode needs its -shm file, which a read-only
    folder cannot hold): the file is then read as it is, without locks."""
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK):
        return None
    try:
        connection = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return "immutable"
    return "ro"
