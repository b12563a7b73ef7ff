"""Ctrl-C and SIGTERM sent to a real `sora-monitor run` crawling a slow loopback web: the first
signal stores the pages in flight and stops within seconds, a second stops at once; the run is
recorded as interrupted (exit 130, 143 for SIGTERM), and the next run stores the rest, nothing
twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy import signals as scrapy_signals
from scrapy.crawler import Crawler

from scheduler.lock import lock_path_for
from tests.conftest import ROOT, Site, cli_env, config_text, run_cli, start_cli
from tests.site_server import running_site
from tests.test_daemon import read, running_runs, start_daemon, wait_for
from tests.test_orphans import sora_web

PAGES = 10


@dataclass
class SlowWeb:
    site: Site
    slow: Path  # one request a second: the crawl takes long enough to be stopped half way
    fast: Path
    db: Path

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.db}"

    def query(self, sql: str) -> list[tuple]:
        connection = sqlite3.connect(self.db)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()

    def stored(self) -> set[str]:
        """The paths of the stored articles (none while the database is being made)."""
        try:
            rows = self.query("SELECT canonical_url FROM articles")
        except sqlite3.Error:
            return set()
        return {url.removeprefix(self.site.url) for (url,) in rows}

    def requested(self, since: int = 0) -> Counter[str]:
        return Counter(
            r["path"] for r in self.site.requests(since) if r["path"].startswith("/news/")
        )


@pytest.fixture
def web(tmp_path: Path) -> Iterator[SlowWeb]:
    root = tmp_path / "web"
    sora_web(root, PAGES, paragraphs=2)
    # Each page takes 2 s to answer: while the crawl runs, pages are in flight.
    routes = "".join(f'["/news/sora-{n}.html"]\ndelay = 2.0\n' for n in range(PAGES))
    (root / "_routes.toml").write_text(routes)
    log = tmp_path / "requests.jsonl"
    with running_site(root=root, log=log) as url:
        text = config_text(url, {"Sora desk": ("feed.rss", "en")})
        slow, fast = tmp_path / "slow.toml", tmp_path / "fast.toml"
        slow.write_text(text.replace('delay = "0s"', 'delay = "1s"'))
        fast.write_text(text)
        yield SlowWeb(Site(url, log), slow, fast, tmp_path / "monitor.db")


def interrupt(web: SlowWeb, *signals: signal.Signals) -> tuple[int, str, float]:
    """Start a run, send `signals` once it has stored an article (each after the run said
    it is stopping); return its exit code, its stderr and the seconds it took to end after the
    last signal."""
    args = ["run", "--config", str(web.slow), "--db", web.db_url]
    run = start_cli(*args)
    try:
        deadline = time.monotonic() + 60
        while not web.stored() and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert run.poll() is None and len(web.stored()) < PAGES, "the run ended too soon"
        said = ""
        for n, signum in enumerate(signals):
            if n:
                assert run.stderr is not None
                said += run.stderr.readline()  # "stopping"
            run.send_signal(signum)
        sent = time.monotonic()
        _, stderr = run.communicate(timeout=60)
        return run.returncode, said + stderr, time.monotonic() - sent
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()


def next_run_stores_the_rest(web: SlowWeb) -> None:
    result = run_cli("run", "--config", str(web.fast), "--db", web.db_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("run 2 ok: 1 source polled"), result.stdout
    assert web.stored() == {f"/news/sora-{n}.html" for n in range(PAGES)}
    assert web.query("SELECT id, status FROM runs ORDER BY id") == [
        (1, "interrupted"),
        (2, "ok"),
    ]


def test_a_first_ctrl_c_stores_the_pages_in_flight_and_stops_within_seconds(
    web: SlowWeb,
) -> None:
    code, stderr, seconds = interrupt(web, signal.SIGINT)
    assert code == 130, stderr
    assert seconds < 10, seconds  # 2-3 s on an idle machine; never the whole crawl's queue
    lines = stderr.splitlines()
    assert lines[0].startswith("sora-monitor: SIGINT: stopping; storing the pages in flight")
    assert lines[-1].startswith("sora-monitor: error: run 1 interrupted:"), stderr
    assert "Traceback" not in stderr
    assert web.query("SELECT status, error FROM runs") == [("interrupted", "stopped by SIGINT")]
    stored = web.stored()
    assert 1 <= len(stored) < PAGES
    # Every page that was fetched was stored; those not sent were not fetched.
    assert set(web.requested()) == stored
    # The feed's validators were not saved past the pages it still has to give.
    assert web.query("SELECT etag, last_modified FROM sources") == [(None, None)]

    mark = web.site.mark()
    next_run_stores_the_rest(web)
    assert set(web.requested(mark)) == {f"/news/sora-{n}.html" for n in range(PAGES)} - stored
    assert max(web.requested().values()) == 1  # no page fetched twice


def test_a_second_ctrl_c_stops_at_once_and_the_next_run_recovers_everything(
    web: SlowWeb,
) -> None:
    code, stderr, seconds = interrupt(web, signal.SIGINT, signal.SIGINT)
    assert code == 130, stderr
    assert seconds < 5, seconds  # under a second on an idle machine
    assert "sora-monitor: SIGINT again: stopping at once" in stderr
    assert "Traceback" not in stderr
    assert web.query("SELECT status, error FROM runs") == [("interrupted", "stopped by SIGINT")]
    before = web.stored()
    assert 1 <= len(before) < PAGES

    next_run_stores_the_rest(web)
    assert web.query("SELECT count(*) FROM articles") == [(PAGES,)]  # none stored twice


def test_sigterm_stops_a_run_as_the_first_ctrl_c_does(web: SlowWeb) -> None:
    code, stderr, seconds = interrupt(web, signal.SIGTERM)
    assert code == 143, stderr
    assert seconds < 10, seconds
    assert stderr.startswith("sora-monitor: SIGTERM: stopping; storing the pages in flight")
    assert web.query("SELECT status, error FROM runs") == [("interrupted", "stopped by SIGTERM")]
    assert set(web.requested()) == web.stored()


def test_a_stop_does_not_wait_for_a_slow_robots_txt(tmp_path: Path) -> None:
    """A robots.txt on the wire only decides whether requests may be sent, and a stopping crawl
    sends none: the stop is prompt, not the whole grace, and the next run fetches the feed."""
    root = tmp_path / "web"
    sora_web(root, 3, paragraphs=2)
    (root / "_routes.toml").write_text('["/robots.txt"]\ndelay = 30.0\n')
    db = tmp_path / "monitor.db"
    with running_site(root=root) as url:
        text = config_text(url, {"Sora desk": ("feed.rss", "en")})
        slow = tmp_path / "slow.toml"  # waits for robots.txt longer than the grace (10 s)
        slow.write_text(text.replace('timeout = "10s"', 'timeout = "60s"'))
        run = start_cli("run", "--config", str(slow), "--db", f"sqlite:///{db}")
        try:
            wait_for(lambda: running_runs(db) > 0, 60, "the run to start")
            time.sleep(1)  # its feed request is waiting for robots.txt
            assert run.poll() is None, "the run ended too soon"
            run.send_signal(signal.SIGTERM)
            sent = time.monotonic()
            _, stderr = run.communicate(timeout=60)
            seconds = time.monotonic() - sent
        finally:
            if run.poll() is None:
                run.kill()
                run.communicate()
        assert run.returncode == 143, stderr
        assert seconds < 5, seconds  # under a second on an idle machine; the grace is 10 s
        assert "did not finish within" not in stderr, stderr
        assert "Traceback" not in stderr
        query = "SELECT status, error FROM runs"
        with closing(sqlite3.connect(db)) as connection:
            assert connection.execute(query).fetchall() == [("interrupted", "stopped by SIGTERM")]

        fast = tmp_path / "fast.toml"  # the next run, without robots.txt's 30 s
        fast.write_text(text.replace("[crawl]\n", "[crawl]\nobey_robots = false\n"))
        result = run_cli("run", "--config", str(fast), "--db", f"sqlite:///{db}")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("run 2 ok: 1 source polled"), result.stdout
        with closing(sqlite3.connect(db)) as connection:
            assert connection.execute("SELECT count(*) FROM articles").fetchone() == (3,)


class SignalWhileOpening:
    """A Scrapy extension for the test below: SIGTERM to its own process while the spider opens,
    before the engine runs; the opening goes on a moment after it."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SignalWhileOpening:
        extension = cls()
        crawler.signals.connect(extension.opened, signal=scrapy_signals.spider_opened)
        return extension

    async def opened(self) -> None:
        # When the signal went, for the test to time the stop from (not from the process's
        # start, which a loaded machine makes slow).
        Path(os.environ["SIGNALLED_AT"]).write_text(repr(time.time()))
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.sleep(0.5)


# `sora-monitor run`, with the extension above added to the crawl's settings.
RUN_SIGNALLED_WHILE_OPENING = """
import sys
import crawler.runner
from cli.main import main

build = crawler.runner.build_settings
def with_signal(*args, **kwargs):
    settings = build(*args, **kwargs)
    extensions = settings.getdict("EXTENSIONS")
    extensions["tests.test_interrupt.SignalWhileOpening"] = 1000
    settings.set("EXTENSIONS", extensions, priority="cmdline")
    return settings
crawler.runner.build_settings = with_signal
main(sys.argv[1:])
"""


def test_a_stop_while_the_crawl_starts_stops_it(web: SlowWeb) -> None:
    """Scrapy forgets a stop asked while the spider opens: the engine, started afterwards, ran its
    queue out and then waited for the grace (10 s) to end the crawl at once. The crawl now stops
    as soon as its engine starts, and sends nothing."""
    stamp = web.db.parent / "signalled-at"
    result = subprocess.run(
        [sys.executable, "-c", RUN_SIGNALLED_WHILE_OPENING,
         "run", "--config", str(web.fast), "--db", web.db_url],
        cwd=ROOT, env=cli_env(SIGNALLED_AT=str(stamp)), capture_output=True, text=True,
        timeout=120,
    )
    seconds = time.time() - float(stamp.read_text())
    assert result.returncode == 143, result.stderr
    said = result.stderr.splitlines()
    assert said[0].startswith("sora-monitor: SIGTERM: stopping;"), result.stderr
    assert "did not finish within" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr, result.stderr
    assert seconds < 6, seconds  # the 0.5 s opening and the process's exit; the grace is 10 s
    assert web.query("SELECT status, error FROM runs") == [("interrupted", "stopped by SIGTERM")]
    assert not web.requested() and not web.stored()  # the feed's articles: none sent
    next_run_stores_the_rest(web)


def test_ctrl_c_before_the_crawl_ends_the_run_in_one_line(tmp_path: Path) -> None:
    """Outside the crawl (here: waiting for a database another process writes to) a signal
    ends the run where it stands: no run recorded, nothing done, exit 130, one line."""
    db = tmp_path / "monitor.db"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a second writer holds the database
    config = tmp_path / "c.toml"
    config.write_text(config_text("http://127.0.0.1:9", {"Feed": ("feed.rss", None)}))
    args = ["run", "--config", str(config), "--db", f"sqlite:///{db}"]
    run = start_cli(*args)
    try:
        lock = lock_path_for(f"sqlite:///{db}")
        assert lock is not None
        deadline = time.monotonic() + 60
        while not lock.exists() and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert run.poll() is None, "the run ended before it waited for the database"
        run.send_signal(signal.SIGINT)
        stdout, stderr = run.communicate(timeout=30)
    finally:
        holder.rollback()
        holder.close()
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert run.returncode == 130, stderr
    assert stdout == ""
    assert stderr == (
        "sora-monitor: error: SIGINT: stopped before the run began; nothing was done\n"
    )


def test_a_second_signal_to_the_daemon_stops_its_crawl_at_once(
    web: SlowWeb, tmp_path: Path
) -> None:
    """The daemon passes the first SIGTERM on to its crawl (a child process) as a graceful stop,
    the second as a stop at once; either way the run is recorded as interrupted."""
    log = tmp_path / "daemon.log"
    daemon = start_daemon(web.slow, web.db_url, log)
    try:
        wait_for(lambda: bool(web.stored()), 60, "an article stored")
        daemon.send_signal(signal.SIGTERM)
        wait_for(lambda: "stopping the running crawl (pid" in read(log), 30, "the stop")
        daemon.send_signal(signal.SIGTERM)
        _, stderr = daemon.communicate(timeout=30)
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.communicate()
    assert daemon.returncode == 0, stderr.decode()
    assert "stopping the running crawl at once" in read(log), read(log)
    assert "job feeds stopped after" in read(log), read(log)
    assert web.query("SELECT status, error FROM runs") == [("interrupted", "stopped by SIGTERM")]
