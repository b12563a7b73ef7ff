"""`sora-monitor db ...`: the database itself."""

from __future__ import annotations

import click

from cli.common import common_options
from scheduler.startup import load


@click.group()
def db() -> None:
    """The database."""


@db.command("upgrade")
@common_options
def db_upgrade(config_path: str | None, db_url: str | None) -> None:
    """Apply pending migrations (`run`, `schedule` and `demo` also do it on first use; commands
    that only read never create or migrate a database).

    Example:

        sora-monitor db upgrade --db postgresql+psycopg://monitor@db.example.org/monitor
    """
    from storage.engine import display_url, make_engine, upgrade

    _, url = load(config_path, db_url)
    engine = make_engine(url)
    try:
        before, after = upgrade(engine)
    finally:
        engine.dispose()
    shown = display_url(url)
    if before == after:
        click.echo(f"{shown}: already at revision {after}")
    else:
        click.echo(f"{shown}: upgraded from {before or 'an empty database'} to revision {after}")
