"""A stop signal outside the crawl, for real (os.kill to this process): it raises `Stopped`, and
one whose exception Python drops (raised in a finaliser) is raised again at the next checkpoint."""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any

import pytest

from scheduler.signals import Stopped, raise_if_stopped, stop_signals


class SignalledWhileCollected:
    """An object whose finaliser receives SIGTERM, as a run's objects may while the signal comes:
    the signal's exception is raised inside the finaliser, where Python prints and drops it."""

    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(1000):  # the handler runs between bytecodes: here, not after the del
            pass


def test_a_stop_signal_raises_stopped() -> None:
    with stop_signals(), pytest.raises(Stopped) as stopped:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):
            pass
    assert stopped.value.signum == signal.SIGINT


def test_a_stop_dropped_in_a_finaliser_is_raised_at_the_next_checkpoint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dropped: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", dropped.append)  # "Exception ignored in ..."
    with stop_signals():
        collected = SignalledWhileCollected()
        del collected
        assert [type(d.exc_value) for d in dropped] == [Stopped]  # Python dropped it
        with pytest.raises(Stopped) as stopped:
            raise_if_stopped()
    assert stopped.value.signum == signal.SIGTERM


def test_a_new_run_starts_with_no_stop_pending(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "unraisablehook", lambda dropped: None)
    with stop_signals():
        collected = SignalledWhileCollected()
        del collected
        with pytest.raises(Stopped):
            raise_if_stopped()  # this run's stop
    raise_if_stopped()  # between runs: nothing pending
    with stop_signals():
        raise_if_stopped()  # the stop belonged to the run before


def test_a_run_on_another_thread_never_sees_the_main_threads_stop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "unraisablehook", lambda dropped: None)
    raised: list[BaseException] = []

    def run() -> None:
        try:
            with stop_signals():
                raise_if_stopped()
        except BaseException as exc:  # noqa: BLE001 (whatever it is, the test reports it)
            raised.append(exc)

    with stop_signals():
        collected = SignalledWhileCollected()
        del collected
        worker = threading.Thread(target=run)
        worker.start()
        worker.join()
        with pytest.raises(Stopped):
            raise_if_stopped()
    assert raised == []
