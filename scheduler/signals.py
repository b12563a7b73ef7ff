"""SIGINT and SIGTERM around a run: outside the crawl, a stop signal ends the run where it stands.

The crawl handles the two signals itself (`crawler.interrupt`: the first finishes what is in
flight, the second stops at once). Before it (the lock, migrations, the plan) and after it (the
counters, alert delivery) there is nothing worth finishing: the signal raises `Stopped` there,
which the cycle turns into an interrupted run (a transaction under way is rolled back).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(BaseException):
    """A stop signal came outside the crawl. A BaseException, as KeyboardInterrupt is, so that
    no `except Exception` on the way takes it for an error."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


# The stop signal received inside `stop_signals`, kept because the exception raised for it can
# be lost: raised while a finaliser or a garbage-collection callback runs (SQLAlchemy has
# some), it is printed as "Exception ignored" and the run went on as if never stopped.
_received: int | None = None


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    global _received
    _received = signum
    raise Stopped(signum)


def raise_if_stopped() -> None:
    """Raise `Stopped` again if a stop signal came inside `stop_signals`: a checkpoint before
    each step worth not starting (the crawl, alert delivery), in case its exception was lost.
    (Off the main thread no signal is handled, and nothing is raised.)"""
    if _received is not None and threading.current_thread() is threading.main_thread():
        raise Stopped(_received)


@contextmanager
def stop_signals() -> Iterator[None]:
    """While inside, SIGINT and SIGTERM raise `Stopped` (on the main thread; elsewhere signals
    cannot be handled and nothing changes)."""
    global _received
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _received = None
    previous = {signum: signal.signal(signum, _raise_stopped) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _received = None  # the stop belonged to this run


def exit_at_once(code: int) -> NoReturn:
    """End the process now, once the run is recorded: after a stop at once, the crawl's worker
    threads (an analysis under way, pages queued for it or for the database) are not waited
    for. What they committed is kept; what they had not, the next run fetches again."""
    logging.shutdown()  # flushes the log file
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def _end_now(signum: int, frame: FrameType | None) -> None:
    os._exit(128 + signum)


def exit_on_signal() -> None:
    """From now on a stop signal ends the process at once: it is ending anyway (the run is
    recorded), and only waits for worker threads to finish."""
    if threading.current_thread() is threading.main_thread():
        for signum in STOP_SIGNALS:
            signal.signal(signum, _end_now)
