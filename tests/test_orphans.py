"""Analysis workers end with the run that started them: a run killed with kill -9 during
analysis leaves no pool worker and no multiprocessing resource tracker behind (read in /proc)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, cli_env, config_text, start_cli
from tests.site_server import running_site

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads processes from Linux /proc"
)

PARAGRAPH = (
    "<p>Story {n}: OpenAI's video model Sora was the subject of a report by our desk on day "
    "{n}. Testers said that the model produced short clips from text prompts, and that access "
    "had been paused for a few hours while the company looked into what had happened. Artists "
    "in the programme wrote an open letter about unpaid work, and several outlets followed up "
    "with interviews of their own about clip {n} and its lighting, framing and sound.</p>"
)


def sora_web(root: Path, pages: int, paragraphs: int = 12) -> None:
    """A feed listing `pages` article pages about Sora, each with text of its own."""
    (root / "news").mkdir(parents=True)
    items = []
    for n in range(pages):
        body = "".join(PARAGRAPH.format(n=n * 100 + k) for k in range(paragraphs))
        (root / "news" / f"sora-{n}.html").write_text(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>Sora report number {n}</title></head><body><article>"
            f"<h1>Sora report number {n}</h1>{body}</article></body></html>",
            encoding="utf-8",
        )
        items.append(
            f"<item><title>Sora report number {n}</title>"
            f"<link>{{{{BASE}}}}/news/sora-{n}.html</link>"
            "<pubDate>Wed, 27 Nov 2024 09:00:00 GMT</pubDate></item>"
        )
    (root / "feed.rss").write_text(
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Sora desk</title><link>{{{{BASE}}}}/</link>{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )


def parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def alive(pid: int) -> bool:
    """Running (a zombie waiting for whoever adopted it to reap it has ended already)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def children(pid: int) -> dict[int, str]:
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and parent_of(int(entry.name)) == pid:
            found[int(entry.name)] = command_line(int(entry.name))
    return found


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: analysis never uses a pool")
def test_pool_workers_and_the_resource_tracker_end_with_a_killed_run(
    tmp_path: Path, sqlite_url: str
) -> None:
    web = tmp_path / "web"
    sora_web(web, pages=160)
    with running_site(root=web) as url:
        config = tmp_path / "sora-monitor.toml"
        config.write_text(config_text(url, {"Sora desk": ("feed.rss", "en")}))
        args = ["run", "--config", str(config), "--db", sqlite_url]
        run = start_cli(*args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            # The pool starts once the run has analysed SORA_ANALYSIS_POOL_AFTER pages.
            deadline = time.monotonic() + 60
            workers: dict[int, str] = {}
            while time.monotonic() < deadline and run.poll() is None:
                spawned = children(run.pid)
                workers = {p: c for p, c in spawned.items() if "spawn_main" in c}
                if len(workers) >= 2:
                    break
                time.sleep(0.02)
            assert len(workers) >= 2, "the run ended before its analysis pool could be seen"
            tracker = {p: c for p, c in spawned.items() if "resource_tracker" in c}
            assert tracker, spawned
            run.send_signal(signal.SIGKILL)  # the parent only: its children are not signalled
            run.wait(timeout=30)
            left = {**workers, **tracker}
            gone_by = time.monotonic() + 5
            while time.monotonic() < gone_by and any(alive(p) for p in left):
                time.sleep(0.05)
            assert not [c for p, c in left.items() if alive(p)], "left behind"
        finally:
            run.kill()
            run.wait(timeout=30)


def test_the_portable_watch_ends_a_worker_whose_parent_was_killed(tmp_path: Path) -> None:
    """Where the kernel cannot send a death signal, the worker's watch thread notices."""
    worker = (
        "import os, time, threading; from crawler import orphans; "
        "threading.Thread(target=orphans._watch, args=(os.getppid(),), daemon=True).start(); "
        "print(os.getpid(), flush=True); time.sleep(60)"
    )
    parent = (
        "import subprocess, sys, time; "
        f"subprocess.Popen([sys.executable, '-c', {worker!r}]); time.sleep(60)"
    )
    run = subprocess.Popen(
        [sys.executable, "-c", parent], cwd=ROOT, env=cli_env(), stdout=subprocess.PIPE, text=True
    )
    try:
        assert run.stdout is not None
        pid = int(run.stdout.readline())
        assert alive(pid) and parent_of(pid) == run.pid
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        gone_by = time.monotonic() + 5
        while time.monotonic() < gone_by and alive(pid):
            time.sleep(0.05)
        assert not alive(pid)
    finally:
        run.kill()
        run.wait(timeout=30)
        if run.stdout is not None:
            run.stdout.close()
