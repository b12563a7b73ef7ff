"""`sora-monitor alerts ...`: test the SMTP setup, look at the outbox, send what is pending."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

import click

from cli.common import common_options, format_option, reading
from cli.output import Column, render
from monitor.errors import ConfigError
from scheduler.startup import load, setup_logging

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ALERT_COLUMNS = (
    Column("story", "story", justify="right", keep=100),
    Column("kind", "kind", keep=60),
    Column("status", "status", keep=90),
    Column("attempts", "attempts", justify="right", keep=70),
    Column("created_at", "created", keep=65),
    Column("sent_at", "sent", keep=50),
    Column("title", "headline", max_width=50, wrap=True, keep=80, min_width=24),
    Column("last_error", "last error", max_width=50, wrap=True, keep=75),
    Column("urls", "urls", keep=20),
    Column("message_id", "message id", keep=10),
    Column("channel", "channel", keep=85),
    Column("batch", "batch", keep=5),
)
# The terminal table leaves out what only a machine reads whole (every URL, the batch ids) and
# shows the channel beside the kind.
_COLUMN = {c.key: c for c in ALERT_COLUMNS}
TABLE_COLUMNS = tuple(
    _COLUMN[key]
    for key in (
        "story", "kind", "channel", "status", "attempts", "created_at", "sent_at", "title",
        "last_error",
    )
)  # fmt: skip


@click.group()
def alerts() -> None:
    """Alerts on new leak stories (e-mail, webhook): test the SMTP setup, list and retry the
    outbox."""


def _no_server(config: Any) -> ConfigError:
    return ConfigError(
        "no SMTP server configured: set smtp_host, smtp_port, security, from and to in "
        "[alerts.email]",
        path=str(config.path) if config.path else None,
        key="alerts.email.smtp_host",
    )


@alerts.command("test")
@common_options
@click.option(
    "--to",
    "to",
    multiple=True,
    metavar="ADDR",
    help="Recipient (repeatable); default: [alerts.email] to.",
)
def alerts_test(config_path: str | None, db_url: str | None, to: tuple[str, ...]) -> None:
    """Send a test e-mail through the configured SMTP server and say what happened.

    Exit codes: 0 the server accepted the message for every recipient, 1 it could not be
    sent (or some recipients were refused), 2 the configuration is incomplete.

    Example:

        sora-monitor alerts test --to analyst@example.org
    """
    from scheduler.mail import build_test_message, mail_domain
    from scheduler.notify import SMTPNotifier

    config, _ = load(config_path, db_url)
    email = config.alerts.email
    if not email.smtp_host:
        raise _no_server(config)
    message = build_test_message(
        sender=email.from_addr or "", recipients=list(to or email.to), domain=mail_domain(email)
    )
    result = SMTPNotifier(email).send(message)
    where = f"{email.smtp_host}:{email.smtp_port}"
    accepted = ", ".join(result.accepted)
    click.echo(f"test message {result.message_id} accepted by {where} for {accepted}")
    for address, reply in result.refused.items():
        click.echo(f"refused by {where}: {address} ({reply})")
    if result.refused:
        sys.exit(1)


def _overview(session: Session) -> list[dict[str, Any]]:
    from storage.outbox import alert_rows, stories_of

    rows = alert_rows(session)
    stories = stories_of(session, rows)
    result = []
    for row in rows:
        story = stories.get(row.cluster_id)
        articles = [story.headline, *story.others] if story else []
        result.append(
            {
                "story": row.cluster_id,
                "urls": [a.url for a in articles],
                "status": row.status,
                "attempts": row.attempts,
                "last_error": row.last_error,
                "created_at": row.created_at,
                "sent_at": row.sent_at,
                "message_id": row.message_id,
                # Additions to the contract.
                "kind": row.kind,
                "title": story.headline.title if story else None,
                "next_attempt_at": row.next_attempt_at,
                "recipients": list(row.recipients),
                "channel": row.channel,
                "batch": row.batch_id,
            }
        )
    return result


@alerts.command("list")
@common_options
@format_option()
def alerts_list(config_path: str | None, db_url: str | None, fmt: str) -> None:
    """The outbox: one row per alerted story, kind and channel, with status, attempts and last
    error.

    `kind` is `leak` for the alert sent after a run and `digest` for the daily digest;
    `channel` is `email` or `webhook`, each delivered on its own. A pending row is retried by
    the next run (or `alerts retry`); a failed one was given up (after many attempts, or at
    once when waiting cannot help) and is sent again only by `alerts retry`.

    Example:

        sora-monitor alerts list --format json
    """
    _, url = load(config_path, db_url)
    columns = TABLE_COLUMNS if fmt == "table" else ALERT_COLUMNS
    with reading(url) as session:
        rows = _overview(session)
    render(rows, columns, fmt, title="Alerts", empty="no alerts yet")


@alerts.command("retry")
@common_options
def alerts_retry(config_path: str | None, db_url: str | None) -> None:
    """Send every pending alert now, on every channel, ignoring the backoff (failed ones too).

    Takes the run lock (exit 75 while a run works). Exit codes: 0 sent (or nothing to send),
    1 some alerts could not be sent (they stay pending with the error), 2 no channel (SMTP
    server or webhook) configured.

    Example:

        sora-monitor alerts retry --config sora-monitor.toml
    """
    from monitor.alerting import email_unusable, webhook_unusable
    from scheduler.deliver import retry_now

    setup_logging(logging.ERROR)  # failures are reported below, once each
    config, url = load(config_path, db_url)
    unusable = email_unusable(config.alerts.email)
    if unusable and webhook_unusable(config.alerts.webhook):
        raise ConfigError(
            f"cannot send alerts: {unusable}",
            path=str(config.path) if config.path else None,
            key="alerts.email",
        )
    report = retry_now(config, url)
    click.echo(report.line() or "nothing to send: no alert is pending")
    for error in dict.fromkeys(report.errors):
        click.echo(f"sora-monitor: error: {error}", err=True)
    if report.failed:
        sys.exit(1)
