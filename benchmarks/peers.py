"""The monitor and its peers on one local news web, side by side, in interleaved rounds.

    python benchmarks/peers.py                                  # N=1000, 3 rounds, every tool
    python benchmarks/peers.py --runs 1 --sora-share 0.4        # 40% of the pages about Sora
    python benchmarks/peers.py --only sora-monitor,scrapy-trafilatura --json

Builds the web with corpus.py (N real-template pages over 10 hosts, 127.0.0.2 to 127.0.0.11,
with feeds; kept and reused while its arguments and corpus.py do not change: --rebuild after
changing the labelled texts), serves it with serve.py on loopback (port 80 by default, which
needs root: trafilatura's command line refuses `http://IP:PORT/` URLs), and runs each tool once
a round, the tools in turn (A B C ... A B C ...) so that a noisy machine's drift spreads over
all of them:

  sora-monitor        `sora-monitor run` of this checkout on the N feeds: robots.txt obeyed,
                      [crawl] delay 0 and 16 concurrent per host, a fresh SQLite database a round
  scrapy-raw          Scrapy + feedparser, every article fetched, nothing done with it (the
                      fetch limit); 32 concurrent, 16 per host, no robots.txt
  scrapy-trafilatura  the same with trafilatura.extract() in the callback, one process
  trafilatura-cli     trafilatura's own command line on the article URLs, --parallel 2, JSON to
                      stdout, its config with SLEEP_TIME 0 and SSRF protection off
  news-please         news-please's RssCrawler on the N sites, its "every RSS item passes"
                      heuristic, JSON files only, no images fetched, robots.txt not obeyed

The peers run from virtualenvs of their own under --venvs (created on first use with pip from
the configured registry: Scrapy, feedparser, trafilatura, lxml and lxml_html_clean at the
monitor's versions; news-please with nltk, which its extractor needs for Arabic pages).

For each run: articles collected, wall seconds (process start to exit), articles/s, CPU seconds
(user+sys of the whole process tree) and the peak of the tree's summed RSS, sampled every 0.1 s
from /proc. The table gives the median of the rounds, then the ratios monitor / peer.
Everything talks to 127.0.0.0/8 only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
MB = 2**20
MONITOR = "sora-monitor"
TOOLS = (MONITOR, "scrapy-raw", "scrapy-trafilatura", "trafilatura-cli", "news-please")
DESCRIPTIONS = {
    MONITOR: "sora-monitor run (robots obeyed, delay 0, 16 per host)",
    "scrapy-raw": "raw Scrapy + feedparser, no extraction (the fetch limit)",
    "scrapy-trafilatura": "Scrapy + trafilatura.extract() in the callback, one process",
    "trafilatura-cli": "trafilatura's own CLI, --parallel 2",
    "news-please": "news-please RssCrawler (every item passes)",
}
# Issue 12's targets on the 1,000-page web: the monitor's rate over a peer's, and its memory.
TARGETS = {"scrapy-trafilatura": 1.5, "trafilatura-cli": 1.3}
TARGET_WITH_SORA = {"scrapy-trafilatura": 1.0}
TARGET_TREE_MB = 400


# --- measuring a process tree -------------------------------------------------------------------


def _proc_table() -> dict[int, tuple[int, int, float]]:
    """Every process: pid -> (parent pid, resident bytes, user+sys CPU seconds)."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        table[int(name)] = (int(fields[1]), int(fields[21]) * PAGE_BYTES, cpu)
    return table


def tree_pids(root: int, table: Mapping[int, tuple[int, int, float]] | None = None) -> list[int]:
    """`root` and every process below it."""
    table = _proc_table() if table is None else table
    children: dict[int, list[int]] = {}
    for pid, (parent, _rss, _cpu) in table.items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in table:
            found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def tree_rss(root: int) -> int:
    """The summed resident memory of `root` and its descendants, in bytes."""
    table = _proc_table()
    return sum(table[pid][1] for pid in tree_pids(root, table))


def process_cpu(pid: int) -> float:
    """User+sys CPU seconds of one process so far (0 when it is gone)."""
    table = _proc_table()
    return table[pid][2] if pid in table else 0.0


@dataclass
class Measured:
    """One command's run: its exit code, wall and CPU seconds, and memory peaks."""

    exit_code: int
    wall_s: float
    cpu_s: float  # user+sys of the tree: the larger of the waited rusage and the sampled sum
    peak_tree_mb: float  # the peak of the tree's summed RSS, sampled
    peak_process_mb: float  # the peak of the largest single process, sampled
    samples: int
    timed_out: bool = False


def measure(
    command: Sequence[str],
    *,
    stdout: Path,
    stderr: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 900.0,
    interval: float = 0.1,
) -> Measured:
    """Run `command` in a session of its own, sampling its process tree every `interval`
    seconds until it exits (or `timeout` passes: then the session is killed)."""
    peak = peak_process = 0
    last_cpu: dict[int, float] = {}
    samples = 0
    timed_out = False
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
            env=dict(env) if env is not None else None, cwd=cwd, start_new_session=True,
        )
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            table = _proc_table()
            pids = tree_pids(process.pid, table)
            peak = max(peak, sum(table[p][1] for p in pids))
            peak_process = max([peak_process, *(table[p][1] for p in pids)])
            for p in pids:
                last_cpu[p] = table[p][2]
            samples += 1
            if time.perf_counter() > deadline:
                timed_out = True
                os.killpg(process.pid, signal.SIGKILL)
            time.sleep(interval)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # whatever the tool left behind in its session
    except ProcessLookupError:
        pass
    waited = usage.ru_utime + usage.ru_stime
    return Measured(
        exit_code=process.returncode,
        wall_s=round(wall, 3),
        cpu_s=round(max(waited, sum(last_cpu.values())), 2),
        peak_tree_mb=round(peak / MB, 1),
        peak_process_mb=round(peak_process / MB, 1),
        samples=samples,
        timed_out=timed_out,
    )


# --- the results --------------------------------------------------------------------------------


@dataclass
class Run:
    tool: str
    round: int
    collected: int
    measured: Measured
    article_requests: int
    server_cpu_s: float
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.collected / self.measured.wall_s if self.measured.wall_s > 0 else 0.0


def summarise(runs: Sequence[Run]) -> dict[str, dict[str, float]]:
    """Per tool, the medians over the rounds (and the range of the rate)."""
    summary = {}
    for tool in dict.fromkeys(r.tool for r in runs):
        mine = [r for r in runs if r.tool == tool]
        rates = [r.rate for r in mine]
        summary[tool] = {
            "runs": len(mine),
            "collected": statistics.median(r.collected for r in mine),
            "wall_s": statistics.median(r.measured.wall_s for r in mine),
            "articles_per_s": statistics.median(rates),
            "articles_per_s_min": min(rates),
            "articles_per_s_max": max(rates),
            "cpu_s": statistics.median(r.measured.cpu_s for r in mine),
            "peak_tree_mb": statistics.median(r.measured.peak_tree_mb for r in mine),
            "article_requests": statistics.median(r.article_requests for r in mine),
        }
    return summary


def ratios(summary: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    """The monitor over each peer: articles/s, CPU seconds and peak tree memory."""
    mine = summary.get(MONITOR)
    if mine is None:
        return {}
    found = {}
    for tool, theirs in summary.items():
        if tool == MONITOR:
            continue
        found[tool] = {
            key: (mine[key] / theirs[key] if theirs[key] else 0.0)
            for key in ("articles_per_s", "cpu_s", "peak_tree_mb")
        }
    return found


def render(
    summary: Mapping[str, Mapping[str, float]], n: int, sora_share: float = 0.0
) -> str:
    """The table of medians, then the ratios monitor / peer (with issue 12's targets)."""
    lines = [
        "| tool | articles / N | wall s | articles/s (min-max) | CPU s | peak tree RSS MB |",
        "|---|---|---|---|---|---|",
    ]
    for tool, s in summary.items():
        name = f"**{tool}**" if tool == MONITOR else tool
        spread = (
            f" ({s['articles_per_s_min']:.1f}-{s['articles_per_s_max']:.1f})"
            if s["runs"] > 1 else ""
        )
        lines.append(
            f"| {name} | {s['collected']:.0f} / {n} | {s['wall_s']:.1f} | "
            f"{s['articles_per_s']:.1f}{spread} | {s['cpu_s']:.1f} | {s['peak_tree_mb']:.0f} |"
        )
    found = ratios(summary)
    if found:
        targets = TARGET_WITH_SORA if sora_share > 0 else TARGETS
        lines += [
            "",
            "| monitor / peer | articles/s | CPU s | peak tree RSS | target (articles/s) |",
            "|---|---|---|---|---|",
        ]
        for tool, r in found.items():
            target = targets.get(tool)
            verdict = (
                f">= {target:.1f}x: {'met' if r['articles_per_s'] >= target else 'missed'}"
                if target else ""
            )
            lines.append(
                f"| {tool} | {r['articles_per_s']:.2f}x | {r['cpu_s']:.2f}x | "
                f"{r['peak_tree_mb']:.2f}x | {verdict} |"
            )
        tree = summary[MONITOR]["peak_tree_mb"]
        lines.append(
            f"\nmonitor's process tree: {tree:.0f} MB (target < {TARGET_TREE_MB} MB: "
            f"{'met' if tree < TARGET_TREE_MB else 'missed'})"
        )
    return "\n".join(lines) + "\n"


# --- the tools ----------------------------------------------------------------------------------


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return str(answer.read().decode())


def _venv_ready(venv: Path, module: str) -> bool:
    python = venv / "bin" / "python"
    return python.exists() and subprocess.run(
        [str(python), "-c", f"import {module}"], capture_output=True, check=False
    ).returncode == 0


def ensure_venv(venv: Path, packages: Sequence[str], module: str, log: Path) -> Path:
    """A virtualenv at `venv` where `module` imports, made with pip when it is missing."""
    if not _venv_ready(venv, module):
        print(f"installing {' '.join(packages)} into {venv} (log: {log})", file=sys.stderr,
              flush=True)
        with open(log, "ab") as handle:
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
            subprocess.run(
                [str(venv / "bin" / "python"), "-m", "pip", "install", *packages],
                stdout=handle, stderr=subprocess.STDOUT, check=True,
            )
    return venv / "bin" / "python"


def _pinned(name: str) -> str:
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return name


def _version(python: Path, distribution: str) -> str:
    found = subprocess.run(
        [str(python), "-c",
         f"from importlib.metadata import version; print(version({distribution!r}))"],
        capture_output=True, text=True, check=False,
    )
    return found.stdout.strip() or "?"


def _package_dir(python: Path, module: str) -> Path:
    found = subprocess.run(
        [str(python), "-c", f"import {module}, os; print(os.path.dirname({module}.__file__))"],
        capture_output=True, text=True, check=True,
    )
    return Path(found.stdout.strip())


def _substitute(text: str, changes: Sequence[tuple[str, str]], where: Path) -> str:
    for pattern, replacement in changes:
        text, count = re.subn(pattern, replacement, text, flags=re.M)
        if count != 1:
            raise SystemExit(f"{where}: {pattern!r} matched {count} times, not once")
    return text


def trafilatura_config(python: Path, out: Path) -> Path:
    """trafilatura's own settings.cfg with SLEEP_TIME 0 and SSRF protection off."""
    source = _package_dir(python, "trafilatura") / "settings.cfg"
    text = _substitute(
        source.read_text(encoding="utf-8"),
        [(r"^SLEEP_TIME = .*$", "SLEEP_TIME = 0"),
         (r"^SSRF_PROTECTION = .*$", "SSRF_PROTECTION = off")],
        source,
    )
    out.write_text(text, encoding="utf-8")
    return out


def news_please_config(python: Path, out: Path, work: Path, homes: Sequence[str]) -> Path:
    """news-please's packaged config.cfg for the RssCrawler on `homes`: JSON files under `work`,
    robots.txt not obeyed, 5 crawlers at once, the extractor that fetches no images (offline,
    every image fetch fails after retries), and a site list whose every RSS item passes."""
    source = _package_dir(python, "newsplease") / "config" / "config.cfg"
    text = _substitute(
        source.read_text(encoding="utf-8"),
        [
            (r"^default = \w+$", "default = RssCrawler"),
            (r"^working_path = .*$", f"working_path = {work}/"),
            (r"^ROBOTSTXT_OBEY\s*=.*$", "ROBOTSTXT_OBEY=False"),
            (r"^number_of_parallel_crawlers = \d+$", "number_of_parallel_crawlers = 5"),
            (r"^\s*'newsplease\.pipeline\.pipelines\.HtmlFileStorage':\d+,\n", ""),
            (r"^extractors = \['newspaper_extractor',",
             "extractors = ['newspaper_extractor_no_images',"),
        ],
        source,
    )
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.cfg").write_text(text, encoding="utf-8")
    passes = (
        '"overwrite_heuristics": {"crawler_contains_only_article_alikes": true, '
        '"og_type": false, "linked_headlines": false, "self_linked_headlines": false}, '
        '"pass_heuristics_condition": "crawler_contains_only_article_alikes"'
    )
    sites = ",\n".join(
        f'    {{"url": "{home}", "crawler": "RssCrawler", {passes}}}' for home in homes
    )
    (out / "sitelist.hjson").write_text(f'{{\n  "base_urls": [\n{sites}\n  ]\n}}\n',
                                        encoding="utf-8")
    return out


def monitor_config(path: Path, feeds: Sequence[str], per_site: int) -> Path:
    """The monitor's configuration for the web: its feeds, politeness opened up as far as the
    peers' (no delay, 16 per host) with robots.txt still obeyed."""
    lines = [
        "[crawl]",
        'user_agent = "sora-monitor-bench/0.1 (+https://example.org/contact)"',
        "obey_robots = true",
        f"max_pages_per_site = {2 * per_site + 10}",
        'private_hosts = ["127.0.0.0/8"]',
        'delay = "0s"',
        "concurrent_per_domain = 16",
        "",
    ]
    for k, feed in enumerate(feeds, 1):
        lines += ["[[sources]]", f'name = "Site {k}"', 'kind = "feed"', f'url = "{feed}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def last_json(text: str) -> dict[str, Any]:
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            try:
                found = json.loads(line)
            except ValueError:
                continue
            if isinstance(found, dict):
                return found
    return {}


def count_json_texts(path: Path) -> int:
    """Lines of a JSON-lines file that hold a document with a non-empty "text"."""
    count = 0
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                found = json.loads(line)
            except ValueError:
                continue
            count += bool(isinstance(found, dict) and found.get("text"))
    return count


def _fixed(command: list[str]) -> Callable[[int], list[str]]:
    """The same command every round."""
    return lambda _round: command


def _said(key: str) -> Callable[[Path, int], tuple[int, dict[str, Any]]]:
    """Counting from the JSON line a tool prints last: its `key`."""

    def collect(out: Path, _round: int) -> tuple[int, dict[str, Any]]:
        said = last_json(out.read_text(encoding="utf-8", errors="replace"))
        return int(said.get(key, 0)), said

    return collect


def database_counts(path: Path) -> dict[str, int]:
    """What a monitor run stored: articles, those found relevant, claim sightings."""
    if not path.exists():
        return {"articles": 0, "relevant": 0, "claim_sightings": 0}
    with sqlite3.connect(path) as db:
        return {
            "articles": db.execute("SELECT count(*) FROM articles").fetchone()[0],
            "relevant": db.execute("SELECT count(*) FROM articles WHERE relevant").fetchone()[0],
            "claim_sightings": db.execute("SELECT count(*) FROM claim_sightings").fetchone()[0],
        }


@dataclass
class Tool:
    """A tool as the rounds run it: its command, what to do before a round, and how to count
    what it collected (from its standard output's file, for a round)."""

    name: str
    command: Callable[[int], list[str]]
    collect: Callable[[Path, int], tuple[int, dict[str, Any]]]
    prepare: Callable[[int], None] = lambda _round: None
    env: dict[str, str] | None = None
    cwd: Path | None = None


def _git(*args: str) -> str:
    found = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                           check=False)
    return found.stdout.strip()


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model, "cores": os.cpu_count(), "kernel": platform.release(),
        "python": platform.python_version(), "load_average_after": os.getloadavg(),
    }


class Bench:
    """The web, its server and the tools for one session of rounds."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work: Path = args.work
        self.logs = self.work / "logs"
        self.server: subprocess.Popen[bytes] | None = None
        self.base = ""
        self.versions: dict[str, str] = {}

    # the web

    def corpus(self) -> Path:
        out = self.work / "corpus"
        manifest = out / "manifest.json"
        wanted = {"n": self.args.n, "sites": self.args.sites, "sora_share": self.args.sora_share,
                  "seed": self.args.seed,
                  "builder": hashlib.sha256((HERE / "corpus.py").read_bytes()).hexdigest()[:12]}
        if manifest.exists() and not self.args.rebuild:
            found = json.loads(manifest.read_text(encoding="utf-8"))
            if {key: found.get(key) for key in wanted} == wanted:
                self.say(f"reusing the web in {out}")
                return out
        built = subprocess.run(
            [sys.executable, str(HERE / "corpus.py"), "--n", str(self.args.n), "--sites",
             str(self.args.sites), "--sora-share", str(self.args.sora_share), "--seed",
             str(self.args.seed), "--out", str(out)],
            env=self._monitor_env(), capture_output=True, text=True, check=False,
        )
        if built.returncode:
            raise SystemExit(f"corpus.py failed: {built.stderr.strip()[-500:]}")
        self.say(built.stdout.strip())
        return out

    def say(self, line: str) -> None:
        """Progress: to standard output, or to standard error when that is for the JSON."""
        print(line, file=sys.stderr if self.args.json else sys.stdout, flush=True)

    def serve(self, corpus: Path) -> None:
        out, err = self.work / "serve.out", self.work / "serve.err"
        with open(out, "wb") as stdout, open(err, "wb") as stderr:
            self.server = subprocess.Popen(
                [sys.executable, str(HERE / "serve.py"), "--root", str(corpus), "--port",
                 str(self.args.port)],
                stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
            )
        for _ in range(300):
            time.sleep(0.1)
            first = out.read_text().split("\n", 1)
            if len(first) > 1:
                port = int(first[0])
                self.base = "http://127.0.0.1" + ("" if port == 80 else f":{port}")
                return
            if self.server.poll() is not None:
                raise SystemExit(
                    f"the server stopped: {err.read_text().strip()[-300:]} (port {self.args.port} "
                    "taken on a 127.0.0.x address by another server?)"
                )
        raise SystemExit("the server did not start in 30 s")

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(10)
            except subprocess.TimeoutExpired:
                self.server.kill()

    # the tools

    def _monitor_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        return env

    def tools(self) -> list[Tool]:
        wanted = self.args.only or list(TOOLS)
        feeds = _get(self.base + "/feeds.txt").split()
        urls = self.work / "urls.txt"
        urls.write_text(_get(self.base + "/urls.txt"), encoding="utf-8")
        found: list[Tool] = []
        self.versions["sora-monitor"] = _git("describe", "--always", "--dirty") or "?"
        if MONITOR in wanted:
            found.append(self._monitor(feeds))
        crawl_tools = {"scrapy-raw", "scrapy-trafilatura", "trafilatura-cli"} & set(wanted)
        if crawl_tools:
            python = ensure_venv(
                self.args.venvs / "scrapy-trafilatura",
                [_pinned(name) for name in
                 ("scrapy", "feedparser", "trafilatura", "lxml", "lxml_html_clean")],
                "scrapy, feedparser, trafilatura", self.work / "pip.log",
            )
            for name in ("scrapy", "trafilatura", "feedparser"):
                self.versions[name] = _version(python, name)
            for mode, name in (("raw", "scrapy-raw"), ("trafilatura", "scrapy-trafilatura")):
                if name in wanted:
                    key = "articles" if mode == "raw" else "extracted"
                    command = [str(python), str(HERE / "peer_scrapy.py"),
                               self.base + "/feeds.txt", "--mode", mode]
                    found.append(Tool(name, _fixed(command), _said(key)))
            if "trafilatura-cli" in wanted:
                if self.args.port != 80:
                    print("trafilatura-cli left out: it needs port 80", file=sys.stderr)
                else:
                    config = trafilatura_config(python, self.work / "trafilatura.cfg")
                    command = [str(python.parent / "trafilatura"), "-i", str(urls),
                               "--parallel", "2", "--json", "--config-file", str(config)]
                    found.append(Tool("trafilatura-cli", _fixed(command),
                                      lambda out, _r: (count_json_texts(out), {})))
        if "news-please" in wanted:
            # newspaper4k, news-please's extractor, needs nltk for Arabic and Korean pages
            python = ensure_venv(self.args.venvs / "news-please", ["news-please", "nltk"],
                                 "newsplease, nltk", self.work / "pip.log")
            self.versions["news-please"] = _version(python, "news-please")
            np_work = self.work / "news-please-work"
            homes = [feed.rsplit("/", 1)[0] + "/" for feed in feeds]
            config = news_please_config(python, self.work / "news-please-config", np_work, homes)

            def np_collected(_out: Path, _round: int) -> tuple[int, dict[str, Any]]:
                return sum(1 for _ in (np_work / "data").rglob("*.json")), {}

            command = [str(python.parent / "news-please"), "-c", str(config)]
            found.append(Tool(
                "news-please", _fixed(command), np_collected,
                prepare=lambda _r: shutil.rmtree(np_work, ignore_errors=True), cwd=self.work,
            ))
        return found

    def _monitor(self, feeds: Sequence[str]) -> Tool:
        folder = self.work / "monitor"
        folder.mkdir(parents=True, exist_ok=True)
        config = monitor_config(folder / "sora-monitor.toml", feeds,
                                -(-self.args.n // self.args.sites))
        start = [self.args.monitor] if self.args.monitor else [sys.executable, "-m", "cli"]
        if self.args.monitor:
            self.versions["sora-monitor"] = self.args.monitor

        def database(round_: int) -> Path:
            return folder / f"round-{round_}.db"

        def prepare(round_: int) -> None:
            for suffix in ("", "-journal", "-wal", "-shm", ".lock"):
                Path(f"{database(round_)}{suffix}").unlink(missing_ok=True)

        def collected(out: Path, round_: int) -> tuple[int, dict[str, Any]]:
            counts = database_counts(database(round_))
            said = re.search(r"(\d+) new articles", out.read_text(errors="replace"))
            counts["said_new"] = int(said.group(1)) if said else -1
            return counts["articles"], counts

        def command(round_: int) -> list[str]:
            return [*start, "run", "--config", str(config), "--db", f"sqlite:///{database(round_)}"]

        return Tool(MONITOR, command, collected, prepare=prepare, env=self._monitor_env(),
                    cwd=folder)

    # the rounds

    def run_once(self, tool: Tool, round_: int) -> Run:
        tool.prepare(round_)
        command = tool.command(round_)
        _get(self.base + "/__reset")
        assert self.server is not None
        server_cpu = process_cpu(self.server.pid)
        stdout = self.logs / f"{tool.name}.{round_}.out"
        measured = measure(
            command, stdout=stdout, stderr=self.logs / f"{tool.name}.{round_}.err",
            env=tool.env, cwd=tool.cwd, timeout=self.args.timeout,
        )
        server_cpu = process_cpu(self.server.pid) - server_cpu
        stats = json.loads(_get(self.base + "/__stats"))
        collected, detail = tool.collect(stdout, round_)
        run = Run(tool.name, round_, collected, measured, stats.get("article", 0),
                  round(server_cpu, 2), detail)
        self.say(
            f"round {round_} {tool.name:<19} {collected:>5} articles {measured.wall_s:7.1f} s "
            f"{run.rate:7.1f}/s  CPU {measured.cpu_s:6.1f} s  tree {measured.peak_tree_mb:6.0f} MB"
            f"  {run.article_requests} article requests"
            + (f"  EXIT {measured.exit_code}" if measured.exit_code else "")
            + ("  TIMED OUT" if measured.timed_out else "")
        )
        return run

    def rounds(self, tools: Sequence[Tool]) -> list[Run]:
        self.logs.mkdir(parents=True, exist_ok=True)
        runs = []
        for round_ in range(1, self.args.runs + 1):
            for tool in tools:
                runs.append(self.run_once(tool, round_))
        return runs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Tools: " + ", ".join(TOOLS),
    )
    parser.add_argument("--n", type=int, default=1000, help="article pages (default 1000)")
    parser.add_argument("--sites", type=int, default=10, help="sites, one host each")
    parser.add_argument("--sora-share", type=float, default=0.0, metavar="F",
                        help="share of the pages that are Sora coverage (passed to corpus.py)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--only", type=lambda s: [t for t in s.split(",") if t], default=[],
                        help="a comma-separated subset of the tools")
    parser.add_argument("--port", type=int, default=80,
                        help="the server's port (default 80, needs root; 0: a free one, "
                             "without trafilatura-cli)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/sora-peers"))
    parser.add_argument("--venvs", type=Path, default=None,
                        help="the peers' virtualenvs (default WORK/venvs)")
    parser.add_argument("--monitor", default="",
                        help="a sora-monitor command to run instead of this checkout's")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds a run may take")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the web even if unchanged")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    unknown = set(args.only) - set(TOOLS)
    if unknown:
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    if args.runs < 1 or args.n < 1:
        parser.error("--runs and --n must be at least 1")
    args.venvs = args.venvs or args.work / "venvs"
    args.work.mkdir(parents=True, exist_ok=True)
    bench = Bench(args)
    started = datetime.now(UTC)
    load_before = os.getloadavg()
    try:
        corpus = bench.corpus()
        bench.serve(corpus)
        runs = bench.rounds(bench.tools())
    finally:
        bench.stop()
    summary = summarise(runs)
    result = {
        "date": started.isoformat(timespec="seconds"),
        "command": " ".join(["python", "benchmarks/peers.py", *(argv or sys.argv[1:])]),
        "n": args.n, "sites": args.sites, "sora_share": args.sora_share, "seed": args.seed,
        "runs": args.runs, "machine": machine() | {"load_average_before": load_before},
        "versions": bench.versions, "summary": summary, "ratios": ratios(summary),
        "every_run": [asdict(r) | {"articles_per_s": round(r.rate, 2)} for r in runs],
    }
    (args.work / f"results-share-{args.sora_share:g}.json").write_text(
        json.dumps(result, indent=1), encoding="utf-8"
    )
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        print()
        print(render(summary, args.n, args.sora_share))
        print(f"versions: {json.dumps(bench.versions)}; results in {args.work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
