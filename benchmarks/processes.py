"""Where a crawl's memory is: each process's peak resident memory during one `sora-monitor run`
of a checkout on a served web, and what the main process imported that only analysis needs.

    python benchmarks/processes.py --corpus /tmp/sora-peers/corpus [--root CHECKOUT]

The web is one `corpus.py` built (peers.py leaves it in WORK/corpus), served by `serve.py` on a
free port; the monitor gets peers.py's configuration (robots obeyed, no delay, 16 per host).
/proc is read every 50 ms: the main process, each child (the analysis workers and
multiprocessing's resource tracker) and their sum, each at its peak.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.peers import monitor_config  # noqa: E402

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
# What only the analysis needs (its worker processes load it).
ANALYSIS_ONLY = ("numpy", "trafilatura", "langdetect", "monitor.analysis", "monitor.encoder")
# The run, with the modules it imported written out as it exits.
RUN = """
import atexit, json, sys
atexit.register(lambda: open({dump!r}, "w").write(json.dumps(sorted(sys.modules))))
sys.argv = ["sora-monitor", "run", "--config", {config!r}, "--db", {db!r}]
from cli.main import main
main()
"""


def _rss(pid: int) -> tuple[int, int]:
    """A process's parent and resident bytes ((0, 0) once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return 0, 0
    return int(fields[1]), int(fields[21]) * PAGE_BYTES


def _children(pid: int) -> list[int]:
    return [int(n) for n in os.listdir("/proc") if n.isdigit() and _rss(int(n))[0] == pid]


def measure(root: Path, corpus: Path, work: Path) -> dict[str, object]:
    out = work / "serve.out"
    with open(out, "wb") as stdout:
        server = subprocess.Popen(
            [sys.executable, str(HERE / "serve.py"), "--root", str(corpus), "--port", "0"],
            stdout=stdout,
            stderr=subprocess.DEVNULL,
        )
    try:
        for _ in range(300):
            time.sleep(0.1)
            first = out.read_text().split("\n", 1)
            if len(first) > 1:
                break
        base = f"http://127.0.0.1:{int(first[0])}"
        with urllib.request.urlopen(base + "/feeds.txt") as answer:
            feeds = answer.read().decode().split()
        manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
        per_site = -(-manifest["n"] // manifest["sites"])
        config = monitor_config(work / "sora-monitor.toml", feeds, per_site)
        dump, db = work / "modules.json", f"sqlite:///{work / 'monitor.db'}"
        code = RUN.format(dump=str(dump), config=str(config), db=db)
        env = {**os.environ, "PYTHONPATH": str(root)}
        with open(work / "run.out", "wb") as stdout, open(work / "run.err", "wb") as stderr:
            run = subprocess.Popen(
                [sys.executable, "-c", code], cwd=work, env=env, stdout=stdout, stderr=stderr
            )
            main = tree = 0
            children: dict[int, int] = {}
            while run.poll() is None:
                mine = _rss(run.pid)[1]
                kids = {pid: _rss(pid)[1] for pid in _children(run.pid)}
                main = max(main, mine)
                for pid, size in kids.items():
                    children[pid] = max(children.get(pid, 0), size)
                tree = max(tree, mine + sum(kids.values()))
                time.sleep(0.05)
    finally:
        server.terminate()
        server.wait(10)
    modules = json.loads(dump.read_text()) if dump.exists() else []
    return {
        "exit": run.returncode,
        "said": (work / "run.out").read_text(errors="replace").strip().splitlines()[-1:],
        "peak_main_mb": main >> 20,
        "peak_children_mb": sorted(size >> 20 for size in children.values()),
        "peak_tree_mb": tree >> 20,
        # Packages by their top name, the monitor's modules by theirs.
        "analysis_only_in_main": sorted(
            {
                m if m.startswith("monitor.") else m.split(".")[0]
                for m in modules
                if m.startswith(ANALYSIS_ONLY)
            }
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/sora-peers/corpus"))
    parser.add_argument(
        "--root", type=Path, default=HERE.parent, help="the checkout to run (default: this one)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sora-processes-") as work:
        found = measure(args.root.resolve(), args.corpus, Path(work))
    print(json.dumps(found))


if __name__ == "__main__":
    main()
