"""The analysis processes: they do not import the program that starts them, and they grow
from one to the allowed number only when work waits for them."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.analysis_pool import AnalysisProcesses

ROOT = Path(__file__).resolve().parent.parent

# A main module that imports what the command line imports, then asks a worker what it holds.
PROGRAM = """
import asyncio, sys
import click, sqlalchemy  # what sora-monitor's main module brings along
from crawler.analysis_pool import AnalysisProcesses

async def main():
    processes = AnalysisProcesses(1)
    try:
        held = await processes.run(
            eval, "sorted(m for m in ('click', 'sqlalchemy') if m in __import__('sys').modules)"
        )
    finally:
        processes.shutdown()
    print(held, sys.modules['__main__'].__file__.endswith('program.py'))

if __name__ == "__main__":
    asyncio.run(main())
"""


def test_a_worker_does_not_import_the_main_module(tmp_path: Path) -> None:
    program = tmp_path / "program.py"
    program.write_text(PROGRAM)
    result = subprocess.run(
        [sys.executable, str(program)], cwd=ROOT, env={"PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    # Nothing of the parent's imports in the worker; the parent's __main__ is intact afterwards.
    assert result.stdout.split() == ["[]", "True"]


def _run(processes: AnalysisProcesses, batches: list[list[float]]) -> None:
    """Each batch of sleeps at once, one batch after the other, in the worker processes."""

    async def main() -> None:
        for delays in batches:
            await asyncio.gather(*(processes.run(time.sleep, delay) for delay in delays))

    try:
        asyncio.run(main())
    finally:
        processes.shutdown()


def test_one_worker_while_it_keeps_up() -> None:
    processes = AnalysisProcesses(2)
    _run(processes, [[0.01], [0.01, 0.01], [0.01]])  # never more than its two places
    assert processes.processes == 1


def test_more_workers_once_pages_wait() -> None:
    processes = AnalysisProcesses(3)
    _run(processes, [[0.2] * 16])  # two places: pages wait all through the first second
    assert processes.processes == 3
    assert len(processes.pools) == 2


def test_memory_is_trimmed_after_the_first_page_and_every_nth(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from crawler import memory

    calls: list[int] = []
    monkeypatch.setattr(memory, "trim_memory", lambda: calls.append(1))
    trim = memory.MemoryTrim(4)
    for _ in range(9):
        trim.count()
    assert len(calls) == 3  # pages 1, 5 and 9
    monkeypatch.undo()
    memory.trim_memory()  # glibc's, or nothing: never raises
