"""Storage faults replayed on a larger local web: is anything lost, stored twice or mailed twice?

    python benchmarks/faults.py                      # N=300 pages on 10 sites, every scenario
    python benchmarks/faults.py --n 600 --only kill,disk-full
    python benchmarks/faults.py --json

Builds (or reuses) a web with corpus.py (40% of the pages Sora coverage, so that leak stories
alert), serves it with serve.py on loopback, and runs `sora-monitor run` of this checkout on
its feeds with a real SMTP server on 127.0.0.1 receiving the alert mails. A clean run on a
fresh database is the reference. Then, each on a fresh database, a fault lands in the middle of
a run, and one more run follows once the fault is gone:

  kill            the run is killed (SIGKILL) once a third of the reference's articles are
                  stored
  writer-40s      a second SQLite connection holds the write lock (BEGIN IMMEDIATE) for 40 s,
                  with the default 30 s busy timeout: the write waits and is retried
  writer-past     the same for 15 s with `[database] busy_timeout = "1s"`: the writes give up,
                  the run stops and says so, the next run fetches what was not stored
  tiny-writer     a second writer takes the lock for 20 ms every 200 ms for the whole run
  disk-full       the database's disk (a tmpfs; else a file-size limit on the run's process)
                  is left 512 kB of room

For each: the fault run's exit code and status, then, after the run that follows: articles
lost (in the reference, not stored), stored twice (a URL in two rows, or a page the reference
does not have), alert stories in the outbox twice, and mails sent twice (a story in two mails,
or one mail received twice). All four must be 0. Everything talks to 127.0.0.0/8 only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests.smtp_server import RunningServer, smtp_server  # noqa: E402

SCENARIOS = ("kill", "writer-40s", "writer-past", "tiny-writer", "disk-full")


@dataclass
class Outcome:
    scenario: str
    fault_exit: int
    fault_status: str
    fault_seconds: float
    stored_by_fault_run: int
    lost: int
    stored_twice: int
    alerts_twice: int
    mails_twice: int
    after_exit: int


def say(line: str, quiet: bool) -> None:
    print(line, file=sys.stderr if quiet else sys.stdout, flush=True)


def env() -> dict[str, str]:
    values = {k: v for k, v in os.environ.items() if not k.startswith("SORA_MONITOR_")}
    values["PYTHONPATH"] = str(ROOT)
    return values


def build(work: Path, n: int, sites: int) -> Path:
    out = work / "corpus"
    manifest = out / "manifest.json"
    if manifest.exists():
        found = json.loads(manifest.read_text(encoding="utf-8"))
        if found.get("n") == n and found.get("sites") == sites:
            return out
    built = subprocess.run(
        [sys.executable, str(HERE / "corpus.py"), "--n", str(n), "--sites", str(sites),
         "--sora-share", "0.4", "--out", str(out)],
        env=env(), capture_output=True, text=True, check=False,
    )
    if built.returncode:
        raise SystemExit(f"corpus.py failed: {built.stderr.strip()[-500:]}")
    return out


class Served:
    """serve.py in a subprocess; its feed URLs."""

    def __init__(self, corpus: Path, work: Path, sites: int) -> None:
        self.out = work / "serve.out"
        with open(self.out, "wb") as stdout:
            self.proc = subprocess.Popen(
                [sys.executable, str(HERE / "serve.py"), "--root", str(corpus), "--port", "0"],
                stdout=stdout, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
            )
        self.feeds: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            lines = self.out.read_text().splitlines()
            feeds = [line.split(" ", 1)[1] for line in lines[1:] if line.startswith("site")]
            if len(feeds) == sites:
                self.feeds = feeds
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise SystemExit("serve.py did not start")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


def write_config(folder: Path, feeds: Sequence[str], smtp: RunningServer, extra: str) -> Path:
    lines = [
        "[database]", extra, "",
        "[crawl]",
        'private_hosts = ["127.0.0.0/8"]',
        'delay = "0s"',
        "concurrent_per_domain = 8",
        "max_pages_per_site = 10000",
        "retries = 0", "",
        "[alerts]", 'mode = "immediate"', "",
        "[alerts.email]",
        f'smtp_host = "{smtp.host}"', f"smtp_port = {smtp.port}", 'security = "none"',
        'from = "monitor@example.org"', 'to = ["desk@example.org"]', "",
    ]
    for k, feed in enumerate(feeds, 1):
        lines += ["[[sources]]", f'name = "Site {k}"', 'kind = "feed"', f'url = "{feed}"', ""]
    path = folder / "c.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run_args(config: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "monitor", "run", "--config", str(config), "--db",
            f"sqlite:///{db}"]


def articles_in(db: Path) -> int:
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


def wait_for(db: Path, proc: subprocess.Popen[str], count: int) -> None:
    while articles_in(db) < count:
        if proc.poll() is not None:
            return
        time.sleep(0.05)


def last_status(db: Path) -> str:
    try:
        connection = sqlite3.connect(db, timeout=30)
        try:
            row = connection.execute("SELECT status FROM runs ORDER BY id DESC").fetchone()
            return str(row[0]) if row else "-"
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return f"unreadable ({exc})"


@dataclass(frozen=True)
class Contents:
    urls: list[str]
    stories: list[tuple[int, str, str]]


def contents(db: Path) -> Contents:
    connection = sqlite3.connect(db, timeout=30)
    try:
        urls = sorted(r[0] for r in connection.execute("SELECT canonical_url FROM articles"))
        stories = sorted(connection.execute("SELECT cluster_id, kind, channel FROM alerts"))
    finally:
        connection.close()
    return Contents(urls, stories)


_HEADLINE = re.compile(r"^\s*(?:Link|Address):\s+(\S+)", re.M)


def mails_twice(smtp: RunningServer, since: int) -> int:
    """Stories (by their headline article's URL) in more than one mail, plus mails received
    twice."""
    seen_ids: set[str] = set()
    again = 0
    mailed: dict[str, int] = {}
    for message in smtp.messages[since:]:
        message_id = str(message.get("Message-ID", ""))
        if message_id in seen_ids:
            again += 1
            continue
        seen_ids.add(message_id)
        text = "".join(
            part.get_content() for part in message.walk() if part.get_content_type() == "text/plain"
        )
        for url in set(_HEADLINE.findall(text)):  # each story's headline article
            mailed[url] = mailed.get(url, 0) + 1
    return again + sum(1 for n in mailed.values() if n > 1)


class Bench:
    def __init__(self, args: argparse.Namespace, feeds: list[str], smtp: RunningServer) -> None:
        self.args = args
        self.feeds = feeds
        self.smtp = smtp
        self.work: Path = args.work
        self.reference = Contents([], [])

    def folder(self, name: str) -> Path:
        folder = self.work / "runs" / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def clean_run(self) -> None:
        folder = self.folder("reference")
        config = write_config(folder, self.feeds, self.smtp, "")
        done = subprocess.run(run_args(config, folder / "m.db"), cwd=ROOT, env=env(),
                              capture_output=True, text=True, check=False)
        if done.returncode:
            raise SystemExit(f"the reference run failed: {done.stderr.strip()[-500:]}")
        self.reference = contents(folder / "m.db")

    def scenario(self, name: str) -> Outcome:
        folder = self.folder(name)
        db_folder = folder
        mounted = False
        if name == "disk-full" and os.geteuid() == 0:
            db_folder = folder / "disk"
            db_folder.mkdir()
            mounted = subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=512m", "tmpfs", str(db_folder)],
                capture_output=True, check=False,
            ).returncode == 0
        db = db_folder / "m.db"
        extra = 'busy_timeout = "1s"' if name in ("writer-past", "disk-full") else ""
        config = write_config(folder, self.feeds, self.smtp, extra)
        subprocess.run([sys.executable, "-m", "monitor", "db", "upgrade", "--db",
                        f"sqlite:///{db}"], cwd=ROOT, env=env(), capture_output=True, check=True)
        mails_before = len(self.smtp.messages)
        preexec: Callable[[], None] | None = None
        room = 512 * 1024
        if name == "disk-full":
            if mounted:
                free = os.statvfs(db_folder)
                left = free.f_bavail * free.f_frsize - room
                block = b"\0" * (1 << 20)
                with open(db_folder / "filler", "wb") as out:  # written: a sparse file takes none
                    while left > 0:
                        left -= out.write(block[: min(left, len(block))])
            else:
                limit = room + db.stat().st_size

                def preexec() -> None:
                    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        started = time.monotonic()
        # Output to files, not pipes (a killed run's children would hold a pipe open), and a
        # session of its own so that `kill` takes the run's whole process tree down at once,
        # as a machine that loses power or an OOM kill of the group would.
        with open(folder / "fault.out", "w") as out, open(folder / "fault.err", "w") as err:
            proc = subprocess.Popen(run_args(config, db), cwd=ROOT, env=env(), text=True,
                                    stdout=out, stderr=err, preexec_fn=preexec,
                                    start_new_session=True)
        stop = threading.Event()
        helper: threading.Thread | None = None
        try:
            third = max(1, len(self.reference.urls) // 3)
            if name == "kill":
                wait_for(db, proc, third)
                os.killpg(proc.pid, signal.SIGKILL)
            elif name in ("writer-40s", "writer-past"):
                wait_for(db, proc, max(1, third // 3))
                hold = 40.0 if name == "writer-40s" else 15.0
                holder = sqlite3.connect(db, isolation_level=None)
                holder.execute("BEGIN IMMEDIATE")
                time.sleep(hold)
                holder.execute("ROLLBACK")
                holder.close()
            elif name == "tiny-writer":
                helper = threading.Thread(target=tiny_writer, args=(db, stop))
                helper.start()
            proc.wait(timeout=1800)
        finally:
            stop.set()
            if helper is not None:
                helper.join()
        seconds = time.monotonic() - started
        stored_first = articles_in(db)
        status = last_status(db)
        (db_folder / "filler").unlink(missing_ok=True)
        after = subprocess.run(run_args(config, db), cwd=ROOT, env=env(), capture_output=True,
                               text=True, check=False)
        (folder / "after.out").write_text(after.stdout + after.stderr)
        got = contents(db)
        if mounted:
            shutil.copy(db, folder / "m.db")  # keep it for a look, then let the tmpfs go
            subprocess.run(["umount", "-l", str(db_folder)], capture_output=True, check=False)
        reference = set(self.reference.urls)
        twice = len(got.urls) - len(set(got.urls)) + len(set(got.urls) - reference)
        return Outcome(
            scenario=name,
            fault_exit=proc.returncode,
            fault_status=status,
            fault_seconds=round(seconds, 1),
            stored_by_fault_run=stored_first,
            lost=len(reference - set(got.urls)),
            stored_twice=twice,
            alerts_twice=len(got.stories) - len(set(got.stories))
            + max(0, len(got.stories) - len(self.reference.stories)),
            mails_twice=mails_twice(self.smtp, mails_before),
            after_exit=after.returncode,
        )


def tiny_writer(db: Path, stop: threading.Event) -> None:
    connection = sqlite3.connect(db, isolation_level=None, timeout=60)
    connection.execute("CREATE TABLE IF NOT EXISTS neighbour (at REAL)")
    while not stop.wait(0.2):
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO neighbour VALUES (?)", (time.time(),))
        time.sleep(0.02)
        connection.execute("COMMIT")
    connection.close()


def versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for name in ("scrapy", "sqlalchemy"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="article pages (default 300)")
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--only", default=",".join(SCENARIOS),
                        help=f"scenarios, comma-separated (default: {','.join(SCENARIOS)})")
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "sora-faults")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args(argv)
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario {', '.join(unknown)} (choose from {', '.join(SCENARIOS)})")
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = build(args.work, args.n, args.sites)
    served = Served(corpus, args.work, args.sites)
    outcomes: list[Outcome] = []
    try:
        with smtp_server() as smtp:
            bench = Bench(args, served.feeds, smtp)
            bench.clean_run()
            say(f"reference: {len(bench.reference.urls)} articles, "
                f"{len(bench.reference.stories)} alert stories", args.json)
            for name in wanted:
                outcome = bench.scenario(name)
                outcomes.append(outcome)
                say(f"{name}: {outcome}", args.json)
    finally:
        served.stop()
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "versions": versions(),
        "n": args.n,
        "reference_articles": len(bench.reference.urls),
        "reference_stories": len(bench.reference.stories),
        "scenarios": [asdict(o) for o in outcomes],
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print()
        print("| scenario | fault run: exit, status, s | stored by it | lost | stored twice "
              "| alerts twice | mails twice | next run exit |")
        print("|---|---|---|---|---|---|---|---|")
        for o in outcomes:
            print(f"| {o.scenario} | {o.fault_exit}, {o.fault_status}, {o.fault_seconds} "
                  f"| {o.stored_by_fault_run} | {o.lost} | {o.stored_twice} | {o.alerts_twice} "
                  f"| {o.mails_twice} | {o.after_exit} |")
    bad = any(o.lost or o.stored_twice or o.alerts_twice or o.mails_twice for o in outcomes)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
