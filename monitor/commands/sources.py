"""`sora-monitor sources ...`: the configured sources and their health."""

from __future__ import annotations

import click

from monitor.commands.common import common_options, format_option, load, open_db
from monitor.output import render


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
    from monitor.reports import SOURCE_COLUMNS, sources_overview

    config, url = load(config_path, db_url)
    rows = sources_overview(open_db(url), config.sources)
    render(rows, SOURCE_COLUMNS, fmt, title="Sources", empty="no sources configured")
