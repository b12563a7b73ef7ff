"""Worker processes that end with their parent, and leave Ctrl-C to it.

A process pool's workers (spawned, so they are children of the crawl) block on their call queue
when idle, and each holds both ends of that queue's pipe: when the parent is killed (kill -9,
the OOM killer) nothing ever tells them, and they stay, with the multiprocessing resource
tracker whose pipe they keep open, for as long as the machine runs. `tie_to_parent`, called first
in each worker (the pool's `initializer`), makes a worker end when its parent does:

- on Linux the kernel kills it at once (`prctl(PR_SET_PDEATHSIG, SIGKILL)`), whatever it is
  doing, even deep in C code;
- elsewhere (or where prctl is refused) a daemon thread looks at `os.getppid()` every
  `WATCH_EVERY` seconds and ends the process when the parent has changed.

Once the workers are gone, nothing holds the resource tracker's pipe any more: it reads the
end of it, cleans up after the dead pool and exits too.

The parent's death signal follows the *thread* that started the worker: start the pool from a
thread that lives as long as the process (the reactor's, as `crawler.pipelines` does), or
workers are killed when that thread ends.

A terminal's Ctrl-C reaches the whole foreground process group, workers included: they ignore
it, and the parent decides what happens to the work they are doing (`crawler.interrupt`).
SIGTERM keeps its default (a broken pool ends its workers with it).
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_EVERY = 0.5  # seconds between two looks at the parent, where the kernel cannot help


def tie_to_parent(parent: int | None = None) -> None:
    """End this process when its parent (`parent`, the pid that started it; default: the
    current parent) ends, and ignore Ctrl-C. Call it first in a worker process: a pool's
    `initializer=tie_to_parent, initargs=(os.getpid(),)`."""
    expected = parent if parent is not None else os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _kernel_death_signal():
        threading.Thread(
            target=_watch, args=(expected,), name="sora-parent-watch", daemon=True
        ).start()
    # The parent may have died before the death signal was set: then nothing would send it.
    if os.getppid() != expected:
        os._exit(1)


def _kernel_death_signal() -> bool:
    """Ask Linux to SIGKILL this process when its parent ends; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            return True
        error = ctypes.get_errno()
        logger.debug("prctl(PR_SET_PDEATHSIG) failed: %s", os.strerror(error))
    except (OSError, AttributeError) as exc:  # no libc to load, or no prctl in it
        logger.debug("prctl is not available: %s", exc)
    return False


def _watch(parent: int) -> None:
    """The portable way: look at the parent now and then; end this process once it changed."""
    stop = threading.Event()
    while not stop.wait(WATCH_EVERY):
        if os.getppid() != parent:
            os._exit(1)
