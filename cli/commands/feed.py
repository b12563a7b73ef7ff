"""`sora-monitor report feed`: the alerted stories as an Atom feed any feed reader can follow."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from cli.common import common_options, reading
from monitor.wording import plural
from scheduler.startup import load

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FEED_TITLE = "sora-monitor: new Sora leak stories"


def alerted_stories(session: Session, limit: int) -> tuple[str, list[tuple[Any, datetime]]]:
    """The database's instance id, and each story in the outbox once (whatever its channels'
    status) with when it was alerted."""
    from storage.outbox import alert_rows, stories_of
    from storage.queries import instance_id

    instance = instance_id(session)
    firsts: dict[int, Any] = {}
    # A story with several rows (kinds, channels) is one entry, dated by its first alert.
    for row in sorted(alert_rows(session), key=lambda r: (r.created_at, r.id)):
        firsts.setdefault(row.cluster_id, row)
    newest = sorted(firsts.values(), key=lambda r: (r.created_at, r.id), reverse=True)[:limit]
    stories = stories_of(session, newest)
    return instance, [
        (stories[r.cluster_id], r.created_at) for r in newest if r.cluster_id in stories
    ]


@click.command("feed")
@common_options
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Where to write the feed (`-` for standard output).",
)
@click.option("--self-url", default=None, metavar="URL", help="The URL the feed is served at.")
@click.option(
    "--limit", default=100, show_default=True, type=click.IntRange(1), help="Newest N stories."
)
def feed(
    config_path: str | None, db_url: str | None, output: str, self_url: str | None, limit: int
) -> None:
    """Write an Atom feed of the alerted stories, newest first, with stable entry ids.

    Every story the alerts cover is in it, mailed or still pending, so the feed works without
    an SMTP server too. Write it where a web server or a feed reader can read it.

    Example:

        sora-monitor report feed -o alerts.xml
    """
    from cli.atom import build_feed
    from cli.files import STDOUT, write_output

    _, url = load(config_path, db_url)
    with reading(url) as session:
        instance, stories = alerted_stories(session, limit)
    document = build_feed(stories, instance=instance, title=FEED_TITLE, self_url=self_url)
    write_output(output, document)
    if output != STDOUT:
        click.echo(f"wrote {plural(len(stories), 'story')} to {output}")
