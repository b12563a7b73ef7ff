"""The `sora-monitor` command line: the group, and one module per command under cli/commands/."""

from __future__ import annotations

import click

from cli.common import MonitorGroup
from monitor import __version__


@click.group(cls=MonitorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sora-monitor")
def main() -> None:
    """Track how news about OpenAI's Sora spreads through Arabic and English media.

    Example:

        sora-monitor demo              # the whole cycle offline, on a bundled sample web

        sora-monitor run --quiet       # one cycle, for cron

        sora-monitor report new --since 24h
    """


def _register() -> None:
    from cli.commands import (
        alerts,
        analyze,
        db,
        demo,
        feed,
        report,
        run,
        schedule,
        sources,
        worker,
    )

    main.add_command(run.run)
    main.add_command(demo.demo)
    main.add_command(analyze.analyze)
    main.add_command(db.db)
    main.add_command(report.report)
    main.add_command(sources.sources)
    main.add_command(schedule.schedule)
    main.add_command(alerts.alerts)
    main.add_command(worker.worker)
    report.report.add_command(feed.feed)


_register()
