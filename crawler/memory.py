"""Handing the memory a process freed back to the system (glibc's malloc_trim).

CPython returns what it frees to the C allocator, which keeps it for later: after a page's HTML
was parsed, or langdetect's profiles loaded, a process holds megabytes it no longer uses.
Handing them back costs ~1 ms, so a process does it now and then (`MemoryTrim`).
"""

from __future__ import annotations

import ctypes
import itertools

__all__ = ["MemoryTrim", "trim_memory"]


def trim_memory() -> None:
    """Give the C allocator's free pages back to the system; nothing where libc is not glibc."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # no libc to load, or no malloc_trim in it
        pass


class MemoryTrim:
    """Trims after the first event it counts and then after every `every`-th."""

    def __init__(self, every: int) -> None:
        self.every = every
        self.counted = itertools.count(1)

    def count(self) -> None:
        if next(self.counted) % self.every == 1:
            trim_memory()
