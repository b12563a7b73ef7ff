"""Shared fixtures: the loopback test web, configs pointing at it, databases, the CLI, the claim
rules."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from monitor.claims import load_catalogue
from monitor.matcher import RuleMatcher
from tests.site_server import running_site

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get(
    "SORA_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = bool(os.environ.get("CI"))
REDIS = os.environ.get("SORA_TEST_REDIS", "redis://127.0.0.1:6379/0")


def unavailable(reason: str) -> None:
    """Skip locally; under CI a missing service is a failure (it must be there)."""
    if IN_CI:
        pytest.fail(f"{reason} (CI must provide it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def matcher() -> RuleMatcher:
    """The lexical claim rules of the built-in catalogue, built once (they hold no state)."""
    return RuleMatcher(load_catalogue())


@pytest.fixture(scope="session")
def claims_told(matcher: RuleMatcher) -> Callable[[str, str], set[str]]:
    """The claims the rules read in `text`, written in `language`, as a report of the leak
    (under a title in that language) tells them."""

    def told(text: str, language: str) -> set[str]:
        title = "Sora after the leak" if language == "en" else "Sora بعد التسريب"
        return {m.claim_id for m in matcher.match(title, text, language, leak_report=True)}

    return told


@dataclass
class Site:
    """The test web served by `python -m tests.site_server`, and its request log."""

    url: str
    log: Path

    def mark(self) -> int:
        return len(self.requests())

    def requests(self, since: int = 0) -> list[dict]:
        if not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines[since:] if line.strip()]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    log = tmp_path_factory.mktemp("site") / "requests.jsonl"
    with running_site(log=log) as url:
        yield Site(url, log)


TEST_FEEDS = {
    "Tech Wire": ("feeds/tech-en.rss", "en"),
    "عالم التقنية": ("feeds/arabic.atom", "ar"),
    "Malformed": ("feeds/malformed.rss", None),
    "Hostile": ("feeds/hostile.rss", None),
    "Empty": ("feeds/empty.rss", None),
    "Dead feed": ("feeds/does-not-exist.rss", None),
}


def loopback_crawl(extra: str = "") -> str:
    """The `[crawl]` table of a test's configuration: loopback allowed, no delay, no retries;
    `extra` holds more of its keys."""
    return (
        '[crawl]\nprivate_hosts = ["127.0.0.1"]\ndelay = "0s"\ntimeout = "10s"\nretries = 0\n'
        f"{extra}\n"
    )


def config_text(
    base_url: str, feeds: dict[str, tuple[str, str | None]] | None = None, extra: str = ""
) -> str:
    lines = [loopback_crawl(extra).rstrip("\n")]
    for name, (path, language) in (feeds or TEST_FEEDS).items():
        lines += [
            "",
            "[[sources]]",
            f'name = "{name}"',
            'kind = "feed"',
            f'url = "{base_url}/{path}"',
        ]
        if language:
            lines.append(f'language = "{language}"')
    return "\n".join(lines) + "\n"


@pytest.fixture
def site_config(site: Site, tmp_path: Path) -> Path:
    path = tmp_path / "sora-monitor.toml"
    path.write_text(config_text(site.url), encoding="utf-8")
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'monitor.db'}"


@pytest.fixture(scope="session")
def postgres_server() -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    engine = create_engine(PG_SERVER)
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as exc:
        unavailable(f"PostgreSQL is not reachable at {PG_SERVER}: {exc.orig}")
    finally:
        engine.dispose()
    return PG_SERVER


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"sora_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs on SQLite and on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'monitor.db'}"
    return request.getfixturevalue("postgres_url")


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SORA_MONITOR_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def run_cli(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 180,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `sora-monitor ARGS` as a user would: a new process, stdout and stderr captured."""
    return subprocess.run(
        [sys.executable, "-m", "monitor", *args],
        cwd=cwd or ROOT,
        env=env or cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input,
    )


def start_cli(*args: str, env: dict[str, str] | None = None, **popen: Any) -> subprocess.Popen[str]:
    """Start `sora-monitor ARGS` as a user would and leave it running (to signal, kill or
    watch); stdout and stderr piped as text unless `popen` says otherwise."""
    options: dict[str, Any] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    options.update(popen)
    return subprocess.Popen(
        [sys.executable, "-m", "monitor", *args], cwd=ROOT, env=env or cli_env(), **options
    )


@dataclass(frozen=True)
class Invoked:
    """What an in-process command gave, shaped like a finished subprocess."""

    returncode: int
    stdout: str
    stderr: str


def invoke_cli(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
) -> Invoked:
    """Run `sora-monitor ARGS` in this process with click's CliRunner (as sqlite-utils tests
    do): for commands that need no Twisted reactor, which cannot restart in one process.

    The environment is this one without SORA_MONITOR_* variables, plus `env`; the working
    directory is `cwd` (default: the checkout) while the command runs.
    """
    from click.testing import CliRunner

    from cli.main import main

    environ: dict[str, str | None] = {k: None for k in os.environ if k.startswith("SORA_MONITOR_")}
    environ.update(env or {})
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    here = Path.cwd()
    os.chdir(cwd or ROOT)
    try:
        result = CliRunner().invoke(
            main, list(args), env=environ, input=input, catch_exceptions=False
        )
    finally:
        os.chdir(here)
        # Commands set up logging on the root logger for their own run: put pytest's back.
        root.handlers[:] = handlers
        root.setLevel(level)
    return Invoked(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own on the Redis server; its keys are deleted afterwards."""
    import redis

    server = redis.Redis.from_url(REDIS)
    try:
        server.ping()
    except redis.RedisError as exc:
        unavailable(f"Redis is not reachable at {REDIS}: {exc}")
    prefix = f"sora-test-{uuid.uuid4().hex[:10]}"
    try:
        yield prefix
    finally:
        keys = list(server.scan_iter(f"{prefix}:*"))
        if keys:
            server.delete(*keys)
        server.close()
