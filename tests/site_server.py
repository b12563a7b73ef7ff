"""Serves the test web on loopback in its own process: `python -m tests.site_server`.

Prints the base URL as the first line of stdout, then serves until SIGTERM or SIGINT
(Scrapy's mockserver pattern). `running_site()` does the same from a test.
"""

from __future__ import annotations

import argparse
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from cli.sampleweb import SampleWeb

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ROOT = Path(__file__).resolve().parent / "data" / "site"
START_TIMEOUT = 15.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.site_server", description=__doc__)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="directory to serve")
    parser.add_argument("--log", type=Path, help="append one JSON line per request here")
    parser.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    parser.add_argument("--verbose", action="store_true", help="log each request to stderr")
    args = parser.parse_args(argv)

    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    web = SampleWeb(args.root, port=args.port, log_path=args.log, verbose=args.verbose)
    with web:
        print(web.base_url, flush=True)
        # A timed wait keeps the main thread returning to the interpreter, where signals run.
        while not stop.wait(0.2):
            pass
    return 0


@contextmanager
def running_site(root: Path | None = None, log: Path | None = None) -> Iterator[str]:
    """Run the site server in a subprocess; yield its base URL; terminate it afterwards."""
    cmd = [sys.executable, "-m", "tests.site_server"]
    if root is not None:
        cmd += ["--root", str(root)]
    if log is not None:
        cmd += ["--log", str(log)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p))
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=stderr,
                                text=True)
        try:
            yield _first_line(proc, stderr)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            assert proc.stdout is not None
            proc.stdout.close()


def _first_line(proc: subprocess.Popen[str], stderr: IO[bytes]) -> str:
    stdout = proc.stdout
    assert stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    # readline() cannot time out, so it runs in a thread and the wait happens on the queue.
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        line = lines.get(timeout=START_TIMEOUT).strip()
    except queue.Empty:
        line = ""
    if not line.startswith("http://"):
        proc.kill()
        proc.wait()
        stderr.seek(0)
        detail = stderr.read().decode("utf-8", "replace").strip()
        raise RuntimeError(f"site server did not start (exit {proc.returncode}): {detail}")
    return line


if __name__ == "__main__":
    sys.exit(main())
