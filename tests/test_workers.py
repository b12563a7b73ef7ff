"""Crawl workers ([scale] redis): real Redis and PostgreSQL on loopback, real worker processes,
the demo web (its README is the answer key) and a real SMTP server.

Each test has a Redis key prefix of its own and a fresh PostgreSQL database.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cli.sampleweb import Route, SampleWeb
from storage.engine import Database
from storage.models import Article, Run
from tests.conftest import REDIS, ROOT, Site, cli_env, config_text, invoke_cli, run_cli, start_cli
from tests.smtp_server import smtp_server
from tests.test_alert_delivery import DEMO, KEY, assert_each_story_once
from tests.test_alert_delivery import write_config as demo_config

ARTICLES = {row["path"] for row in KEY}  # the demo web's article pages


@pytest.fixture
def demo_web(tmp_path: Path) -> Iterator[SampleWeb]:
    with SampleWeb(DEMO, log_path=tmp_path / "requests.jsonl") as web:
        yield web


def scaled(config: Path, prefix: str, *, lease: str = "30s") -> Path:
    """The demo configuration with [scale]: Redis, this test's prefix, a short lease."""
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text
        + f'\n[scale]\nredis = "{REDIS}"\nprefix = "{prefix}"\nlease = "{lease}"\n'
        + 'timeout = "120s"\n',
        encoding="utf-8",
    )
    return config


def wait_until_ready(config: Path, count: int, procs: list[subprocess.Popen]) -> None:
    """Until `count` workers say they are alive in Redis (each does once a second)."""
    import redis

    prefix = re.search(r'prefix = "([^"]+)"', config.read_text(encoding="utf-8"))
    assert prefix is not None
    server = redis.Redis.from_url(REDIS)
    deadline = time.monotonic() + 90
    try:
        while server.zcard(f"{prefix[1]}:workers") < count:
            assert time.monotonic() < deadline, "the workers did not start"
            assert all(proc.poll() is None for proc in procs), "a worker stopped"
            time.sleep(0.2)
    finally:
        server.close()


@contextmanager
def workers(config: Path, db: str, logs: Path, count: int) -> Iterator[list[subprocess.Popen]]:
    """`count` worker processes, ready; stopped with SIGTERM afterwards (if still running)."""
    procs = []
    for n in range(count):
        args = [sys.executable, "-m", "monitor", "worker", "--config", str(config), "--db", db,
                "--analysis-workers", "1", "-v"]
        with (logs / f"worker-{n}.log").open("w") as log:
            procs.append(subprocess.Popen(args, cwd=ROOT, env=cli_env(), stdout=log, stderr=log))
    try:
        wait_until_ready(config, count, procs)
        yield procs
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def fetched(web: SampleWeb) -> list[dict]:
    assert web.log_path is not None
    lines = web.log_path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def stored(db: str) -> dict[str, Article]:
    database = Database.open(db)
    try:
        with database.session() as session:
            rows = session.scalars(select(Article)).all()
            return {a.canonical_url: a for a in rows}
    finally:
        database.dispose()


def upgraded(db: str) -> str:
    result = invoke_cli("db", "upgrade", "--db", db)
    assert result.returncode == 0, result.stderr
    return db


def test_two_workers_fetch_each_page_once_and_the_run_closes_with_one_mail_per_story(
    demo_web: SampleWeb, postgres_url: str, redis_prefix: str, tmp_path: Path
) -> None:
    db = upgraded(postgres_url)
    base = demo_web.base_url
    # Article pages answer in a second: a worker takes the feeds, queues their articles and
    # pulls back as many as it can hold (16), so the rest wait in Redis for seconds and the
    # other worker, asking every 0.2 s, surely gets some. On a fast web one worker alone may
    # drain the queue between the other's polls, which is correct but proves nothing.
    for path in ARTICLES:
        demo_web.routes[path] = replace(demo_web.routes.get(path, Route()), delay=1.0)
    with smtp_server() as smtp:
        config = scaled(demo_config(tmp_path, base, smtp_port=smtp.port), redis_prefix)
        with workers(config, db, tmp_path, 2) as procs:
            result = run_cli("run", "--config", str(config), "--db", db, timeout=240)
            assert result.returncode == 0, result.stderr
            assert all(proc.poll() is None for proc in procs), "the workers keep running"
        assert "22 new articles, 9 alerts sent (1 mail)" in result.stdout, result.stdout
        [message] = smtp.messages
        assert_each_story_once(message, base)

    pages = Counter(r["path"] for r in fetched(demo_web) if r["method"] == "GET")
    assert {path: pages[path] for path in ARTICLES} == dict.fromkeys(ARTICLES, 1)
    articles = stored(db)
    assert sorted(url.removeprefix(base) for url in articles) == sorted(ARTICLES)
    by_story: dict[str, set[int | None]] = defaultdict(set)
    for row in KEY:
        by_story[row["story"]].add(articles[base + row["path"]].cluster_id)
    assert all(len(clusters) == 1 for clusters in by_story.values()), by_story
    assert len({a.cluster_id for a in articles.values()}) == len(by_story) == 21
    for n in range(2):  # both took part
        log = (tmp_path / f"worker-{n}.log").read_text(encoding="utf-8")
        assert "scheduler/dequeued/redis" in log, f"worker {n} took nothing: {log[-1500:]}"

    database = Database.open(db)
    with database.session() as session:
        [run] = session.scalars(select(Run)).all()
    database.dispose()
    assert run.status == "ok"
    assert run.counters["pages_fetched"] == 22 and run.counters["articles_new"] == 22


def test_each_host_s_delay_holds_across_two_workers(
    site: Site, postgres_url: str, redis_prefix: str, tmp_path: Path
) -> None:
    db = upgraded(postgres_url)
    other = site.url.replace("127.0.0.1", "localhost")  # a second host
    config = tmp_path / "sora-monitor.toml"
    config.write_text(
        config_text(site.url, {"Malformed": ("feeds/malformed.rss", None)})
        .replace('delay = "0s"', 'delay = "1s"\nconcurrent_per_domain = 1')
        .replace('private_hosts = ["127.0.0.1"]', 'private_hosts = ["127.0.0.1", "localhost"]')
        + f'\n[[sources]]\nname = "Empty"\nkind = "feed"\nurl = "{other}/feeds/empty.rss"\n',
        encoding="utf-8",
    )
    scaled(config, redis_prefix)
    mark = site.mark()
    with workers(config, db, tmp_path, 2):
        result = run_cli("run", "--config", str(config), "--db", db, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "3 new articles" in result.stdout, result.stdout
    by_host: dict[str, list[float]] = defaultdict(list)
    for request in site.requests(mark):
        by_host[request["headers"]["Host"].split(":")[0]].append(request["time"])
    assert set(by_host) == {"127.0.0.1", "localhost"}
    # robots.txt (each worker reads it), the feed, and on 127.0.0.1 its three articles.
    assert len(by_host["127.0.0.1"]) >= 5 and len(by_host["localhost"]) >= 2
    # The site stamps a request when it reads it: on a loaded machine one arrival can lag its
    # send by tens of milliseconds (CI saw 0.936 s after a late one). Two workers that did not
    # share the host's slot would be milliseconds apart, so 0.8 s still tells them apart.
    for host, times in by_host.items():
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps) >= 0.8, (host, gaps)


def test_a_worker_killed_mid_crawl_loses_nothing(
    demo_web: SampleWeb, postgres_url: str, redis_prefix: str, tmp_path: Path
) -> None:
    db = upgraded(postgres_url)
    fast = scaled(demo_config(tmp_path, demo_web.base_url), redis_prefix, lease="2s")
    # The first worker sends one page a second: it is killed half way, holding requests.
    (tmp_path / "slow").mkdir()
    slow = tmp_path / "slow" / "sora-monitor.toml"
    slow.write_text(fast.read_text(encoding="utf-8").replace('delay = "0s"', 'delay = "1s"'))
    run = start_cli("run", "--config", str(fast), "--db", db, "-v")
    try:
        with workers(slow, db, tmp_path / "slow", 1) as [victim]:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and len(stored(db)) < 2:
                time.sleep(0.2)
            victim.send_signal(signal.SIGKILL)
            victim.wait(timeout=10)
        before = stored(db)
        assert 2 <= len(before) < 22, "the worker should have been killed half way"
        (tmp_path / "second").mkdir()
        with workers(fast, db, tmp_path / "second", 1):
            out, err = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert run.returncode == 0, err
    assert "22 new articles" in out, out
    # What the killed worker held came back from its expired leases.
    logs = err + (tmp_path / "second" / "worker-0.log").read_text(encoding="utf-8")
    assert "went back in the queue" in logs
    after = stored(db)
    assert len(after) == 22
    assert all(after[url].body == article.body for url, article in before.items())
    database = Database.open(db)
    with database.session() as session:
        assert session.scalar(select(func.count(Run.id)).where(Run.status == "ok")) == 1
    database.dispose()


def test_without_a_postgresql_database_workers_are_refused_in_one_line(
    redis_prefix: str, tmp_path: Path
) -> None:
    config = scaled(demo_config(tmp_path, "http://127.0.0.1:9"), redis_prefix)
    db = f"sqlite:///{tmp_path / 'monitor.db'}"
    for command in ("worker", "run"):
        result = run_cli(command, "--config", str(config), "--db", db)
        assert result.returncode == 2, result.stderr
        [line] = result.stderr.strip().splitlines()
        assert "needs a PostgreSQL database that every worker shares" in line


def test_an_unreachable_redis_is_one_line_and_exit_1(postgres_url: str, tmp_path: Path) -> None:
    config = demo_config(tmp_path, "http://127.0.0.1:9")
    text = config.read_text(encoding="utf-8")
    config.write_text(text + '\n[scale]\nredis = "redis://127.0.0.1:9/0"\n', encoding="utf-8")
    result = run_cli("worker", "--config", str(config), "--db", postgres_url)
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "cannot reach Redis at redis://127.0.0.1:9/0" in line


def test_two_copies_of_one_story_stored_at_the_same_moment_share_a_cluster(
    postgres_url: str, tmp_path: Path
) -> None:
    """Two workers' stores of a syndicated pair, the second while the first is uncommitted:
    the second waits on the story's locks, then finds the first and joins its cluster."""
    import threading
    from datetime import UTC, datetime

    from scrapy.utils.test import get_crawler

    from crawler.items import ArticleItem
    from crawler.pipelines import StorePipeline
    from monitor.analysis import analyze_page
    from monitor.articles import FeedEntry, Page
    from monitor.config import load_config
    from monitor.states import FetchStatus
    from storage.queries import sync_sources

    base = "http://127.0.0.1:9"
    config = load_config(demo_config(tmp_path, base))
    pair = [(row["path"], row["outlet"]) for row in KEY if row["story"] == "wire-meridian"]
    sources = {"techwire": "Tech Wire", "globalpost": "The Global Post"}
    items = []
    for path, outlet in pair:
        url = base + path
        html = (DEMO / path.lstrip("/")).read_text(encoding="utf-8").replace("{{BASE}}", base)
        entry = FeedEntry(source=sources[outlet], link=url)
        page = Page(url, url, html, datetime.now(UTC), FetchStatus.OK, None, entry)
        items.append(ArticleItem(page, analysis=analyze_page(page)))
    assert items[0].analysis.content_hash != items[1].analysis.content_hash  # near, not exact

    database = Database.open(postgres_url)
    with database.session() as session, session.begin():
        sync_sources(session, config.sources)
    store = StorePipeline(get_crawler(settings_dict={"SORA_CONFIG": config}), None)
    done = threading.Event()

    def second() -> None:
        with database.session() as session, session.begin():
            store._store_article(items[1], session)
        done.set()

    try:
        with database.session() as first:
            first.begin()
            store._store_article(items[0], first)
            racer = threading.Thread(target=second)
            racer.start()
            assert not done.wait(1.5), "the second store must wait for the first's commit"
            first.commit()
        racer.join(timeout=20)
        assert done.is_set()
        with database.session() as session:
            clusters = set(session.scalars(select(Article.cluster_id)))
    finally:
        database.dispose()
    assert len(clusters) == 1 and None not in clusters


def test_a_run_without_workers_gives_up_after_the_timeout_and_says_so(
    demo_web: SampleWeb, postgres_url: str, redis_prefix: str, tmp_path: Path
) -> None:
    config = scaled(demo_config(tmp_path, demo_web.base_url), redis_prefix)
    config.write_text(config.read_text().replace('timeout = "120s"', 'timeout = "2s"'))
    result = run_cli("run", "--config", str(config), "--db", postgres_url)
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "the workers did not finish the cycle within 2s ([scale] timeout)" in line
    assert "4 requests still queued" in line and "sora-monitor worker" in line
    database = Database.open(postgres_url)
    with database.session() as session:
        [run] = session.scalars(select(Run)).all()
    database.dispose()
    assert run.status == "failed" and run.error == line.removeprefix("sora-monitor: error: ")
    assert run.counters["feeds_polled"] == 4 and run.counters["pages_fetched"] == 0
