"""Articles stored several to a transaction, and one by one when a shared transaction fails."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crawler.batched_writes import BatchedWrites
from crawler.resources import CrawlDatabase
from monitor.errors import StorageError


def _insert(name: str):  # type: ignore[no-untyped-def]
    def work(session: Session) -> int:
        session.execute(text("INSERT INTO probe (name) VALUES (:name)"), {"name": name})
        return int(session.scalar(text("SELECT count(*) FROM probe")) or 0)

    return work


def _names(database: CrawlDatabase) -> list[str]:
    with database.database.session() as session:
        return list(session.scalars(text("SELECT name FROM probe ORDER BY rowid")))


@pytest.fixture
def database(sqlite_url: str):  # type: ignore[no-untyped-def]
    database = CrawlDatabase.open(sqlite_url)
    with database.database.session() as session, session.begin():
        session.execute(text("CREATE TABLE probe (name TEXT NOT NULL UNIQUE)"))
    yield database
    database.close()


def test_writes_that_arrive_together_share_one_transaction(database: CrawlDatabase) -> None:
    writes = BatchedWrites(database)

    async def main() -> list[int]:
        return await asyncio.gather(*(writes.write(_insert(f"a{i}")) for i in range(5)))

    counts = asyncio.run(main())
    assert counts == [1, 2, 3, 4, 5]  # each write saw the ones before it
    assert (writes.batches, writes.fallbacks) == (1, 0)
    assert _names(database) == ["a0", "a1", "a2", "a3", "a4"]


def test_a_failed_batch_is_written_one_by_one_and_loses_only_the_bad_write(
    database: CrawlDatabase,
) -> None:
    writes = BatchedWrites(database)

    async def main() -> list[int | BaseException]:
        # The fourth breaks the table's UNIQUE constraint: the shared transaction fails.
        names = ["b0", "b1", "b2", "b0", "b4"]
        return await asyncio.gather(
            *(writes.write(_insert(name)) for name in names), return_exceptions=True
        )

    results = asyncio.run(main())
    assert results[:3] == [1, 2, 3] and results[4] == 4
    # One line for that article alone, the constraint it broke as its cause.
    assert isinstance(results[3], StorageError) and "UNIQUE" in str(results[3])
    assert isinstance(results[3].__cause__, IntegrityError)
    assert (writes.batches, writes.fallbacks) == (0, 1)
    assert _names(database) == ["b0", "b1", "b2", "b4"]


def test_a_batch_is_cut_at_its_size_and_the_rest_follows(database: CrawlDatabase) -> None:
    writes = BatchedWrites(database)
    writes.MAX_BATCH = 4

    async def main() -> list[int]:
        return await asyncio.gather(*(writes.write(_insert(f"c{i}")) for i in range(10)))

    assert asyncio.run(main()) == list(range(1, 11))
    assert writes.batches == 3  # 4 + 4 + 2
    assert len(_names(database)) == 10
