"""Engine and session creation, SQLite pragmas, and automatic migration on first use.

Commands that write (`run`, `schedule`, `demo`...) open a database with `Database.open`, which
creates and migrates it; commands that only read open it with `Database.open_existing`, which
creates nothing, refuses a database that is missing or not migrated, and opens a SQLite file
that cannot be written (a read-only file, folder or file system) read-only.
"""

from __future__ import annotations

import functools
import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

import storage.claim_tallies  # noqa: F401  (registers the flush hooks that keep the tallies)
from monitor.errors import StorageError, UsageError
from storage.faults import (
    check_sqlite_writable,
    explain,
    explain_known,
    read_only_mode,
    sqlite_uri,
)

logger = logging.getLogger(__name__)

APP_NAME = "sora-monitor"
# How long a SQLite statement waits for another process's write lock ([database] busy_timeout).
SQLITE_BUSY_TIMEOUT_MS = 30_000
# The execution option that makes a SQLite transaction begin as a writer (`Database.writing`).
BEGIN_OPTION = "sora_sqlite_begin"
SUPPORTED_URLS = "sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"


def default_database_url() -> str:
    """A SQLite file in the user's data directory (created on first use)."""
    data_dir = Path(platformdirs.user_data_dir(APP_NAME))
    return f"sqlite:///{data_dir / 'sora-monitor.db'}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _on_sqlite_connect(busy_ms: int) -> Any:
    def connect(dbapi_connection: Any, connection_record: Any) -> None:
        # Python 3.11's sqlite3 opens transactions on its own and ignores BEGIN; hand
        # transaction control to SQLAlchemy (the documented fix), so savepoints and rollbacks
        # behave.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    return connect


def _on_read_only_connect(busy_ms: int) -> Any:
    def connect(dbapi_connection: Any, connection_record: Any) -> None:
        # A connection that only reads: no journal mode to set, nothing to write.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
        cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    return connect


def _on_sqlite_begin(conn: Any) -> None:
    # The SQLAlchemy docs' pysqlite recipe (`do_begin`), with the mode a transaction asks for:
    # a transaction that will write begins IMMEDIATE, taking the write lock at once, so the
    # busy timeout applies to it. A deferred transaction that reads and then writes cannot
    # wait: when another process wrote in between, SQLite fails it at once (SQLITE_BUSY).
    mode = conn.get_execution_options().get(BEGIN_OPTION)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == "immediate" else "BEGIN")


def _supported(url: str) -> Any:
    """The parsed URL, or UsageError (exit 2) naming the URLs that work."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UsageError(f"cannot parse database URL {url!r}: use {SUPPORTED_URLS}") from exc
    if parsed.get_backend_name() == "sqlite" and parsed.get_driver_name() == "pysqlite":
        return parsed
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() == "psycopg":
        return parsed
    raise UsageError(
        f"unsupported database URL {display_url(url)!r}: sora-monitor stores in {SUPPORTED_URLS}"
    )


def make_engine(
    url: str,
    *,
    create: bool = True,
    read_only: str | None = None,
    busy_timeout: float | None = None,
    **options: Any,
) -> Engine:
    """Create an engine; for SQLite, create the file's directory (unless `create` is false)
    and apply the pragmas, or open the file read-only (`read_only`: `ro` or `immutable`, from
    `storage.faults.read_only_mode`). `busy_timeout` (seconds; default 30) is how long a
    SQLite statement waits for another process's write lock.

    `options` go to SQLAlchemy's `create_engine` for server databases. A URL of another
    database or driver is a UsageError (exit 2).
    """
    parsed = _supported(url)
    busy_ms = SQLITE_BUSY_TIMEOUT_MS if busy_timeout is None else round(busy_timeout * 1000)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None and read_only:
            uri = sqlite_uri(path, read_only)
            timeout = busy_ms / 1000
            engine = create_engine(
                "sqlite://",
                creator=lambda: sqlite3.connect(uri, uri=True, timeout=timeout),
                poolclass=NullPool,
            )
            event.listen(engine, "connect", _on_read_only_connect(busy_ms))
            event.listen(engine, "begin", _on_sqlite_begin)
            return engine
        if path is not None and create:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(
                    f"cannot create the folder of the database {path}: {exc.strerror}; choose "
                    "another --db or make the folder writable"
                ) from exc
        engine = create_engine(url, connect_args={"timeout": busy_ms / 1000})
        event.listen(engine, "connect", _on_sqlite_connect(busy_ms))
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    try:
        return create_engine(url, **({"pool_pre_ping": True} | options))
    except (ArgumentError, ImportError) as exc:
        raise StorageError(f"cannot use database URL {display_url(url)!r}: {exc}") from exc


@contextmanager
def faults_explained(url: str) -> Iterator[None]:
    """Within the block, a database error becomes a StorageError that says in one line what
    happened to the database at `url` and what to do (locked, read-only, disk full...)."""
    try:
        yield
    except DBAPIError as exc:
        raise explain(exc, display_url(url), path=sqlite_path(url)) from exc


def check_writable(url: str) -> None:
    """Before a command that writes starts: raise StorageError (one line, what to do) when the
    SQLite database at `url` cannot be written now (read-only, or locked by another process
    for more than a few seconds). Server databases answer for themselves."""
    path = sqlite_path(url)
    if path is not None:
        check_sqlite_writable(path)


def _alembic_config(connection: Any | None = None) -> Any:
    # Alembic is imported only to migrate: a database at the head is opened without it (a
    # quarter of a second of every command's start).
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    script_location = resources.files("storage") / "migrations"
    config.set_main_option("script_location", str(script_location))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


# A migration's own revision and the one it follows, as its file states them.
_REVISION = re.compile(
    r"^(down_revision|revision)\s*(?::[^=\n]*)?=\s*['\"]?([^'\"\n]*?)['\"]?\s*$", re.MULTILINE
)


@functools.cache
def head_revision() -> str | None:
    """The newest migration's revision: the one no other migration follows, read from the
    migration files as Alembic reads them (a test holds the two equal)."""
    revisions: set[str] = set()
    followed: set[str] = set()
    versions = resources.files("storage") / "migrations" / "versions"
    for script in versions.iterdir():
        if not script.name.endswith(".py") or script.name.startswith("_"):
            continue
        text = script.read_text(encoding="utf-8")
        stated = {m.group(1): m.group(2) for m in _REVISION.finditer(text)}
        revisions.add(stated["revision"])
        if stated.get("down_revision") not in (None, "", "None"):
            followed.add(stated["down_revision"])
    heads = revisions - followed
    return heads.pop() if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: no sora-monitor schema yet)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    if len(rows) > 1:
        raise StorageError(
            "the database's alembic_version table names several revisions: it was not "
            "migrated by sora-monitor; open another --db"
        )
    return rows[0][0] if rows else None


def gather_statistics(engine: Engine) -> None:
    """Give the query planner fresh statistics (SQLite: sampled, a second or so at any size)."""
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA analysis_limit = 1000")
        connection.exec_driver_sql("ANALYZE")


def upgrade(engine: Engine) -> tuple[str | None, str | None]:
    """Apply pending migrations; return (revision before, revision after).

    A database that held data before gets fresh planner statistics after its migrations
    (they add indexes and fill tables)."""
    try:
        before = current_revision(engine)
        if before != head_revision():
            with engine.begin() as connection:
                from alembic import command

                command.upgrade(_alembic_config(connection), "head")
            if before is not None:
                gather_statistics(engine)
        return before, current_revision(engine)
    except DBAPIError as exc:
        where = engine.url.render_as_string(hide_password=True)
        known = explain_known(exc, where, path=sqlite_path(where))
        if known is not None:
            raise known from exc
        raise StorageError(
            f"cannot open or migrate the database {where}: {exc.orig} "
            "(check the --db URL, that the server runs and that the file is a database)"
        ) from exc
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot migrate the database: {exc}") from exc


@dataclass
class Database:
    """An engine and its session factories; `Database.open(url)` migrates on first use.

    `session()` gives a session whose transactions begin as readers (they may write, and on
    SQLite a write then fails at once if another process wrote meanwhile); `writing()` one whose
    transactions begin as writers (`BEGIN IMMEDIATE` on SQLite: they wait out the busy timeout
    for the write lock instead). A unit of work that writes uses `writing()`.
    """

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    writers: sessionmaker[Session] | None = None

    def __post_init__(self) -> None:
        if self.writers is None:
            immediate = self.engine.execution_options(**{BEGIN_OPTION: "immediate"})
            self.writers = sessionmaker(immediate, expire_on_commit=False)

    @classmethod
    def open(
        cls, url: str | None = None, *, migrate: bool = True, busy_timeout: float | None = None
    ) -> Database:
        url = url or default_database_url()
        engine = make_engine(url, busy_timeout=busy_timeout)
        if migrate:
            upgrade(engine)
        return cls(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))

    @classmethod
    def open_existing(cls, url: str) -> Database:
        """Open the database at `url` to read it: nothing is created or migrated.

        Raises StorageError (exit 1) when it does not exist, holds no sora-monitor schema, or
        needs migrations this version would apply (`db upgrade`).
        """
        shown = display_url(url)
        path = sqlite_path(url)
        if path is not None and not path.is_file():
            raise StorageError(
                f"no database at {path}: `sora-monitor run` creates it (check --db, "
                "$SORA_MONITOR_DB or [database] url)"
            )
        engine = make_engine(
            url, create=False, read_only=read_only_mode(path) if path is not None else None
        )
        try:
            revision = current_revision(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            reason = exc.orig if isinstance(exc, DBAPIError) else exc
            raise StorageError(f"cannot open the database {shown}: {reason}") from exc
        head = head_revision()
        if revision != head:
            engine.dispose()
            if revision is None:
                raise StorageError(
                    f"{shown} holds no sora-monitor data yet: `sora-monitor run` or "
                    "`sora-monitor db upgrade` sets it up"
                )
            raise StorageError(
                f"{shown} is at revision {revision} and this version reads {head}: "
                "run `sora-monitor db upgrade`"
            )
        return cls(url=url, engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))

    def session(self) -> Session:
        return self.sessions()

    def writing(self) -> Session:
        """A session for a unit of work that writes: its transactions begin as writers."""
        assert self.writers is not None
        return self.writers()

    def dispose(self) -> None:
        self.engine.dispose()

    @property
    def display_url(self) -> str:
        """The URL with any password hidden, for messages and logs."""
        return display_url(self.url)


def display_url(url: str) -> str:
    """`url` with any password hidden, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)
