"""Write faults in the middle of a run, injected for real: a second SQLite connection holding the
write lock past the busy timeout, a tiny second writer every 200 ms, a disk that fills up.

The run that meets the fault says so (`partial` or `failed`, the count and the cause, exit 1),
logs one line per article it could not store (never the page), and loses nothing: the next run,
once the fault is gone, stores every article a clean run stores, none twice, and every alert
story once.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from storage.engine import Database
from storage.writes import RetryPolicy, transient, write
from tests.conftest import ROOT, run_cli, start_cli
from tests.site_server import running_site

EVAL = ROOT / "tests" / "data" / "eval"
PAGES = 20
PAGE_DELAY = 0.2  # seconds per article page: a run lasts a few seconds, so a fault lands in it


def build_web(root: Path, pages: int = PAGES) -> list[str]:
    """A one-feed web of `pages` labelled articles (the team's own eval pages, Sora leak
    reports among them), each served after PAGE_DELAY; returns the article paths."""
    root.mkdir()
    (root / "a").mkdir()
    sources = sorted(EVAL.glob("*.html"))[:pages]
    paths, items, routes = [], [], []
    start = datetime(2024, 12, 1, 9, 0, tzinfo=UTC)
    for i, page in enumerate(sources):
        path = f"/a/{i:02d}-{page.stem}.html"
        shutil.copy(page, root / path.lstrip("/"))
        paths.append(path)
        date = format_datetime(start + timedelta(minutes=7 * i))
        items.append(
            f"<item><title>{escape(page.stem)}</title><link>{{{{BASE}}}}{path}</link>"
            f"<pubDate>{date}</pubDate></item>"
        )
        routes.append(f'["{path}"]\ndelay = {PAGE_DELAY}\n')
    (root / "feed.rss").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Fault wire</title><link>{{BASE}}/</link><description>x</description>"
        + "".join(items)
        + "</channel></rss>\n",
        encoding="utf-8",
    )
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    (root / "_routes.toml").write_text("\n".join(routes), encoding="utf-8")
    return paths


@dataclass
class Web:
    url: str
    paths: list[str]

    def config(self, folder: Path, extra: str = "", delay: str = "0s") -> Path:
        path = folder / "c.toml"
        path.write_text(
            "[database]\n"
            f"{extra}\n"
            "[crawl]\n"
            'private_hosts = ["127.0.0.1"]\n'
            f'delay = "{delay}"\n'
            'timeout = "10s"\n'
            "retries = 0\n"
            "concurrent_per_domain = 2\n\n"
            "[[sources]]\n"
            'name = "Fault wire"\n'
            'kind = "feed"\n'
            f'url = "{self.url}/feed.rss"\n',
            encoding="utf-8",
        )
        return path


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    root = tmp_path_factory.mktemp("faultweb") / "web"
    paths = build_web(root)
    with running_site(root=root) as url:
        yield Web(url, paths)


@dataclass(frozen=True)
class Stored:
    """What a database holds after runs: article URLs (each stored once?), alert stories."""

    urls: list[str]
    stories: list[tuple[int, str, str]]  # outbox rows: (story, kind, channel)
    pending_polls: int  # polls of the last run with work pending


def stored(db: Path) -> Stored:
    connection = sqlite3.connect(db)
    try:
        urls = [row[0] for row in connection.execute("SELECT canonical_url FROM articles")]
        stories = list(connection.execute("SELECT cluster_id, kind, channel FROM alerts"))
        pending = connection.execute(
            "SELECT count(*) FROM source_polls WHERE pending > 0 "
            "AND run_id = (SELECT max(id) FROM runs)"
        ).fetchone()[0]
    finally:
        connection.close()
    return Stored(sorted(urls), sorted(stories), pending)


@pytest.fixture(scope="module")
def reference(web: Web, tmp_path_factory: pytest.TempPathFactory) -> Stored:
    """What one clean run stores from the web."""
    folder = tmp_path_factory.mktemp("reference")
    result = run_cli("run", "--config", str(web.config(folder)), "--db", f"sqlite:///{folder}/m.db")
    assert result.returncode == 0, result.stderr
    clean = stored(folder / "m.db")
    assert len(clean.urls) >= PAGES // 2 and clean.stories, clean  # something to lose
    assert clean.pending_polls == 0
    return clean


def articles_in(db: Path) -> int:
    with suppress(sqlite3.Error):
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            connection.close()
    return 0


def start_run(config: Path, db: Path, **popen: object) -> subprocess.Popen[str]:
    return start_cli("run", "--config", str(config), "--db", f"sqlite:///{db}", **popen)


def wait_for_articles(db: Path, proc: subprocess.Popen[str], count: int = 1) -> None:
    deadline = time.monotonic() + 60
    while articles_in(db) < count:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the run stored nothing"
        time.sleep(0.02)


def assert_recovered(db: Path, config: Path, reference: Stored) -> None:
    """The next run, once the fault is gone, stores what a clean run stores, each once."""
    result = run_cli("run", "--config", str(config), "--db", f"sqlite:///{db}")
    assert result.returncode == 0, result.stderr
    after = stored(db)
    assert after.urls == reference.urls  # every article, none twice (a list, not a set)
    assert len(after.stories) == len(reference.stories)  # every alert story once
    assert len(set(after.stories)) == len(after.stories)
    assert after.pending_polls == 0


def store_failure_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if " not stored: " in line]


def test_a_lock_held_past_the_busy_timeout_mid_run_loses_nothing(
    web: Web, reference: Stored, tmp_path: Path
) -> None:
    db = tmp_path / "m.db"
    # Pages a second apart, so that articles are still coming when the lock is taken (stores
    # gathered into one transaction would otherwise all land together).
    config = web.config(tmp_path, 'busy_timeout = "1s"', delay="1s")
    proc = start_run(config, db)
    wait_for_articles(db, proc)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a real second writer, past the run's busy timeout
    try:
        time.sleep(6)  # the run's writes give up after about 3 s (3 tries of 1 s and pauses)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert "Traceback" not in err and "<html" not in err.lower()
    summary = err.strip().splitlines()[-1]
    assert re.search(r"run 1 (partial|failed): .* \d+ articles? not stored", summary), summary
    assert "is locked by another process" in summary and "the next run fetches them" in summary
    first = stored(db)
    assert 0 < len(first.urls) < len(reference.urls)
    for line in store_failure_lines(err):
        assert "is locked by another process" in line  # one line each, never the page
    connection = sqlite3.connect(db)
    status, error = connection.execute("SELECT status, error FROM runs").fetchone()
    connection.close()
    assert status in ("partial", "failed") and "could not be stored" in error
    assert_recovered(db, web.config(tmp_path, 'busy_timeout = "1s"'), reference)


def test_a_tiny_second_writer_every_200ms_costs_nothing(
    web: Web, reference: Stored, tmp_path: Path
) -> None:
    db = tmp_path / "m.db"
    config = web.config(tmp_path)
    assert run_cli("db", "upgrade", "--db", f"sqlite:///{db}").returncode == 0
    stop = threading.Event()
    writes = 0

    def writer() -> None:
        nonlocal writes
        connection = sqlite3.connect(db, isolation_level=None, timeout=30)
        connection.execute("CREATE TABLE IF NOT EXISTS neighbour (at REAL)")
        while not stop.wait(0.2):
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO neighbour VALUES (?)", (time.time(),))
            time.sleep(0.02)  # holds the lock a moment, as a real writer does
            connection.execute("COMMIT")
            writes += 1
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        result = run_cli("run", "--config", str(config), "--db", f"sqlite:///{db}")
    finally:
        stop.set()
        thread.join()
    assert writes > 10
    assert result.returncode == 0, result.stderr
    assert "locked" not in result.stderr
    after = stored(db)
    assert after.urls == reference.urls and len(after.stories) == len(reference.stories)
    assert after.pending_polls == 0


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True, timeout=30).returncode == 0


@dataclass
class Disk:
    """A folder whose disk can be filled to `room` bytes free: a small tmpfs when this user may
    mount one, else a file-size limit (RLIMIT_FSIZE) on the run's process, which fails a write
    past it as a full disk does."""

    folder: Path
    tmpfs: bool

    def leave(self, room: int) -> None:
        if not self.tmpfs:
            return
        free = os.statvfs(self.folder)
        size = free.f_bavail * free.f_frsize - room
        with (self.folder / "filler").open("wb") as out:
            out.truncate(0)
            block = b"\0" * 65536
            while size > 0:
                out.write(block[: min(size, len(block))])
                size -= len(block)

    def free(self) -> None:
        (self.folder / "filler").unlink(missing_ok=True)

    def limit(self, room: int) -> object:
        if self.tmpfs:
            return None

        def limited() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG, not death
            resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

        return limited


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    folder = tmp_path / "disk"
    folder.mkdir()
    # SORA_TEST_DISK=rlimit tries the fallback where a tmpfs could be mounted.
    tmpfs = os.environ.get("SORA_TEST_DISK") != "rlimit" and os.geteuid() == 0
    if tmpfs and _mount("-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)):
        try:
            yield Disk(folder, True)
        finally:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)
        return
    yield Disk(folder, False)


def test_a_disk_that_fills_up_mid_run_loses_nothing(
    web: Web, reference: Stored, tmp_path: Path, disk: Disk
) -> None:
    db = disk.folder / "m.db"
    config = web.config(tmp_path, 'busy_timeout = "1s"')
    assert run_cli("db", "upgrade", "--db", f"sqlite:///{db}").returncode == 0
    room = 256 * 1024  # the plan and a few articles fit, the rest does not
    disk.leave(room)
    # Under a file-size limit the write-ahead log may grow past the database's size by a
    # little: the plan and a few articles.
    limit = disk.limit(db.stat().st_size + room // 4)
    proc = start_run(config, db, preexec_fn=limit)
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 1, err
    assert "Traceback" not in err and "<html" not in err.lower()
    summary = err.strip().splitlines()[-1]
    assert re.search(r"\d+ articles? not stored", summary), summary
    assert "free some space" in summary or "disk" in summary, summary
    disk.free()
    first = stored(db)
    assert len(first.urls) < len(reference.urls)
    assert_recovered(db, config, reference)


def test_a_write_is_retried_and_then_said_in_one_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    database = Database.open(url, busy_timeout=0.1)
    holder = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    pauses: list[float] = []

    def release_on_second_pause(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 2:
            holder.execute("ROLLBACK")

    from sqlalchemy import text

    policy = RetryPolicy(attempts=3, pauses=(0.0, 0.0))
    try:
        done = write(
            database,
            lambda s: s.execute(text("INSERT INTO runs (started_at, status) VALUES "
                                     "('2026-01-01', 'ok')")).rowcount,
            policy=policy,
            sleep=release_on_second_pause,
        )
        assert done == 1 and len(pauses) == 2  # failed twice (locked), written the third time
        holder.execute("BEGIN IMMEDIATE")
        from monitor.errors import StorageError

        with pytest.raises(StorageError) as caught:
            write(database, lambda s: s.execute(text("DELETE FROM runs")), policy=policy,
                  sleep=lambda _: None)
        assert transient(caught.value.__cause__)  # type: ignore[arg-type]
        assert "\n" not in str(caught.value) and "locked" in str(caught.value)
    finally:
        with suppress(sqlite3.Error):
            holder.execute("ROLLBACK")
        holder.close()
        database.dispose()


def test_a_source_whose_last_poll_has_work_pending_is_due_whatever_its_plan(db_url: str) -> None:
    from monitor.polling import PollAnswer
    from monitor.states import PollStatus
    from storage.queries import feed_states, sync_sources
    from tests.test_polls import FEED, NOW, SITE, answer, plan, settle

    database = Database.open(db_url)
    try:
        with database.writing() as session, session.begin():
            sync_sources(session, [FEED, SITE])
        _, polls = plan(database, SITE)
        # The start page looked unchanged (backed off), but two pages it led to are pending:
        # articles that could not be stored (the answer adds them and takes off its own request).
        answer(database, polls[0], PollAnswer(PollStatus.UNCHANGED, body_hash="h"), 1, NOW)
        with database.session() as session:
            assert feed_states(session)["Site"].next_allowed_at is None
        settle(database, polls[0], 2)
        with database.session() as session:
            assert feed_states(session)["Site"].next_allowed_at is not None  # its plan again
    finally:
        database.dispose()
