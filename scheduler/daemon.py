"""The daemon (`sora-monitor schedule`): APScheduler runs crawls and the digest until signalled.

Feed polling every `[schedule] poll_every`, site and sitemap crawls every `crawl_every`, the
digest daily at `digest_at`. Jobs live in the same database (SQLAlchemyJobStore, table
`apscheduler_jobs`), so a restart resumes the stored schedule and catches up a run missed
while it was down (within the misfire grace time, coalesced into one). Each crawl runs in a
child process (spawned: a Twisted reactor cannot be restarted in one process) through
`run_once`, which takes the run lock, so a cron `run` and the daemon never overlap. SIGTERM or
SIGINT stops it: the running child is asked to stop (SIGTERM: it stores the pages in flight and
records its run as interrupted, `crawler.interrupt`), a second signal makes it stop at once, and
it is killed after `stop_timeout`; the daemon lock is released and the exit status is 0. The
child runs in a process group of its own, so a terminal's Ctrl-C reaches the daemon alone,
which then stops the child as above.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

from monitor.config import Config
from monitor.errors import LockHeld, RunInterrupted, SoraMonitorError
from monitor.states import CRAWL_KINDS, FEED_KINDS, SourceKind
from scheduler.lock import lock_for
from scheduler.startup import load, setup_logging

logger = logging.getLogger("scheduler.daemon")

FEEDS_JOB, CRAWL_JOB, DIGEST_JOB = "poll-feeds", "crawl-sites", "digest"  # job ids


class Job(StrEnum):
    """What a stored job does (its one argument in the job store)."""

    FEEDS = "feeds"  # poll feeds and search feeds
    CRAWL = "crawl"  # crawl sites and sitemaps
    DIGEST = "digest"  # send the daily digest


JOB_TABLE = "apscheduler_jobs"
NOT_STARTED = -1000  # ChildResult.exit_code of a crawl not started because the daemon stops


@dataclass(frozen=True)
class ChildResult:
    """How one crawl in a child process ended."""

    exit_code: int  # 0 ok, 1 failed, 2 configuration, 75 lock held, negative: killed by signal
    message: str  # the run's summary line, or the error

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def stopped(self) -> bool:
        """Stopped by a signal: it recorded its run as interrupted (130, 143), or was killed."""
        return self.exit_code < 0 or self.exit_code in (128 + signal.SIGINT, 128 + signal.SIGTERM)


def _child_main(
    config: Config,
    db_url: str,
    kinds: Sequence[SourceKind],
    conn: Connection,
    log_level: int,
    log_file: str | None = None,
) -> None:
    from scheduler.runonce import run_once
    from scheduler.signals import exit_at_once, exit_on_signal

    if hasattr(os, "setpgrp"):
        os.setpgrp()  # a terminal's Ctrl-C is for the daemon, which tells this process
    try:
        # The crawl's own warnings and errors go where the daemon's log goes.
        setup_logging(log_level, log_file)
        summary = run_once(
            config, db_url, kinds=tuple(kinds), log_level=logging.getLevelName(log_level)
        )
    except SoraMonitorError as exc:
        conn.send(str(exc))
        conn.close()
        if isinstance(exc, RunInterrupted):
            if exc.at_once:
                exit_at_once(exc.exit_code)
            exit_on_signal()
        sys.exit(exc.exit_code)
    conn.send(summary.line())
    conn.close()


class ChildRunner:
    """Runs one crawl at a time in a spawned child; `stop()` ends the one running."""

    def __init__(
        self,
        log_level: int = logging.WARNING,
        stop_timeout: float = 30.0,
        log_file: str | None = None,
    ) -> None:
        self.log_level = log_level
        self.log_file = log_file
        self.stop_timeout = stop_timeout
        self.context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._child: BaseProcess | None = None
        # Set by `run` once it has reaped the child. Only `run` joins (reaps) it: a second
        # thread's join, racing it to waitpid(), saw no exit code and took the child for
        # one still running (and killed a pid no longer its own).
        self._ended = threading.Event()
        self._stop_lock = threading.Lock()
        self.stopping = threading.Event()

    def run(self, config: Config, db_url: str, kinds: Sequence[SourceKind]) -> ChildResult:
        receive, send = self.context.Pipe(duplex=False)
        child = self.context.Process(
            target=_child_main,
            args=(config, db_url, tuple(kinds), send, self.log_level, self.log_file),
            name=f"sora-monitor-{'+'.join(kinds)}",
        )
        with self._lock:
            # Under the lock `stop` takes: a stop that comes before this sees no child, and this
            # sees the stop.
            if self.stopping.is_set():
                receive.close()
                send.close()
                return ChildResult(NOT_STARTED, "not started: the daemon is stopping")
            child.start()
            self._child = child
            self._ended = ended = threading.Event()
        send.close()
        message = ""
        try:
            while child.is_alive() or receive.poll():
                if receive.poll(0.2):
                    try:
                        message = receive.recv()
                    except EOFError:
                        break
            child.join()
        finally:
            with self._lock:
                self._child = None
            ended.set()
            receive.close()
        code = child.exitcode if child.exitcode is not None else -1
        if not message:
            message = f"child process ended with exit code {code}"
        return ChildResult(code, message)

    def stop(self) -> None:
        """Ask the running child to stop; kill it if it has not after stop_timeout.

        Safe to call from several threads (the signal handler's and the main one): the first
        call does the work, the others wait for it.
        """
        self.stopping.set()
        with self._stop_lock:
            with self._lock:
                child, ended = self._child, self._ended
            if child is None or ended.is_set():
                return
            logger.info("stopping the running crawl (pid %s)", child.pid)
            child.terminate()  # SIGTERM: the crawl stores what is in flight, records its run
            if not ended.wait(self.stop_timeout):
                logger.warning("the crawl did not stop within %.0fs: killing it", self.stop_timeout)
                child.kill()
                ended.wait(5)

    def stop_now(self) -> None:
        """Ask the running child, asked to stop already, to stop at once (a second SIGTERM)."""
        with self._lock:
            child, ended = self._child, self._ended
        if child is not None and not ended.is_set():
            logger.info("stopping the running crawl at once (pid %s)", child.pid)
            child.terminate()


# What the jobs need; set by `serve` (jobs stored in the database carry only their kind).
_STATE: dict[str, Any] = {}


def run_job(kind: str) -> None:
    """An APScheduler job: one crawl (`feeds` or `crawl`) or the digest; logs the outcome."""
    config: Config = _STATE["config"]
    db_url: str = _STATE["db_url"]
    runner: ChildRunner = _STATE["runner"]
    started = time.monotonic()
    job = Job(kind)
    if job == Job.DIGEST:
        _digest(config, db_url)
        return
    kinds = FEED_KINDS if job == Job.FEEDS else CRAWL_KINDS
    if not any(s.enabled and s.kind in kinds for s in config.sources):
        logger.info("job %s: no enabled sources of its kinds; nothing to do", kind)
        return
    result = runner.run(config, db_url, kinds)
    seconds = time.monotonic() - started
    if result.ok:
        logger.info("job %s done in %.1fs: %s", kind, seconds, result.message)
    elif result.exit_code == NOT_STARTED:
        logger.info("job %s not started: the daemon is stopping", kind)
    elif result.stopped and runner.stopping.is_set():
        logger.info("job %s stopped after %.1fs: the daemon is stopping", kind, seconds)
    elif result.exit_code == LockHeld.exit_code:
        logger.warning("job %s skipped: %s", kind, result.message)
    else:
        logger.error(
            "job %s failed (exit %s) in %.1fs: %s", kind, result.exit_code, seconds, result.message
        )


def _digest(config: Config, db_url: str) -> None:
    from scheduler import deliver
    from storage.engine import Database

    database = Database.open(db_url)
    try:
        report = deliver.send_digest(config, database, datetime.now(UTC).astimezone())
        logger.info("job digest: %s", report.line())
    except SoraMonitorError as exc:
        logger.error("job digest failed: %s", exc)
    finally:
        database.dispose()


def build_scheduler(config: Config, db_url: str, *, now: datetime | None = None) -> Any:
    """A BlockingScheduler with the three jobs, resuming their stored next run times."""
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    from storage.engine import Database, make_engine
    from storage.queries import scheduled_runs

    database = Database.open(db_url)  # migrate first: the job table lives beside ours
    try:
        with database.session() as session, session.begin():
            stored = scheduled_runs(session, JOB_TABLE)  # to resume the stored schedule
    finally:
        database.dispose()
    engine = make_engine(db_url)
    schedule = config.schedule
    now = now or datetime.now(UTC)
    grace = max(60, int(schedule.poll_every.total_seconds()))
    scheduler = BlockingScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=JOB_TABLE)},
        # One worker: jobs queue up instead of racing for the run lock.
        executors={"default": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": grace},
        timezone=UTC,
    )
    jobs = [
        (FEEDS_JOB, Job.FEEDS, IntervalTrigger(seconds=schedule.poll_every.total_seconds()), now),
        (
            CRAWL_JOB,
            Job.CRAWL,
            IntervalTrigger(seconds=schedule.crawl_every.total_seconds()),
            now,
        ),
        (
            DIGEST_JOB,
            Job.DIGEST,
            CronTrigger(hour=schedule.digest_at.hour, minute=schedule.digest_at.minute),
            None,
        ),
    ]
    for job_id, kind, trigger, first in jobs:
        next_run = stored.get(job_id)
        if next_run is not None:
            logger.info("job %s resumed from the job store: next run %s", job_id, next_run)
            if isinstance(trigger, IntervalTrigger):
                next_run = min(next_run, now + timedelta(seconds=trigger.interval_length))
        else:
            next_run = first or trigger.get_next_fire_time(None, now)
        scheduler.add_job(
            f"{__name__}:run_job",
            trigger,
            args=[kind.value],  # a plain string in the job store
            id=job_id,
            name=job_id,
            replace_existing=True,
            next_run_time=next_run,
        )
    return scheduler


def serve(
    config: Config,
    db_url: str,
    *,
    log_level: int = logging.INFO,
    stop_timeout: float = 30.0,
    log_file: str | None = None,
) -> int:
    """Run the daemon until SIGTERM or SIGINT; return the exit status (0). Each crawl's child
    logs its warnings and errors to `log_file` too (stderr when None)."""
    runner = ChildRunner(
        log_level=max(log_level, logging.WARNING), stop_timeout=stop_timeout, log_file=log_file
    )
    _STATE.update(config=config, db_url=db_url, runner=runner)
    with lock_for(db_url, "daemon"):
        scheduler = build_scheduler(config, db_url)
        stop_requested = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            if stop_requested.is_set():  # a second signal: the running crawl stops at once
                threading.Thread(target=runner.stop_now, name="stop-now", daemon=True).start()
                return
            stop_requested.set()
            logger.info("%s received: stopping", signal.Signals(signum).name)
            # Ending the child first frees the job thread that waits for it.
            threading.Thread(target=runner.stop, name="stop-child", daemon=True).start()
            scheduler.shutdown(wait=False)

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        logger.info(
            "scheduler started: feeds every %s, sites and sitemaps every %s, digest at %s",
            config.schedule.poll_every,
            config.schedule.crawl_every,
            config.schedule.digest_at.strftime("%H:%M"),
        )
        scheduler.start()  # blocks until shutdown
        runner.stop()
        logger.info("scheduler stopped")
    return 0


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m scheduler.daemon --config FILE --db URL`: what `sora-monitor schedule` runs."""
    parser = argparse.ArgumentParser(prog="python -m scheduler.daemon", description=__doc__)
    parser.add_argument("--config", help="configuration file")
    parser.add_argument("--db", help="database URL")
    parser.add_argument("--log-file", help="write the log here instead of stderr")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each crawl (INFO)")
    parser.add_argument("--stop-timeout", type=float, default=30.0)
    args = parser.parse_args(argv)
    # Until the scheduler's own handlers are in place, a stop request simply ends the process.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, _exit_cleanly)
    try:
        setup_logging(
            logging.DEBUG if args.verbose else logging.INFO, args.log_file, verbose=args.verbose
        )
        config, url = load(args.config, args.db)
        return serve(config, url, stop_timeout=args.stop_timeout, log_file=args.log_file)
    except SoraMonitorError as exc:
        print(f"sora-monitor: error: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    # Jobs are stored as "scheduler.daemon:run_job": run that module, not a __main__ copy of it.
    from scheduler.daemon import main as _main

    sys.exit(_main())
