"""Workers on Redis beside one plain process: articles/s, Redis commands and PostgreSQL
transactions per article, on the loopback web of corpus.py served by serve.py.

    python benchmarks/workers.py                       # N=300, plain, 1, 2 and 4 workers
    python benchmarks/workers.py --n 1000 --modes plain,2 --json

Each mode crawls the whole web into a fresh PostgreSQL database (`--pg`, default the local
server) with `sora-monitor run`: `plain` in its own process, `K` with [scale] redis and K
`sora-monitor worker` processes started before it (each with cores/K analysis processes, at
least one). Articles/s is the run's new articles over the run's wall time (workers already
up). Redis commands are the server's INFO commandstats calls before and after the run, less
those of the script itself; PostgreSQL transactions are pg_stat_database.xact_commit of the
run's database. Both are totals over everything on the server at the time: run it on a quiet
server.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from peers import monitor_config  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS = "private"  # a redis-server of the benchmark's own, so its counters are the run's


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:  # loopback only
        return answer.read().decode()


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SORA_MONITOR_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


@contextmanager
def served(n: int, sites: int, work: Path) -> Iterator[str]:
    corpus = work / f"corpus-{n}-{sites}"
    if not (corpus / "manifest.json").exists():
        subprocess.run([sys.executable, str(HERE / "corpus.py"), "--n", str(n), "--sites",
                        str(sites), "--out", str(corpus)], env=_env(), check=True,
                       capture_output=True)
    out = work / "serve.out"
    with open(out, "wb") as stdout:
        server = subprocess.Popen([sys.executable, str(HERE / "serve.py"), "--root", str(corpus),
                                   "--port", "0"], stdout=stdout, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            time.sleep(0.1)
            first = out.read_text().split("\n", 1)
            if len(first) > 1:
                yield f"http://127.0.0.1:{int(first[0])}"
                break
        else:
            raise SystemExit("serve.py did not start")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


@contextmanager
def private_redis(work: Path) -> Iterator[str]:
    """A redis-server on a free loopback port, nothing kept on disk, stopped afterwards."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
         "--appendonly", "no", "--dir", str(work)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        import redis

        client = redis.Redis.from_url(url)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        client.close()
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


class BackendCPU:
    """CPU seconds of the PostgreSQL backends serving one database (sampled from /proc every
    0.1 s; a backend's last tenth of a second before it exits is not counted)."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.tick = os.sysconf("SC_CLK_TCK")

    def _sample(self) -> None:
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if f" {self.database} ".encode() not in cmdline.read_bytes():
                    continue
                text = (cmdline.parent / "stat").read_text()
            except OSError:
                continue
            fields = text[text.rindex(")") + 2:].split()
            self.seen[int(cmdline.parent.name)] = (int(fields[11]) + int(fields[12])) / self.tick

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self._sample()

    def __enter__(self) -> BackendCPU:
        self._sample()
        self.start = sum(self.seen.values())
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def seconds(self) -> float:
        return sum(self.seen.values()) - self.start


@contextmanager
def database(server: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"sora_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def xact_commits(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_stat_clear_snapshot()"))
        value = connection.execute(text(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
        )).scalar()
    engine.dispose()
    return int(value or 0)


def redis_cpu(client: Any) -> float:
    info = client.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def redis_calls(client: Any) -> int:
    stats = client.info("commandstats")
    return sum(int(v["calls"]) for v in stats.values())


def redis_commands(client: Any) -> dict[str, tuple[int, int]]:
    """Calls and microseconds of execution per command, since the server started."""
    stats = client.info("commandstats")
    return {name.removeprefix("cmdstat_"): (int(v["calls"]), int(v["usec"]))
            for name, v in stats.items()}


def stop(workers: Sequence[subprocess.Popen[bytes]]) -> None:
    for proc in workers:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in workers:
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def measured(config: Path, db: str, base: str, client: Any) -> dict[str, Any]:
    """One `sora-monitor run`, and what the servers did meanwhile."""
    _get(base + "/__reset")
    time.sleep(1.0)
    commits = xact_commits(db)
    redis_before, commands_before = redis_cpu(client), redis_commands(client)
    started = time.monotonic()
    with BackendCPU(db.rsplit("/", 1)[1]) as backends:
        result = subprocess.run([sys.executable, "-m", "monitor", "run", "--config", str(config),
                                 "--db", db], env=_env(), capture_output=True, text=True)
        seconds = time.monotonic() - started
    redis_used = redis_cpu(client) - redis_before
    commands = {
        name: (n - commands_before.get(name, (0, 0))[0], us - commands_before.get(name, (0, 0))[1])
        for name, (n, us) in redis_commands(client).items()
    }
    time.sleep(1.0)  # the statistics collector catches up
    if result.returncode:
        raise SystemExit(f"run failed: {result.stderr.strip()[-500:]}")
    found = re.search(r"(\d+) new articles", result.stdout)
    return {
        "articles": int(found[1]) if found else 0,
        "seconds": seconds,
        "pg_cpu": backends.seconds,
        "redis_cpu": redis_used,
        "commands": {k: v for k, v in commands.items() if v[0] > 0},
        "commits": xact_commits(db) - commits - 2,  # less this script's own two reads
    }


def one_mode(
    mode: str, base: str, pg: str, redis_url: str, work: Path, analysis: int | None
) -> dict[str, Any]:
    import redis

    feeds = _get(base + "/feeds.txt").split()
    client = redis.Redis.from_url(redis_url)
    prefix = f"sora-bench-{uuid.uuid4().hex[:8]}"
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = usage.ru_utime + usage.ru_stime
    with database(pg) as db:
        subprocess.run([sys.executable, "-m", "monitor", "db", "upgrade", "--db", db],
                       env=_env(), check=True, capture_output=True)
        config = monitor_config(work / f"{mode}.toml", feeds, per_site=10_000)
        workers: list[subprocess.Popen[bytes]] = []
        try:
            if mode != "plain":
                count = int(mode)
                with config.open("a", encoding="utf-8") as file:
                    file.write(f'\n[scale]\nredis = "{redis_url}"\nprefix = "{prefix}"\n')
                per = analysis if analysis is not None else (os.cpu_count() or 1) // count
                for _ in range(count):
                    workers.append(subprocess.Popen(
                        [sys.executable, "-m", "monitor", "worker", "--config", str(config),
                         "--db", db, "--analysis-workers", str(max(1, per))],
                        env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
                time.sleep(8)  # the workers start (Scrapy, the analysis modules)
            run = measured(config, db, base, client)
        finally:
            stop(workers)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    articles = run["articles"]
    stats = json.loads(_get(base + "/__stats"))
    per_article = {  # Redis: calls and execution microseconds per article, by command
        name: [round(n / articles, 2), round(us / articles, 1)]
        for name, (n, us) in sorted(run["commands"].items(), key=lambda kv: -kv[1][1])
        if name not in ("info", "scan", "del")  # this script's own
    } if articles and mode != "plain" else {}
    calls = sum(v[0] for v in per_article.values())
    return {
        "mode": mode,
        "articles": articles,
        "article_fetches": stats.get("article"),
        "seconds": round(run["seconds"], 1),
        "articles_per_s": round(articles / run["seconds"], 1),
        "cpu_s": round(cpu, 1),  # every process of the mode, start-up included
        "redis_per_article": round(calls, 1) if per_article else None,
        "redis_exec_us_per_article": (round(sum(v[1] for v in per_article.values()), 1)
                                      if per_article else None),
        "redis_cpu_ms_per_article": (round(1000 * run["redis_cpu"] / articles, 3)
                                     if per_article else None),
        "pg_xacts_per_article": round(run["commits"] / articles, 1) if articles else None,
        # the CPU of the run's database's backends
        "pg_cpu_ms_per_article": round(1000 * run["pg_cpu"] / articles, 2) if articles else None,
        "redis_commands": per_article,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="article pages (default 300)")
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--modes", default="plain,1,2,4", help="plain and worker counts")
    parser.add_argument("--pg", default=PG, help="a PostgreSQL server (a database is made)")
    parser.add_argument("--redis", default=REDIS,
                        help="a Redis URL, or `private` (default): a redis-server of its own")
    parser.add_argument("--analysis", type=int, help="analysis processes per worker "
                        "(default: cores / workers, at least 1)")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds (median)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="sora-workers-") as tmp, ExitStack() as stack:
        work = Path(tmp)
        if args.redis == "private":
            args.redis = stack.enter_context(private_redis(work))
        with served(args.n, args.sites, work) as base:
            modes = [mode.strip() for mode in args.modes.split(",")]
            runs: dict[str, list[dict[str, Any]]] = {mode: [] for mode in modes}
            for _ in range(args.rounds):
                for mode in modes:
                    runs[mode].append(one_mode(mode, base, args.pg, args.redis, work,
                                               args.analysis))
                    if not args.json:
                        print(runs[mode][-1], file=sys.stderr, flush=True)
            for mode in modes:
                ordered = sorted(runs[mode], key=lambda r: r["articles_per_s"])
                rows.append(ordered[len(ordered) // 2])
    plain = next((r for r in rows if r["mode"] == "plain"), None)
    for row in rows:
        row["vs_plain"] = (round(row["articles_per_s"] / plain["articles_per_s"], 2)
                           if plain and plain["articles_per_s"] else None)
    if args.json:
        print(json.dumps(rows))
        return 0
    print("| mode | articles | fetches | s | articles/s | vs plain | CPU s | Redis cmds/article "
          "| Redis exec µs/article | Redis CPU ms/article | PG xacts/article "
          "| PG CPU ms/article |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['mode']} | {r['articles']} | {r['article_fetches']} | {r['seconds']} | "
              f"{r['articles_per_s']} | {r['vs_plain']} | {r['cpu_s']} | "
              f"{r['redis_per_article']} | {r['redis_exec_us_per_article']} | "
              f"{r['redis_cpu_ms_per_article']} | "
              f"{r['pg_xacts_per_article']} | {r['pg_cpu_ms_per_article']} |")
    for r in rows:
        if r["redis_commands"]:
            print(f"\n{r['mode']} worker(s), Redis per article [calls, µs]: "
                  + json.dumps(r["redis_commands"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
