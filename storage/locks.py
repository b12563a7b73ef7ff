"""Locks that die with their holder: the `Lock` base, and a lock in the database server.

The server's lock is a PostgreSQL session advisory lock on a connection of its own, released by
the server when the holder's connection goes, a killed run's too.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from monitor.errors import LockHeld, StorageError
from storage.engine import make_engine

# In one order (sorted keys), so two transactions that want overlapping sets never deadlock.
_STORY_LOCKS = text(
    "SELECT count(pg_advisory_xact_lock(hashtextextended('sora-story:' || k || current_database(),"
    " 0))) FROM (SELECT DISTINCT unnest(CAST(:keys AS text[])) AS k ORDER BY k) AS story_keys"
)
_TRY_LOCK = text("SELECT pg_try_advisory_lock(hashtextextended(:key || current_database(), 0))")


class Lock:
    """`with lock:` holds it or raises LockHeld at once; subclasses acquire and release."""

    def acquire(self) -> None:
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()


class AdvisoryLock(Lock):
    """`with AdvisoryLock(url, name):` holds the server's lock `name` for the database at
    `url`, or raises LockHeld at once.

    Advisory locks are server-wide, so the key names the database as well: two databases on
    one server do not lock each other out. The connection is in autocommit, so holding the
    lock for a long run keeps no transaction open.
    """

    def __init__(self, url: str, name: str) -> None:
        self.url = url
        self.name = name
        self._engine: Engine | None = None
        self._connection: Connection | None = None

    def acquire(self) -> None:
        # One connection, closed (and the lock with it) on release.
        engine = make_engine(self.url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        try:
            connection = engine.connect()
            got = connection.execute(_TRY_LOCK, {"key": f"{self.name}:"}).scalar()
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StorageError(
                f"cannot take the lock in the database {engine.url.render_as_string()}: {exc}"
            ) from exc
        if not got:
            connection.close()
            engine.dispose()
            raise LockHeld(
                f"another run holds the lock {self.name!r} in the database; "
                "this run exits without doing anything"
            )
        self._engine, self._connection = engine, connection

    def release(self) -> None:
        if self._connection is not None:
            # Closing the session releases its advisory locks.
            self._connection.close()
            self._connection = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def lock_story_keys(session: Session, keys: Iterable[str | None]) -> None:
    """Hold a lock per near-duplicate key (text hash, LSH band keys) until the transaction
    ends, so two processes storing copies of one story at the same moment put them in one
    cluster: the second reads the candidates once the first has committed. PostgreSQL only
    (SQLite lets one writer in at a time)."""
    wanted = sorted({key for key in keys if key})
    if wanted and session.get_bind().dialect.name == "postgresql":
        session.execute(_STORY_LOCKS, {"keys": wanted})
