"""Storage and file faults injected for real: a second writer holding the SQLite database, a
read-only folder, file or file system, a full disk, an unwritable log or report file, a
window too long for a date. Each gives one line on stderr that says what to do and the
documented exit code, never a traceback; read-only storage still serves every report."""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, Site, cli_env, config_text, invoke_cli, run_cli


def one_line(stderr: str) -> str:
    """The single line a fault must give (no traceback, nothing else)."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("sora-monitor: error: ")
    return lines[0]


def _mount(*args: str) -> bool:
    done = subprocess.run(["mount", *args], capture_output=True, timeout=30)
    return done.returncode == 0


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """`path` (a file or a folder) read-only for real, for this user too: a read-only bind
    mount as root (root writes through any permission), else its write permission removed."""
    if os.geteuid() == 0:
        if not _mount("--bind", str(path), str(path)):
            pytest.skip("cannot bind-mount here to make storage read-only")
        try:
            if not _mount("-o", "remount,ro,bind", str(path)):
                pytest.skip("cannot remount read-only here")
            yield
        finally:
            subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)
        return
    mode = path.stat().st_mode
    path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("this user writes through file permissions")
        yield
    finally:
        path.chmod(mode)


@dataclass
class FullDisk:
    """A folder on a disk that is about to be full: a 4 MB tmpfs when this user may mount one
    (filled up by `fill`), else a folder where commands run under a 4 KB file-size limit
    (RLIMIT_FSIZE: a write past it fails as on a full disk)."""

    folder: Path
    fill: Callable[[], None]
    limit: int | None

    def run_cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        def limited() -> None:
            if self.limit is not None:
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG, not death
                resource.setrlimit(resource.RLIMIT_FSIZE, (self.limit, self.limit))

        return subprocess.run(
            [sys.executable, "-m", "monitor", *args],
            cwd=ROOT,
            env=cli_env(PYTHONDONTWRITEBYTECODE="1"),
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=limited,
        )


def _fill(folder: Path) -> None:
    with suppress(OSError), (folder / "filler").open("wb", buffering=0) as out:
        while True:
            out.write(b"\0" * 65536)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[FullDisk]:
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() == 0 and _mount("-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)):
        try:
            yield FullDisk(folder, lambda: _fill(folder), None)
        finally:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)
        return
    yield FullDisk(folder, lambda: None, 4096)


def _config(site: Site, tmp_path: Path) -> Path:
    config = tmp_path / "c.toml"
    config.write_text(config_text(site.url, {"Tech Wire": ("feeds/tech-en.rss", "en")}))
    return config


def _upgraded(path: Path) -> str:
    url = f"sqlite:///{path}"
    assert invoke_cli("db", "upgrade", "--db", url).returncode == 0
    return url


def _reports_still_work(url: str) -> None:
    claims = invoke_cli("report", "claims", "--db", url, "--format", "json")
    assert claims.returncode == 0, claims.stderr
    assert len(json.loads(claims.stdout)) >= 15  # every claim of the catalogue, with zeros
    new = invoke_cli("report", "new", "--db", url, "--since", "all", "--format", "json")
    assert new.returncode == 0 and json.loads(new.stdout) == [], new.stderr


def test_a_database_another_process_holds_stops_a_run_in_one_line_within_seconds(
    site: Site, tmp_path: Path
) -> None:
    url = _upgraded(tmp_path / "m.db")
    holder = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        result = run_cli("run", "--config", str(_config(site, tmp_path)), "--db", url)
        elapsed = time.monotonic() - started
        assert result.returncode == 1
        line = one_line(result.stderr)
        assert f"the database {tmp_path / 'm.db'} is locked by another process" in line
        assert "try again later" in line and "fuser" in line
        assert elapsed < 20  # not the 30 s busy timeout
        _reports_still_work(url)  # readers are not blocked by a writer (WAL)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_read_only_folder_stops_a_run_in_one_line_and_reports_still_read_it(
    site: Site, tmp_path: Path
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    url = _upgraded(folder / "m.db")
    config = _config(site, tmp_path)
    with read_only(folder):
        result = run_cli("run", "--config", str(config), "--db", url)
        assert result.returncode == 1
        line = one_line(result.stderr)
        assert f"cannot write the run lock {folder / 'm.db.lock'}" in line
        assert "writable folder" in line
        _reports_still_work(url)
        sources = invoke_cli("sources", "list", "--config", str(config), "--db", url)
        assert sources.returncode == 0 and "Tech Wire" in sources.stdout
        enable = invoke_cli("sources", "enable", "Tech Wire", "--config", str(config), "--db", url)
        assert enable.returncode == 1
        assert "read-only" in one_line(enable.stderr)
    assert sorted(p.name for p in folder.iterdir()) == ["m.db"]


def test_a_read_only_database_file_stops_a_run_in_one_line_and_reports_still_read_it(
    site: Site, tmp_path: Path
) -> None:
    path = tmp_path / "m.db"
    url = _upgraded(path)
    with read_only(path):
        result = run_cli("run", "--config", str(_config(site, tmp_path)), "--db", url)
        assert result.returncode == 1
        line = one_line(result.stderr)
        assert f"the database {path} is read-only" in line and "make it writable" in line
        _reports_still_work(url)


def test_a_full_disk_stops_a_run_and_a_report_in_one_line(
    site: Site, tmp_path: Path, full_disk: FullDisk
) -> None:
    path = full_disk.folder / "m.db"
    url = _upgraded(path)
    (full_disk.folder / "m.db.lock").write_text("0")  # the lock is not what fails here
    reader = sqlite3.connect(path)  # keeps the -wal and -shm files in place
    try:
        reader.execute("SELECT count(*) FROM articles").fetchone()
        full_disk.fill()
        result = full_disk.run_cli("run", "--config", str(_config(site, tmp_path)), "--db", url)
        assert result.returncode == 1, result.stderr
        line = one_line(result.stderr)
        assert str(path) in line and "free some space" in line
        report = full_disk.folder / "report.html"
        html = full_disk.run_cli("report", "html", "-o", str(report), "--db", url)
        assert html.returncode == 1, html.stderr
        line = one_line(html.stderr)
        assert f"cannot write '{report}'" in line and "free some space" in line
        assert not [p for p in full_disk.folder.iterdir() if p.name.startswith(".report")]
    finally:
        reader.close()


def test_an_unwritable_report_folder_or_log_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    url = _upgraded(tmp_path / "m.db")
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder):
        feed = invoke_cli("report", "feed", "-o", str(folder / "alerts.xml"), "--db", url)
        assert feed.returncode == 2
        assert f"cannot write '{folder / 'alerts.xml'}'" in one_line(feed.stderr)
        html = invoke_cli("report", "html", "-o", str(folder / "r.html"), "--db", url)
        assert html.returncode == 2 and "choose a file in a folder" in one_line(html.stderr)
        log = invoke_cli("run", "--log-file", str(folder / "run.log"), "--db", url)
        assert log.returncode == 2
        assert f"--log-file {folder / 'run.log'}: cannot write it" in one_line(log.stderr)
        daemon = invoke_cli("schedule", "--log-file", str(folder / "d.log"), "--db", url)
        assert daemon.returncode == 2 and "--log-file" in one_line(daemon.stderr)


@pytest.mark.parametrize(
    "command",
    [["report", "new"], ["report", "claims"], ["report", "html", "-o", "x.html"], ["demo"]],
    ids=" ".join,
)
def test_a_window_too_long_for_a_date_is_a_usage_error(command: list[str], tmp_path: Path) -> None:
    url = _upgraded(tmp_path / "m.db")
    for since in ("99999999d", "9999999999999d"):
        result = invoke_cli(*command, "--since", since, "--db", url, cwd=tmp_path)
        assert result.returncode == 2
        assert f"--since '{since}'" in one_line(result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.db"]
