"""`sora-monitor sources ...`: the configured sources and their health."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from cli.common import common_options, format_option, reading
from cli.output import Column, render
from scheduler.startup import load

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from storage.health import Toggled


@click.group()
def sources() -> None:
    """The configured sources and their health."""


@sources.command("list")
@common_options
@format_option()
def sources_list(config_path: str | None, db_url: str | None, fmt: str) -> None:
    """List configured sources with their health (last success, last error, failures).

    Example:

        sora-monitor sources list --format json
    """
    from cli.reports import SOURCE_COLUMNS, sources_overview

    config, url = load(config_path, db_url)
    with reading(url) as session:
        rows = sources_overview(session, config.sources)
    render(rows, SOURCE_COLUMNS, fmt, title="Sources", empty="no sources configured")


CHECK_COLUMNS = (
    Column("source", "name", keep=100),
    Column("kind", "kind", keep=60),
    Column("status", "status", keep=90),
    Column("entries", "entries", keep=50),
    Column("articles", "articles", keep=45),
    Column("new", "new", keep=70),
    Column("error", "error", max_width=50, wrap=True, keep=80),
    Column("url", "url", keep=40),
)


@sources.command("check")
@common_options
@format_option()
@click.argument("names", nargs=-1, metavar="[NAME]...")
def sources_check(
    config_path: str | None, db_url: str | None, fmt: str, names: tuple[str, ...]
) -> None:
    """Fetch each source (or each NAME) once and say what it found; nothing is stored.

    For a feed: its entries, the article links among them and how many are not stored yet;
    for a site: the links on its start page that its `follow` patterns accept (which of them
    are articles shows only when they are fetched); for a sitemap: its URLs. Disabled sources
    and sources not due yet are checked too. Exit code 1 when a source failed.

    Example:

        sora-monitor sources check "BBC Arabic" --format json
    """
    from dataclasses import asdict

    from crawler.spiders.check import check_sources
    from monitor.errors import UsageError
    from monitor.states import PollStatus

    config, url = load(config_path, db_url)
    unknown = [n for n in names if n not in {s.name for s in config.sources}]
    if unknown:
        raise UsageError(f"no configured source named {', '.join(map(repr, unknown))}")
    results = check_sources(config, url, names=names)
    rows = [asdict(result) for result in results]
    render(rows, CHECK_COLUMNS, fmt, title="Source check", empty="no sources to check")
    if any(result.status == PollStatus.FAILED for result in results):
        raise SystemExit(1)


@sources.command("enable")
@common_options
@click.option("--all", "every", is_flag=True, help="Enable every disabled source.")
@click.option(
    "--failed",
    is_flag=True,
    help="Enable the sources disabled after failures (not those disabled by hand), and make "
    "those backing off after failures due now.",
)
@click.argument("name", required=False)
def sources_enable(
    config_path: str | None, db_url: str | None, every: bool, failed: bool, name: str | None
) -> None:
    """Enable a source that was disabled (by hand or after too many failures).

    Its failure count is reset and it is polled at the next run. `--all` does so for every
    source, `--failed` for the sources disabled automatically or backing off after failures
    (after an outage, say). A source switched off in the configuration file (enabled = false)
    must be switched on there.

    Example:

        sora-monitor sources enable "BBC Arabic"
        sora-monitor sources enable --failed
    """
    from monitor.errors import UsageError

    if sum((name is not None, every, failed)) != 1:
        raise UsageError("name one source, or give --all or --failed (one of the three)")
    if name is not None:
        _toggle(config_path, db_url, name, enabled=True)
    else:
        _enable_many(config_path, db_url, failed_only=failed)


@sources.command("disable")
@common_options
@click.argument("name")
def sources_disable(config_path: str | None, db_url: str | None, name: str) -> None:
    """Disable a source: runs skip it until `sources enable NAME`.

    Example:

        sora-monitor sources disable "Dead feed"
    """
    _toggle(config_path, db_url, name, enabled=False)


def _toggle(config_path: str | None, db_url: str | None, name: str, *, enabled: bool) -> None:
    from monitor.errors import UsageError
    from storage.engine import Database, check_writable, faults_explained
    from storage.health import set_enabled
    from storage.queries import sync_sources

    config, url = load(config_path, db_url)
    spec = next((s for s in config.sources if s.name == name), None)
    if enabled and spec is not None and not spec.enabled:
        where = config.path or "the configuration"
        raise UsageError(f"{name!r} is disabled in {where} (enabled = false): enable it there")
    with faults_explained(url):
        check_writable(url)
        database = Database.open(url)
        try:
            with database.writing() as session, session.begin():
                sync_sources(session, config.sources)
                result = set_enabled(session, name, enabled)
        finally:
            database.dispose()
    state = "enabled" if result.enabled else "disabled"
    already = " (it already was)" if result.was_enabled == result.enabled else ""
    click.echo(f"{name}: {state}{already}")


def _enable_many(config_path: str | None, db_url: str | None, *, failed_only: bool) -> None:
    from storage.engine import Database, check_writable, faults_explained
    from storage.health import enable_many
    from storage.queries import sync_sources
    from storage.writes import write

    config, url = load(config_path, db_url)
    # Sources switched off in the configuration stay off: they are switched on there.
    names = [s.name for s in config.sources if s.enabled]
    with faults_explained(url):
        check_writable(url)
        database = Database.open(url)
        try:

            def work(session: Session) -> list[Toggled]:
                sync_sources(session, config.sources)
                return enable_many(session, names, failed_only=failed_only)

            changed = write(database, work, what="the sources")
        finally:
            database.dispose()
    if not changed:
        which = "disabled or failing" if failed_only else "disabled"
        click.echo(f"no {which} source to enable")
    for toggled in changed:
        click.echo(f"{toggled.name}: {'enabled' if not toggled.was_enabled else 'due now'}")
