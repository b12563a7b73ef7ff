"""An outage of this machine is not its sources' failure; a run that polls nothing says so.

With the network gone for real (a run inside `unshare -n`: no DNS, no route, not even
loopback) or every source refusing connections, the run exits 1 saying this machine seems
offline, and no source is backed off or disabled however often it happens. A run in which
every source is disabled or not due is `idle`, and exits 1 once nothing has been polled for
longer than `[crawl] idle_alarm`. `sources enable --all` and `--failed` bring sources back.
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.outage import PollVerdict, is_outage, judge_idle
from storage.engine import Database
from storage.health import record_failure
from tests.conftest import ROOT, Site, cli_env, invoke_cli, run_cli


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def config(tmp_path: Path, urls: dict[str, str], extra: str = "") -> Path:
    lines = [
        "[crawl]",
        'private_hosts = ["127.0.0.1"]',
        'delay = "0s"',
        'timeout = "5s"',
        "retries = 0",
        extra,
    ]
    for name, url in urls.items():
        lines += ["", "[[sources]]", f'name = "{name}"', 'kind = "feed"', f'url = "{url}"']
    path = tmp_path / "c.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def health(db: Path) -> dict[str, tuple[int, float, str | None]]:
    """name -> (enabled, weighted failures, next_allowed_at) as stored."""
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute(
            "SELECT name, enabled, consecutive_failures, next_allowed_at FROM sources"
        )
        return {name: (enabled, failures or 0.0, due) for name, enabled, failures, due in rows}
    finally:
        connection.close()


def unshared(*args: str) -> subprocess.CompletedProcess[str]:
    """`sora-monitor ARGS` in a network namespace of its own: no interface is up."""
    return subprocess.run(
        ["unshare", "-n", sys.executable, "-m", "monitor", *args],
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=180,
    )


def can_unshare() -> bool:
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    except OSError:
        return False


# -- the rule ---------------------------------------------------------------------------------


def test_the_outage_rule() -> None:
    def failed(cause: str, server: str) -> PollVerdict:
        return PollVerdict(True, cause, server)

    assert is_outage([failed("dns", "a.example"), failed("no_route", "10.0.0.1")])
    assert is_outage([failed("connection_refused", "a:80"), failed("connection_refused", "b:80")])
    # One server down is that server's failure, not this machine's.
    assert not is_outage([failed("dns", "a.example"), failed("dns", "a.example")])
    # Anything answering, or another kind of failure, or two different ways: not an outage.
    assert not is_outage([failed("dns", "a"), PollVerdict(False, None, "b")])
    assert not is_outage([failed("http_404", "a"), failed("http_404", "b")])
    assert not is_outage([failed("timeout", "a"), failed("connection_refused", "b")])
    assert not is_outage([])


def test_the_idle_rule() -> None:
    now = datetime(2026, 12, 5, 12, tzinfo=UTC)
    day = timedelta(hours=24)
    assert not judge_idle(now - timedelta(hours=23), None, now, day).alarm
    assert judge_idle(now - timedelta(hours=25), None, now, day).alarm
    # Nothing ever polled: counted from the first run.
    assert judge_idle(None, now - timedelta(days=2), now, day).alarm
    assert not judge_idle(None, None, now, day).alarm


# -- the outage, for real ---------------------------------------------------------------------


def _assert_outage_run(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "this machine seems to be offline" in result.stderr
    assert "not counted against the sources' health" in result.stderr


@pytest.mark.skipif(not can_unshare(), reason="needs `unshare -n` (root or user namespaces)")
def test_no_network_at_all_is_an_outage_that_costs_no_source_its_health(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    urls = {
        "Name one": "http://news-one.invalid/feed.rss",
        "Name two": "http://news-two.invalid/rss",
        "Address": f"http://127.0.0.1:{closed_port()}/feed.xml",
    }
    path = str(config(tmp_path, urls, 'disable_after = 2'))
    for _ in range(2):  # enough to disable every source if they counted
        _assert_outage_run(unshared("run", "--config", path, "--db", f"sqlite:///{db}"))
    assert health(db) == {name: (1, 0.0, None) for name in urls}
    connection = sqlite3.connect(db)
    causes = {row[0] for row in connection.execute("SELECT cause FROM source_polls")}
    statuses = {row[0] for row in connection.execute("SELECT status FROM runs")}
    connection.close()
    assert causes == {"dns", "no_route"} and statuses == {"failed"}


def test_every_source_refusing_is_an_outage(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    urls = {f"Closed {i}": f"http://127.0.0.1:{closed_port()}/feed.rss" for i in range(3)}
    path = str(config(tmp_path, urls, "disable_after = 1"))
    for _ in range(1):  # one failure would disable each source if it counted
        _assert_outage_run(run_cli("run", "--config", path, "--db", f"sqlite:///{db}"))
    assert health(db) == {name: (1, 0.0, None) for name in urls}


def test_one_source_refusing_while_another_answers_counts_against_it(
    site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "m.db"
    urls = {"Tech Wire": f"{site.url}/feeds/tech-en.rss", "Closed": f"http://127.0.0.1:{closed_port()}/"}
    path = str(config(tmp_path, urls))
    result = run_cli("run", "--config", path, "--db", f"sqlite:///{db}")
    assert result.returncode == 0, result.stderr
    assert "run 1 partial" in result.stdout and "offline" not in result.stderr
    stored = health(db)
    assert stored["Closed"][1] == 1.0 and stored["Tech Wire"][1] == 0.0


# -- a run that polls nothing -----------------------------------------------------------------


def test_a_run_with_every_source_disabled_is_idle_then_an_alarm(
    site: Site, tmp_path: Path
) -> None:
    db = tmp_path / "m.db"
    url = f"sqlite:///{db}"
    urls = {"Tech Wire": f"{site.url}/feeds/tech-en.rss", "Arabic": f"{site.url}/feeds/arabic.atom"}
    path = str(config(tmp_path, urls, 'idle_alarm = "1d"'))
    assert run_cli("run", "--config", path, "--db", url).returncode == 0
    for name in urls:
        assert invoke_cli("sources", "disable", name, "--config", path, "--db", url).returncode == 0
    idle = run_cli("run", "--config", path, "--db", url)
    assert idle.returncode == 0, idle.stderr
    assert idle.stdout.startswith("run 2 idle: 0 sources polled (2 disabled)"), idle.stdout
    # A day and more later (the last poll moved back in time), still nothing polled: an alarm.
    connection = sqlite3.connect(db)
    with connection:
        connection.execute(
            "UPDATE source_polls SET answered_at = datetime(answered_at, '-26 hours')"
        )
    connection.close()
    alarm = run_cli("run", "--quiet", "--config", path, "--db", url)  # cron hears of it too
    assert alarm.returncode == 1, alarm.stderr
    line = alarm.stderr.strip().splitlines()[-1]
    assert "run 3 failed" in line and "nothing polled for 1d2h" in line, line
    assert "2 sources disabled" in line and "sources enable --failed" in line


def test_idle_alarm_is_checked_in_the_configuration(tmp_path: Path) -> None:
    path = config(tmp_path, {"A": "http://127.0.0.1:9/"}, 'idle_alarm = "soon"')
    result = invoke_cli("sources", "list", "--config", str(path), "--db", f"sqlite:///{tmp_path}/m.db")
    assert result.returncode == 2
    assert "idle_alarm" in result.stderr and "soon" in result.stderr


# -- bringing sources back --------------------------------------------------------------------


def test_sources_enable_all_and_failed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    names = ["By hand", "Failed", "Backing off", "Fine"]
    path = str(config(tmp_path, {n: f"http://127.0.0.1:9/{i}" for i, n in enumerate(names)}))
    hand = invoke_cli("sources", "disable", "By hand", "--config", path, "--db", url)
    assert hand.returncode == 0
    database = Database.open(url)
    try:
        with database.writing() as session, session.begin():
            for _ in range(6):
                record_failure(session, "Failed", "DNS lookup failed", weight=2.0)
            record_failure(session, "Backing off", "timed out", weight=1.0)
    finally:
        database.dispose()
    before = health(tmp_path / "m.db")
    assert before["Failed"][0] == 0 and before["By hand"][0] == 0 and before["Backing off"][1] == 1

    failed = invoke_cli("sources", "enable", "--failed", "--config", path, "--db", url)
    assert failed.returncode == 0, failed.stderr
    assert failed.stdout.splitlines() == ["Failed: enabled", "Backing off: due now"]
    after = health(tmp_path / "m.db")
    assert after["Failed"] == (1, 0.0, None) and after["Backing off"] == (1, 0.0, None)
    assert after["By hand"][0] == 0  # switched off by a person: only --all or its name

    every = invoke_cli("sources", "enable", "--all", "--config", path, "--db", url)
    assert every.returncode == 0 and every.stdout.splitlines() == ["By hand: enabled"]
    again = invoke_cli("sources", "enable", "--all", "--config", path, "--db", url)
    assert again.stdout.strip() == "no disabled source to enable"

    both = invoke_cli("sources", "enable", "Fine", "--all", "--config", path, "--db", url)
    assert both.returncode == 2 and "one of the three" in both.stderr
    neither = invoke_cli("sources", "enable", "--config", path, "--db", url)
    assert neither.returncode == 2


# -- the ledger's side, on SQLite and PostgreSQL ----------------------------------------------


def test_held_failures_count_unless_the_crawl_was_an_outage(db_url: str) -> None:
    from monitor.config import Source as SourceSpec
    from monitor.polling import PollAnswer
    from monitor.states import PollStatus, SourceKind
    from storage.polls import judge_failures
    from storage.queries import sync_sources
    from tests.test_polls import NOW, POLICIES, answer, plan, source

    specs = [
        SourceSpec(name="Feed", kind=SourceKind.FEED, url="http://one.example/feed.xml"),
        SourceSpec(name="Site", kind=SourceKind.SITE, url="http://two.example/"),
    ]
    database = Database.open(db_url)
    try:
        with database.writing() as session, session.begin():
            sync_sources(session, specs)
        dns = PollAnswer(PollStatus.FAILED, error="DNS lookup failed", weight=2.0, cause="dns")
        for outage in (True, False):
            run_id, polls = plan(database, *specs)
            answer(database, polls[0], dns, 0, NOW)
            if outage:
                answer(database, polls[1], dns, 0, NOW)
            else:
                answer(database, polls[1], PollAnswer(PollStatus.OK, entries=1), 0, NOW)
            # Held until the crawl's verdict: nothing counted yet.
            assert source(database, "Feed").consecutive_failures == 0
            with database.writing() as session, session.begin():
                judged = judge_failures(
                    session, f"crawl-{run_id}", policies=POLICIES, disable_after=12.0, now=NOW
                )
            assert judged is outage
            feed = source(database, "Feed")
            if outage:
                assert feed.consecutive_failures == 0 and feed.next_allowed_at is None
            else:
                assert feed.consecutive_failures == 2.0 and feed.last_error == "DNS lookup failed"
    finally:
        database.dispose()
