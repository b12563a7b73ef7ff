"""The command line as a user runs it: help, reports in every format, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, Site, cli_env, invoke_cli, run_cli


@pytest.fixture(scope="module")
def crawled_db(site: Site, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    from tests.conftest import config_text

    tmp = tmp_path_factory.mktemp("cli")
    config = tmp / "sora-monitor.toml"
    config.write_text(config_text(site.url), encoding="utf-8")
    url = f"sqlite:///{tmp / 'monitor.db'}"
    result = run_cli("run", "--config", str(config), "--db", url)
    assert result.returncode == 0, result.stderr
    return url, config


def all_commands() -> list[list[str]]:
    from cli.main import main

    found: list[list[str]] = []

    def walk(group, prefix):  # type: ignore[no-untyped-def]
        for name, command in group.commands.items():
            found.append([*prefix, name])
            if hasattr(command, "commands"):
                walk(command, [*prefix, name])

    walk(main, [])
    return found


@pytest.mark.parametrize("command", all_commands(), ids=" ".join)
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command: list[str]) -> None:
    from click.testing import CliRunner

    from cli.main import main

    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    leaf = command[-1]
    from cli.main import main as group

    target = group
    for name in command:
        target = target.commands[name]  # type: ignore[attr-defined]
    if not hasattr(target, "commands"):
        assert "Example:" in result.output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"sora-monitor {' '.join(command)}" in readme, f"`{' '.join(command)}` is not documented"
    assert leaf


def test_python_dash_m_monitor_works() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and "sora-monitor" in result.stdout


def test_report_new_as_json(crawled_db: tuple[str, Path]) -> None:
    url, _ = crawled_db
    result = invoke_cli("report", "new", "--db", url, "--since", "1h", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)  # stdout holds data only
    assert len(rows) == 13  # the Kingdom Hearts article is not about Sora: left out
    everything = invoke_cli(
        "report", "new", "--db", url, "--since", "1h", "--all", "--format", "json"
    )
    irrelevant = [r for r in json.loads(everything.stdout) if r not in rows]
    assert [r["title"][:14] for r in irrelevant] == ["Kingdom Hearts"]
    assert irrelevant[0]["relevant"] is False and "irrelevant" in irrelevant[0]["flags"]
    for key in (
        "url",
        "title",
        "source",
        "language",
        "published_at",
        "first_seen_at",
        "relevant",
        "leak_report",
        "seed_copy",
        "cluster_id",
        "claims",
    ):
        assert all(key in row for row in rows), key
    first_seen = [row["first_seen_at"] for row in rows]
    assert first_seen == sorted(first_seen, reverse=True)
    arabic = next(r for r in rows if r["url"].endswith("/ar/legacy-1256.html"))
    assert "ثلاث ساعات" in arabic["body"] and arabic["published_at"].startswith("2024-11-27")


def test_report_new_as_csv_markdown_and_table(crawled_db: tuple[str, Path]) -> None:
    url, _ = crawled_db
    as_csv = invoke_cli("report", "new", "--db", url, "--format", "csv", "--all")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == 14 and rows[0]["url"].startswith("http://127.0.0.1")
    as_markdown = invoke_cli("report", "new", "--db", url, "--format", "markdown", "--all").stdout
    lines = as_markdown.strip().splitlines()
    assert lines[0].startswith("| first seen |") and len(lines) == 16
    assert "<script>" not in as_markdown and "\\[bold red\\]pwned\\[/\\]" in as_markdown
    table = invoke_cli("report", "new", "--db", url, "--all").stdout
    assert "Kingdom Hearts" in table and "\x1b" not in table
    assert "[bold red]pwned[/]" in table  # shown literally, never interpreted as markup


def test_report_new_window(crawled_db: tuple[str, Path]) -> None:
    url, _ = crawled_db
    empty = invoke_cli("report", "new", "--db", url, "--since", "2999-01-01", "--format", "json")
    assert json.loads(empty.stdout) == []
    bad = invoke_cli("report", "new", "--db", url, "--since", "yesterday-ish")
    assert bad.returncode == 2 and "--since 'yesterday-ish'" in bad.stderr


def test_sources_list_shows_health(crawled_db: tuple[str, Path]) -> None:
    url, config = crawled_db
    result = invoke_cli("sources", "list", "--config", str(config), "--db", url, "--format", "json")
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert (
        rows["Dead feed"]["last_error"] == "HTTP 404"
        and rows["Dead feed"]["consecutive_failures"] == 3
    )
    assert rows["Tech Wire"]["last_ok_at"] and rows["Tech Wire"]["articles"] >= 6
    assert rows["عالم التقنية"]["language"] == "ar"
    table = invoke_cli("sources", "list", "--config", str(config), "--db", url).stdout
    assert "Dead feed" in table and "HTTP 404" in table


def test_bad_configuration_exits_2_naming_file_line_and_key(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[crawl]\nmax_pages_per_site = "lots"\n', encoding="utf-8")
    result = run_cli("run", "--config", str(config), "--db", f"sqlite:///{tmp_path}/x.db")
    assert result.returncode == 2
    assert str(config) in result.stderr and "line 2" in result.stderr
    assert "crawl.max_pages_per_site" in result.stderr
    missing = run_cli("run", "--config", str(tmp_path / "nope.toml"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_a_malformed_claim_catalogue_stops_run_with_exit_2_before_any_crawl(
    site: Site, tmp_path: Path
) -> None:
    from tests.conftest import config_text

    catalogue = tmp_path / "claims.toml"
    catalogue.write_text('[claims.my-claim]\nkind = "no text at all"\n', encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text(
        config_text(site.url, {"Tech Wire": ("feeds/tech-en.rss", "en")})
        + '\n[claims]\ncatalogue = "claims.toml"\n',
        encoding="utf-8",
    )
    mark = site.mark()
    result = run_cli("run", "--config", str(config), "--db", f"sqlite:///{tmp_path}/x.db")
    assert result.returncode == 2, result.stdout + result.stderr
    assert str(catalogue) in result.stderr and "my-claim" in result.stderr
    assert "Traceback" not in result.stderr
    assert site.requests(mark) == []  # nothing fetched


def test_config_comes_from_the_environment_or_the_working_directory(
    site: Site, tmp_path: Path
) -> None:
    from tests.conftest import config_text

    config = tmp_path / "sora-monitor.toml"
    config.write_text(
        config_text(site.url, {"Tech Wire": ("feeds/tech-en.rss", "en")}), encoding="utf-8"
    )
    first = f"sqlite:///{tmp_path}/a.db"
    assert invoke_cli("db", "upgrade", "--db", first).returncode == 0  # sources list creates none
    listed = invoke_cli("sources", "list", "--format", "json", "--db", first, cwd=tmp_path)
    assert [row["name"] for row in json.loads(listed.stdout)] == ["Tech Wire"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"SORA_MONITOR_CONFIG": str(config), "SORA_MONITOR_DB": f"sqlite:///{tmp_path}/b.db"}
    assert invoke_cli("db", "upgrade", cwd=elsewhere, env=env).returncode == 0
    assert (tmp_path / "b.db").exists()
    listed = invoke_cli("sources", "list", "--format", "json", cwd=elsewhere, env=env)
    assert [row["name"] for row in json.loads(listed.stdout)] == ["Tech Wire"]


def test_no_reachable_source_exits_1(site: Site, tmp_path: Path) -> None:
    from tests.conftest import config_text

    config = tmp_path / "dead.toml"
    config.write_text(config_text(site.url, {"Gone": ("feeds/gone.rss", None)}), encoding="utf-8")
    result = run_cli("run", "--config", str(config), "--db", f"sqlite:///{tmp_path}/x.db")
    assert result.returncode == 1
    assert "no source could be reached" in result.stderr


def test_quiet_run_prints_nothing_on_success(site: Site, tmp_path: Path) -> None:
    from tests.conftest import config_text

    config = tmp_path / "ok.toml"
    config.write_text(
        config_text(site.url, {"Tech Wire": ("feeds/tech-en.rss", "en")}), encoding="utf-8"
    )
    db = f"sqlite:///{tmp_path}/x.db"
    result = run_cli("run", "--quiet", "--config", str(config), "--db", db)
    assert result.returncode == 0 and result.stdout == ""
    assert "ERROR" not in result.stderr  # a 404 page is a warning, not an error needing a human
    loud = run_cli("run", "--config", str(config), "--db", db)
    assert re.match(
        r"run 2 ok: 1 source polled \(1 unchanged\), 0 pages fetched, 0 new articles", loud.stdout
    )


def test_quiet_run_says_what_failed_in_a_line_not_a_traceback(tmp_path: Path) -> None:
    from tests.smtp_server import free_port

    config = tmp_path / "dead.toml"
    config.write_text(
        '[crawl]\nprivate_hosts = ["127.0.0.1"]\nretries = 0\n\n[[sources]]\nname = "Dead"\n'
        f'kind = "feed"\nurl = "http://127.0.0.1:{free_port()}/feed.rss"\n',
        encoding="utf-8",
    )
    result = run_cli("run", "--quiet", "--config", str(config), "--db", f"sqlite:///{tmp_path}/x.db")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    # What cron mails: the source that failed and why, and the run's verdict.
    assert len(lines) == 2, result.stderr
    assert "Source 'Dead'" in lines[0] and "connection refused" in lines[0]
    assert "no source could be reached" in lines[1]


# Every command that only reads the database, with its required arguments.
READ_ONLY = [
    ["report", "new"],
    ["report", "claims"],
    ["report", "spread", "pr-stunt"],
    ["report", "html", "-o", "report.html"],
    ["report", "feed", "-o", "-"],
    ["sources", "list"],
    ["alerts", "list"],
]


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
def test_read_only_commands_create_no_database(command: list[str], tmp_path: Path) -> None:
    missing = tmp_path / "x" / "missing.db"
    result = invoke_cli(*command, "--db", f"sqlite:///{missing}", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    [line] = result.stderr.splitlines()  # one clear line, no traceback
    assert line == (
        f"sora-monitor: error: no database at {missing}: `sora-monitor run` creates it "
        "(check --db, $SORA_MONITOR_DB or [database] url)"
    )
    assert list(tmp_path.iterdir()) == []  # no file, no directory, no report


def test_a_read_command_refuses_a_database_without_the_schema(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    result = invoke_cli("report", "new", "--db", f"sqlite:///{path}")
    assert result.returncode == 1
    assert "holds no sora-monitor data yet: `sora-monitor run`" in result.stderr
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert tables == {"notes"}  # nothing migrated


def test_report_new_on_a_missing_database_exits_1_as_a_process(tmp_path: Path) -> None:
    result = run_cli("report", "new", "--db", f"sqlite:///{tmp_path}/x/missing.db")
    assert result.returncode == 1
    assert "no database at" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x").exists()


def test_db_upgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/fresh.db"
    first = invoke_cli("db", "upgrade", "--db", url)
    assert first.returncode == 0 and "upgraded from an empty database to revision" in first.stdout
    second = invoke_cli("db", "upgrade", "--db", url)
    assert "already at revision" in second.stdout


def test_scrapy_list_works_in_the_checkout() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=ROOT,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "feeds" in result.stdout.split()


def test_sources_not_due_are_skipped_unless_forced(site: Site, tmp_path: Path) -> None:
    from tests.conftest import config_text

    config = tmp_path / "c.toml"
    config.write_text(config_text(site.url, {"Tech Wire": ("feeds/tech-en.rss", "en")}))
    db = f"sqlite:///{tmp_path}/x.db"
    for _ in range(2):  # new entries, then a 304: the feed looks quiet now
        assert run_cli("run", "--config", str(config), "--db", db).returncode == 0
    mark = site.mark()
    skipped = run_cli("run", "--config", str(config), "--db", db)
    assert "(1 not due)" in skipped.stdout, skipped.stdout
    assert not [r for r in site.requests(mark) if r["path"] == "/feeds/tech-en.rss"]
    forced = run_cli("run", "--force", "--config", str(config), "--db", db)
    assert forced.returncode == 0 and "1 unchanged" in forced.stdout, forced.stdout
    assert [r["status"] for r in site.requests(mark) if r["path"] == "/feeds/tech-en.rss"] == [304]


def in_a_terminal(*args: str, columns: int = 120, timeout: float = 60) -> tuple[int, str]:
    """Run `sora-monitor ARGS` with stdin, stdout and stderr on a pseudo-terminal `columns`
    wide; return the exit status and everything the terminal received."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "monitor", *args],
        cwd=ROOT,
        env=cli_env(TERM="xterm", COLUMNS=str(columns), LINES="50"),
        stdin=follower,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], timeout)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=timeout)
    os.close(leader)
    return process.returncode, seen.decode("utf-8", "replace")


CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
LOG_RECORD = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?:DEBUG|INFO|WARNING|ERROR) ")


def test_progress_is_shown_on_a_terminal_only_and_log_lines_never_share_its_line(
    site: Site, tmp_path: Path
) -> None:
    from tests.conftest import config_text

    config = tmp_path / "c.toml"
    config.write_text(config_text(site.url, {"Tech Wire": ("feeds/tech-en.rss", "en")}))
    db = f"sqlite:///{tmp_path}/tty.db"
    status, text = in_a_terminal("run", "-v", "--config", str(config), "--db", db)
    assert status == 0
    progress, summary = re.split(r"run 1 (?:ok|partial):", text)
    # The live line ("1 source polled, 3 pages fetched, 2 new articles"), redrawn with
    # escape codes, before the summary line.
    assert re.search(r"\d+ sources? polled, \d+ pages? fetched, \d+ new articles?", progress)
    assert "\x1b[" in progress
    # Each log line starts a line of its own: the live line is cleared before it is written.
    records = list(LOG_RECORD.finditer(text))
    assert len(records) > 3, text
    for record in records:
        before = CSI.sub("", text[: record.start()])
        assert before == "" or before.endswith(("\n", "\r")), repr(before[-120:])
    piped = run_cli("run", "--config", str(config), "--db", f"sqlite:///{tmp_path}/pipe.db")
    assert "\x1b" not in piped.stdout + piped.stderr


def test_report_claims_fits_a_100_column_terminal_with_ids_and_dates_whole(
    crawled_db: tuple[str, Path],
) -> None:
    url, config = crawled_db
    rows = json.loads(invoke_cli("report", "claims", "--db", url, "--format", "json").stdout)
    status, text = in_a_terminal("report", "claims", "--db", url, columns=100)
    assert status == 0, text
    lines = CSI.sub("", text).replace("\r", "").splitlines()
    assert all(len(line) <= 100 for line in lines), text
    for row in rows:
        assert any(row["claim_id"] in line for line in lines), row["claim_id"]
        if row["first_seen_at"]:
            first = row["first_seen_at"][:16].replace("T", " ")
            assert any(first in line for line in lines), first
    assert "not shown in 100 columns:" in text  # what was left out, and how to see it


def test_report_new_csv_has_every_key_of_the_json(crawled_db: tuple[str, Path]) -> None:
    url, _ = crawled_db
    rows = json.loads(invoke_cli("report", "new", "--db", url, "--all", "--format", "json").stdout)
    as_csv = invoke_cli("report", "new", "--db", url, "--all", "--format", "csv").stdout
    table = list(csv.DictReader(io.StringIO(as_csv)))
    assert set(table[0]) == set(rows[0])  # all 16 keys
    # The columns CSV readers had before come first, in their order.
    assert list(table[0])[:7] == [
        "first_seen_at", "published_at", "language", "outlet", "title", "flags", "url"
    ]  # fmt: skip
    by_url = {row["url"]: row for row in table}
    for row in rows:
        assert by_url[row["url"]]["cluster_id"] == str(row["cluster_id"])
        assert by_url[row["url"]]["claims"] == ", ".join(row["claims"])


@pytest.mark.parametrize("command", [["report", "new"], ["report", "claims"]], ids=" ".join)
def test_since_all_works_in_every_report_that_takes_since(
    command: list[str], crawled_db: tuple[str, Path]
) -> None:
    url, _ = crawled_db
    everything = invoke_cli(*command, "--db", url, "--since", "all", "--format", "json")
    assert everything.returncode == 0, everything.stderr
    recent = invoke_cli(*command, "--db", url, "--since", "1000d", "--format", "json")
    assert json.loads(everything.stdout) == json.loads(recent.stdout) != []


def test_dash_o_dash_writes_to_standard_output(
    crawled_db: tuple[str, Path], tmp_path: Path
) -> None:
    url, _ = crawled_db
    html = invoke_cli("report", "html", "-o", "-", "--since", "all", "--db", url, cwd=tmp_path)
    assert html.returncode == 0, html.stderr
    assert html.stdout.startswith("<!DOCTYPE html>") and html.stdout.rstrip().endswith("</html>")
    assert html.stderr.startswith("report written to standard output: ")
    feed = invoke_cli("report", "feed", "-o", "-", "--db", url, cwd=tmp_path)
    assert feed.returncode == 0 and "<feed" in feed.stdout and feed.stderr == ""
    assert list(tmp_path.iterdir()) == []  # no file named `-`


def test_quiet_run_says_nothing_when_another_run_holds_the_lock(
    site_config: Path, sqlite_url: str
) -> None:
    from scheduler.lock import lock_for

    with lock_for(sqlite_url):
        quiet = invoke_cli("run", "--quiet", "--config", str(site_config), "--db", sqlite_url)
        loud = invoke_cli("run", "--config", str(site_config), "--db", sqlite_url)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (75, "", "")  # cron mails nothing
    assert loud.returncode == 75 and "another run holds the lock" in loud.stderr


def test_an_unsupported_database_url_says_which_work(tmp_path: Path) -> None:
    for url in ("mysql://monitor@db.example.org/monitor", "postgresql+psycopg2://u@h/db", "x"):
        result = invoke_cli("db", "upgrade", "--db", url, cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        [line] = result.stderr.splitlines()
        assert "MySQLdb" not in line and "Traceback" not in line
        assert "sqlite:///PATH or postgresql+psycopg://USER@HOST/DB" in line


def test_counts_of_one_are_singular() -> None:
    from monitor.states import RunStatus
    from scheduler.runonce import RunSummary

    ones = dict.fromkeys(
        ("feeds_polled", "pages_fetched", "articles_new", "articles_duplicate", "pages_failed",
         "urls_refused"),
        1,
    )  # fmt: skip
    line = RunSummary(1, RunStatus.OK, ones, 1.0).line()
    assert line == (
        "run 1 ok: 1 source polled, 1 page fetched, 1 new article, 1 duplicate, 1 page failed, "
        "1 unsafe URL refused in 1.0s"
    )
    twos = RunSummary(2, RunStatus.OK, {k: 2 for k in ones}, 1.0).line()
    assert "2 sources polled, 2 pages fetched, 2 new articles, 2 duplicates" in twos


def test_the_readme_shows_the_current_migration_revision() -> None:
    from storage.engine import head_revision

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"upgraded from an empty database to revision (\w+)", readme)
    assert shown and set(shown) == {head_revision()}


def test_the_readme_names_only_outlets_the_demo_prints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pages = (ROOT / "cli" / "data" / "demo").rglob("*.html")
    outlets = {
        name
        for page in pages
        for name in re.findall(r'og:site_name" content="([^"]+)"', page.read_text("utf-8"))
    }
    # "first seen" cells of the claims examples, and the outlets their JSON names.
    shown = set(re.findall(r"\| \d{4}-\d\d-\d\d \d\d:\d\d ([^|]+?) (?=\|)", readme))
    shown |= set(re.findall(r'"(?:first_)?source": "([^"]+)"', readme))
    assert shown and shown <= outlets, shown - outlets
