"""The whole cycle, as `sora-monitor run` runs it, against the loopback test web."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from monitor.errors import LockHeld
from scheduler.lock import lock_for, lock_path_for
from storage.engine import Database
from storage.models import Article, ArticleURL, Run, Source
from tests.conftest import ROOT, Site, cli_env, config_text, run_cli


def articles_by_path(db_url: str, site: Site) -> dict[str, Article]:
    database = Database.open(db_url)
    try:
        with database.session() as session:
            return {
                a.canonical_url.removeprefix(site.url): a
                for a in session.scalars(
                    select(Article).options(
                        selectinload(Article.urls), selectinload(Article.source)
                    )
                )
            }
    finally:
        database.dispose()


@pytest.fixture
def crawled(site: Site, site_config: Path, sqlite_url: str) -> tuple[str, int]:
    """One run over the test web; returns the database URL and the log mark before the run."""
    mark = site.mark()
    result = run_cli("run", "--config", str(site_config), "--db", sqlite_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("run 1 partial: 6 sources polled (1 failed)"), result.stdout
    return sqlite_url, mark


def test_every_reachable_article_is_stored_once(site: Site, crawled: tuple[str, int]) -> None:
    db_url, _ = crawled
    articles = articles_by_path(db_url, site)
    assert set(articles) == {
        "/tech/2024/11/sora-leak-hugging-face.html",  # feed link had utm_* and a fragment
        "/tech/2024/11/openai-pauses-sora-access.html",  # fetched as /amp/..., canonical here
        "/tech/2024/11/sora-clips-spread-on-x.html",
        "/tech/2025/09/sora-2-launch.html",
        "/tech/2025/10/sora-app-top-app-store.html",
        "/games/2024/11/kingdom-hearts-sora-retrospective.html",
        "/tech/2024/11/sora-leak-explainer.html",  # 404: kept from the feed summary
        "/broken/500.html",  # 500: kept from the feed summary
        "/private/secret.html",  # robots.txt: not fetched, kept from the feed summary
        "/ar/2024/11/sora-leak-hugging-face.html",
        "/ar/2024/11/hal-yajib-tawakhi-alhadhar-min-sora.html",
        "/ar/2025/10/sora-2.html",
        "/ar/legacy-1256.html",
        "/ar/legacy-meta.html",
    }
    amp = articles["/tech/2024/11/openai-pauses-sora-access.html"]
    assert {u.url.removeprefix(site.url) for u in amp.urls} == {
        "/amp/tech/2024/11/openai-pauses-sora-access.html",
        "/tech/2024/11/openai-pauses-sora-access.html",
    }


def test_pages_are_extracted_with_dates_authors_and_bodies(
    site: Site, crawled: tuple[str, int]
) -> None:
    articles = articles_by_path(crawled[0], site)
    leak = articles["/tech/2024/11/sora-leak-hugging-face.html"]
    assert (
        leak.title == "OpenAI's Sora leaked on Hugging Face by artists in its early-access program"
    )
    assert leak.published_at.isoformat() == "2024-11-26T18:40:00+00:00"
    assert leak.author
    assert "Hugging Face" in leak.body and leak.body_source == "page"
    assert "Tech Wire Media. All rights reserved" not in leak.body  # boilerplate left out
    assert leak.source.name in {"Tech Wire", "Malformed"}  # both feeds list it; first wins
    arabic = articles["/ar/2024/11/sora-leak-hugging-face.html"]
    assert arabic.published_at is not None and arabic.body.count(" ") > 50


def test_windows_1256_pages_are_read_as_arabic(site: Site, crawled: tuple[str, int]) -> None:
    articles = articles_by_path(crawled[0], site)
    by_header = articles["/ar/legacy-1256.html"]
    by_meta = articles["/ar/legacy-meta.html"]
    assert "ثلاث ساعات" in by_header.body
    assert "157 مليار دولار" in by_header.body
    assert "الفنانون" in by_meta.title
    for article in (by_header, by_meta):
        # Mojibake of Arabic read as latin-1 / cp1252 is full of these.
        assert not any(ch in article.body for ch in "ÃØÙÚ\ufffd")


def test_failed_pages_keep_the_feed_summary(site: Site, crawled: tuple[str, int]) -> None:
    articles = articles_by_path(crawled[0], site)
    gone = articles["/tech/2024/11/sora-leak-explainer.html"]
    assert (gone.fetch_status, gone.body_source, gone.fetch_error) == ("gone", "feed", "HTTP 404")
    assert gone.body.startswith("The Hugging Face page that briefly opened Sora")
    failed = articles["/broken/500.html"]
    assert (failed.fetch_status, failed.body_source) == ("failed", "feed")
    assert articles["/private/secret.html"].fetch_status == "disallowed"


def test_hostile_input_is_refused_or_neutralised(site: Site, crawled: tuple[str, int]) -> None:
    db_url, mark = crawled
    articles = articles_by_path(db_url, site)
    hostile = articles["/tech/2024/11/sora-clips-spread-on-x.html"]
    assert "\x1b" not in hostile.title and "<script>" not in hostile.title
    assert "Sora leak clips spread on X" in hostile.title
    assert not any(url.startswith(("file:", "ftp:", "data:")) for url in articles)
    paths = [r["path"] for r in site.requests(mark)]
    assert "/private/secret.html" not in paths  # robots.txt obeyed
    database = Database.open(db_url)
    with database.session() as session:
        run = session.scalars(select(Run)).one()
        assert run.status == "partial"
        assert run.counters["urls_refused"] >= 4  # file:, ftp:, data:, 169.254.169.254
        assert run.counters["feeds_failed"] == 1 and run.counters["feeds_malformed"] == 2
        assert run.counters["errors_http_404"] == 1 and run.counters["errors_http_500"] == 1
        dead = session.scalars(select(Source).where(Source.name == "Dead feed")).one()
        assert dead.last_error == "HTTP 404" and dead.consecutive_failures == 3.0
        tech = session.scalars(select(Source).where(Source.name == "Tech Wire")).one()
        assert tech.etag and tech.last_modified and tech.last_ok_at and tech.last_entries == 8
    database.dispose()


def test_second_run_sends_only_conditional_feed_requests(
    site: Site, crawled: tuple[str, int], site_config: Path
) -> None:
    db_url, _ = crawled
    mark = site.mark()
    result = run_cli("run", "--config", str(site_config), "--db", db_url)
    assert result.returncode == 0, result.stderr
    assert "0 pages fetched, 0 new articles" in result.stdout
    requests = [r for r in site.requests(mark) if r["path"] != "/robots.txt"]
    feeds = {r["path"]: r for r in requests}
    assert set(feeds) == {
        "/feeds/tech-en.rss",
        "/feeds/arabic.atom",
        "/feeds/malformed.rss",
        "/feeds/hostile.rss",
        "/feeds/empty.rss",
        "/feeds/does-not-exist.rss",
    }, "an article page was fetched again"
    for path, request in feeds.items():
        if path == "/feeds/does-not-exist.rss":
            assert request["status"] == 404
            continue
        assert request["status"] == 304, path
        assert "If-None-Match" in request["headers"] and "If-Modified-Since" in request["headers"]
        assert request["headers"]["User-Agent"].startswith("sora-monitor/0.1 (+https://")
    assert len(articles_by_path(db_url, site)) == 14


def test_redirect_to_the_metadata_address_is_refused(
    site: Site, tmp_path: Path, sqlite_url: str
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(config_text(site.url, {"Redirects": ("feeds/redirects.rss", "en")}))
    result = run_cli("run", "--config", str(config), "--db", sqlite_url)
    assert result.returncode == 0, result.stderr
    assert "169.254.169.254" in result.stderr and "link-local" in result.stderr
    articles = articles_by_path(sqlite_url, site)
    # The safe redirect was followed and stored under the article's own URL; the unsafe one not.
    assert set(articles) == {"/tech/2024/11/sora-leak-hugging-face.html"}
    with Database.open(sqlite_url).session() as session:
        urls = set(session.scalars(select(ArticleURL.url)))
    assert f"{site.url}/go/redirect-article" in urls


def test_private_addresses_are_refused_unless_listed(
    site: Site, tmp_path: Path, sqlite_url: str
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        config_text(site.url).replace('private_hosts = ["127.0.0.1"]', "private_hosts = []")
    )
    result = run_cli("run", "--config", str(config), "--db", sqlite_url)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "private-address" in result.stderr and "private_hosts" in result.stderr
    assert "no source could be reached" in result.stderr


def test_an_overlapping_run_exits_75_at_once(site_config: Path, sqlite_url: str) -> None:
    with lock_for(sqlite_url):
        started = time.monotonic()
        result = run_cli("run", "--config", str(site_config), "--db", sqlite_url)
    assert result.returncode == 75, result.stderr
    assert "another run holds the lock" in result.stderr
    assert time.monotonic() - started < 30


def test_two_real_runs_race_for_the_lock_whatever_path_names_the_database(
    site: Site, tmp_path: Path, sqlite_url: str
) -> None:
    """The second run reaches the database through a symlink: it is the same database, so it
    must find the lock taken (a lock file per path name let both runs in)."""
    config = tmp_path / "slow.toml"
    # A feed that answers after 3 seconds keeps the first run busy.
    config.write_text(config_text(site.url, {"Slow": ("slow.html", None)}))
    assert run_cli("db", "upgrade", "--db", sqlite_url).returncode == 0
    alias = tmp_path / "elsewhere" / "alias.db"
    alias.parent.mkdir()
    alias.symlink_to(tmp_path / "monitor.db")
    args = [sys.executable, "-m", "monitor", "run", "--config", str(config), "--db", sqlite_url]
    first = subprocess.Popen(
        args, cwd=ROOT, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        lock = lock_path_for(sqlite_url)
        assert lock is not None and lock_path_for(f"sqlite:///{alias}") == lock
        deadline = time.monotonic() + 30
        while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = run_cli("run", "--config", str(config), "--db", f"sqlite:///{alias}")
        assert second.returncode == 75, second.stderr
        assert "another run holds the lock" in second.stderr
    finally:
        _, stderr = first.communicate(timeout=60)
    assert first.returncode in (0, 1), stderr  # /slow.html is not a feed: that is fine here
    assert not (alias.parent / "alias.db.lock").exists()


def test_runs_on_postgresql_share_one_lock_in_the_server(
    site: Site, tmp_path: Path, postgres_url: str
) -> None:
    """The lock lives in the database server: another spelling of the same database's URL
    (another machine's, say) is locked out too, and a killed holder frees it."""
    other_spelling = postgres_url.replace("127.0.0.1", "localhost")
    assert other_spelling != postgres_url
    config = tmp_path / "slow.toml"
    config.write_text(config_text(site.url, {"Slow": ("slow.html", None)}))
    with lock_for(postgres_url):
        held = run_cli("run", "--config", str(config), "--db", other_spelling)
        assert held.returncode == 75, held.stderr
        assert "another run holds the lock" in held.stderr
        with pytest.raises(LockHeld):
            lock_for(other_spelling).acquire()
    # Released with its connection, also when the holder dies without a word.
    args = [sys.executable, "-m", "monitor", "run", "--config", str(config), "--db", postgres_url]
    first = subprocess.Popen(args, cwd=ROOT, env=cli_env(), stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: advisory_locks(postgres_url) == 1, "the run to take the lock")
    finally:
        first.kill()
        first.wait(timeout=30)
    wait_until(lambda: advisory_locks(postgres_url) == 0, "the killed run's lock to go")
    with lock_for(other_spelling):
        pass


def advisory_locks(url: str) -> int:
    """Advisory locks held in the database at `url` (read without taking one)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                text(
                    "SELECT count(*) FROM pg_locks JOIN pg_database d ON d.oid = database "
                    "WHERE locktype = 'advisory' AND granted AND d.datname = current_database()"
                )
            ).scalar_one()
    finally:
        engine.dispose()


def wait_until(condition, what: str, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_run_stores_into_postgresql(site: Site, site_config: Path, postgres_url: str) -> None:
    result = run_cli("run", "--config", str(site_config), "--db", postgres_url)
    assert result.returncode == 0, result.stderr
    articles = articles_by_path(postgres_url, site)
    assert len(articles) == 14
    assert "ثلاث ساعات" in articles["/ar/legacy-1256.html"].body
    again = run_cli("run", "--config", str(site_config), "--db", postgres_url)
    assert again.returncode == 0 and "0 new articles" in again.stdout
    assert len(articles_by_path(postgres_url, site)) == 14


def test_oversized_pages_and_slow_feeds_fail_cleanly(
    site: Site, tmp_path: Path, sqlite_url: str
) -> None:
    config = tmp_path / "c.toml"
    feeds = {"Arabic": ("feeds/arabic.atom", "ar"), "Slow": ("slow.html", None)}
    text = config_text(site.url, feeds).replace(
        'timeout = "10s"', 'timeout = "1s"\nmax_page_bytes = 5000'
    )
    config.write_text(text)
    result = run_cli("run", "--config", str(config), "--db", sqlite_url)
    assert result.returncode == 0, result.stderr
    assert "'Slow'" in result.stderr and "timed out" in result.stderr
    articles = articles_by_path(sqlite_url, site)
    # Pages over the cap are not read; their feed summaries are kept instead.
    seed_copy = articles["/ar/2024/11/hal-yajib-tawakhi-alhadhar-min-sora.html"]  # ~9 KB page
    assert (seed_copy.body_source, seed_copy.fetch_status) == ("feed", "failed")
    assert seed_copy.fetch_error == "larger than max_page_bytes"
    assert articles["/ar/legacy-1256.html"].body_source == "page"  # small pages still read
    with Database.open(sqlite_url).session() as session:
        slow = session.scalars(select(Source).where(Source.name == "Slow")).one()
        assert slow.last_error == "timed out" and slow.consecutive_failures == 1.0


def test_scrapy_crawl_feeds_works_standalone_in_the_checkout(
    site: Site, site_config: Path, sqlite_url: str
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "feeds",
            "-s",
            f"SORA_CONFIG_FILE={site_config}",
            "-s",
            "LOG_LEVEL=INFO",
            # Past its second page the analysis moves to a pool of two worker processes.
            "-s",
            "SORA_ANALYSIS_POOL_AFTER=2",
            "-s",
            "SORA_ANALYSIS_WORKERS=2",
        ],
        cwd=ROOT,
        env=cli_env(SORA_MONITOR_DB=sqlite_url),  # the database as the CLI would find it
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    articles = articles_by_path(sqlite_url, site)
    assert len(articles) == 14
    assert all(a.language in ("ar", "en") and a.content_hash for a in articles.values())
    assert "'sora/analysis/workers': 2" in result.stderr


def test_each_stored_article_is_analysed(site: Site, crawled: tuple[str, int]) -> None:
    from storage.models import ClaimSighting

    db_url, _ = crawled
    articles = articles_by_path(db_url, site)
    languages = {path: a.language for path, a in articles.items()}
    assert all(languages[p] == "ar" for p in languages if p.startswith("/ar/"))
    assert all(languages[p] == "en" for p in languages if p.startswith(("/tech/", "/games/")))
    game = articles["/games/2024/11/kingdom-hearts-sora-retrospective.html"]
    assert (
        game.relevant is False and game.leak_report is False and "-game" in game.relevance_signals
    )
    leak = articles["/tech/2024/11/sora-leak-hugging-face.html"]
    assert leak.relevant and leak.leak_report and 0.5 <= leak.relevance_score <= 1
    assert articles["/tech/2025/09/sora-2-launch.html"].leak_report is False
    copy = articles["/ar/2024/11/hal-yajib-tawakhi-alhadhar-min-sora.html"]
    assert copy.seed_copy is True and copy.seed_similarity > 0.8
    assert articles["/ar/2024/11/sora-leak-hugging-face.html"].seed_copy is False
    assert all(a.content_hash and a.cluster_id for a in articles.values())
    assert len({a.cluster_id for a in articles.values()}) == len(articles)  # no syndication here
    database = Database.open(db_url)
    with database.session() as session:
        sightings = {
            (s.claim_id, s.variant)
            for s in session.scalars(
                select(ClaimSighting).where(
                    ClaimSighting.article_id == articles["/ar/legacy-1256.html"].id
                )
            )
        }
        assert ("shut-down-three-hours", "3 hours") in sightings
        assert ("openai-valuation-150b", "$157 billion") in sightings
        total = session.scalar(select(func.count(ClaimSighting.id)))
        assert not session.scalars(
            select(ClaimSighting).where(ClaimSighting.article_id == game.id)
        ).all()  # irrelevant articles carry no claims
    database.dispose()
    assert total > 20


def test_syndicated_copies_share_a_cluster_and_sightings_are_not_duplicated(tmp_path: Path) -> None:
    import json

    db = f"sqlite:///{tmp_path / 'demo.db'}"
    result = run_cli("demo", "--format", "json", "--db", db)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    wire = [
        r
        for r in rows
        if r["source"] in ("Tech Wire", "The Global Post")
        and ("Artists briefly hand" in r["title"] or "protest over unpaid work" in r["title"])
    ]
    assert len(wire) == 2 and wire[0]["cluster_id"] == wire[1]["cluster_id"]
    clusters = [r["cluster_id"] for r in rows]
    assert len(set(clusters)) == len(rows) - 1  # that pair is the only shared story
    seed_copies = [r for r in rows if r["seed_copy"]]
    assert len(seed_copies) == 1 and seed_copies[0]["language"] == "ar"
    assert len(seed_copies[0]["claims"]) >= 12
    from storage.models import ClaimSighting

    database = Database.open(db)
    with database.session() as session:
        before = session.scalar(select(func.count(ClaimSighting.id)))
    database.dispose()
    assert before == sum(len(r["claims"]) for r in rows)


def test_a_killed_run_loses_nothing_and_the_next_run_completes(
    site: Site, tmp_path: Path, sqlite_url: str
) -> None:
    import signal

    slow = tmp_path / "slow.toml"
    # One request a second per site: the crawl takes long enough to be killed in the middle.
    slow.write_text(config_text(site.url).replace('delay = "0s"', 'delay = "1s"'))
    args = [sys.executable, "-m", "monitor", "run", "--config", str(slow), "--db", sqlite_url]
    victim = subprocess.Popen(args, cwd=ROOT, env=cli_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    stored: dict[str, Article] = {}
    while time.monotonic() < deadline and len(stored) < 3:
        time.sleep(0.3)
        try:
            stored = articles_by_path(sqlite_url, site)
        except Exception:  # the database may not exist yet
            stored = {}
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=30)
    assert 3 <= len(stored) < 14, "the run should have been killed half way"
    before = {path: a.body for path, a in articles_by_path(sqlite_url, site).items()}

    fast = tmp_path / "fast.toml"
    fast.write_text(config_text(site.url))
    result = run_cli("run", "--config", str(fast), "--db", sqlite_url)  # the lock was released
    assert result.returncode == 0, result.stderr
    after = articles_by_path(sqlite_url, site)
    assert len(after) == 14
    assert all(after[path].body == body for path, body in before.items())
    with Database.open(sqlite_url).session() as session:
        statuses = [r.status for r in session.scalars(select(Run).order_by(Run.id))]
    assert statuses == ["interrupted", "partial"]


def listening_sockets(pid: int) -> list[str]:
    """The TCP addresses process `pid` listens on (read from /proc)."""
    fds = Path(f"/proc/{pid}/fd")
    inodes = set()
    for fd in fds.iterdir():
        try:
            target = str(fd.readlink())
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                found.append(fields[1])
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads sockets from Linux /proc")
def test_a_run_listens_on_nothing_and_a_killed_one_leaves_no_token_file(
    site: Site, tmp_path: Path, sqlite_url: str
) -> None:
    """Scrapy 2.19 starts a remote-control HTTP server with every crawl (it runs the Python it
    is sent) and writes its port and token to a file that a killed crawl leaves behind. The
    monitor needs neither it nor the telnet console: both are off."""
    state = tmp_path / "state"  # where Scrapy would write the file (platformdirs' state dir)
    config = tmp_path / "slow.toml"
    config.write_text(config_text(site.url, {"Slow": ("slow.html", None)}))  # answers in 3 s
    mark = site.mark()
    args = [sys.executable, "-m", "monitor", "run", "--config", str(config), "--db", sqlite_url]
    run = subprocess.Popen(
        args, cwd=ROOT, env=cli_env(XDG_STATE_HOME=str(state)), stderr=subprocess.DEVNULL
    )
    try:
        # robots.txt is asked once the engine runs; the slow page keeps it running.
        wait_until(
            lambda: any(r["path"] == "/robots.txt" for r in site.requests(mark)),
            "the crawl to start",
        )
        assert run.poll() is None, "the run ended before it could be looked at"
        assert listening_sockets(run.pid) == []
    finally:
        run.kill()
        run.wait(timeout=30)
    assert not [p for p in state.rglob("*") if p.is_file()], "a token file was left behind"


def test_the_run_s_counters_are_read_from_the_rows_it_wrote(crawled: tuple[str, int]) -> None:
    """Each poll of the run is a row: its answer, what fetching found for it, its validators
    saved once all it led to was stored; the run's counters add them up."""
    from storage.models import SourcePoll

    db_url, _ = crawled
    database = Database.open(db_url)
    with database.session() as session:
        run = session.scalars(select(Run)).one()
        polls = list(session.scalars(select(SourcePoll).where(SourcePoll.run_id == run.id)))
        names = {s.id: s.name for s in session.scalars(select(Source))}
        new = session.scalar(select(func.count(Article.id)).where(Article.run_id == run.id))
    database.dispose()
    assert len(polls) == run.counters["feeds_polled"] == 6
    assert all(p.answered_at and p.pending == 0 for p in polls)
    fetched = sum((p.counts or {}).get("sora/pages/fetched", 0) for p in polls)
    assert fetched == run.counters["pages_fetched"] > 0
    assert new == run.counters["articles_new"] == 14
    saved = {names[p.source_id] for p in polls if p.validators_saved_at}
    assert "Tech Wire" in saved and "Dead feed" not in saved
