"""Migrations that move data, tried on a database holding it (SQLite and PostgreSQL).

0007 keys the outbox by story, kind and channel: an older database's pending, claimed, sent and
failed alerts all become e-mail rows in the same state, and nothing pending is lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.exc import IntegrityError

from monitor.config import load_config
from scheduler.deliver import deliver
from storage.engine import Database, _alembic_config, current_revision, head_revision, make_engine
from storage.models import Alert, Article, Source
from storage.outbox import alert_rows
from tests.smtp_server import smtp_server

NOW = datetime(2024, 11, 27, 9, 0, tzinfo=UTC)
TO = ["analyst@example.org"]
SENT_ID = "<alert-leak-1-1-aaaaaaaaaa@example.org>"
CLAIMED_ID = "<alert-leak-2-1-bbbbbbbbbb@example.org>"
OLD_ALERTS = sa.table(
    "alerts",
    *(
        sa.column(name, kind)
        for name, kind in [
            ("id", sa.Integer()), ("cluster_id", sa.Integer()), ("article_id", sa.Integer()),
            ("kind", sa.String()), ("status", sa.String()), ("attempts", sa.Integer()),
            ("last_error", sa.Text()), ("recipients", sa.JSON()), ("created_at", sa.DateTime()),
            ("next_attempt_at", sa.DateTime()), ("sent_at", sa.DateTime()),
            ("message_id", sa.String()),
        ]
    ),  # fmt: skip
)


def migrate(engine: sa.Engine, revision: str, *, down: bool = False) -> None:
    with engine.begin() as connection:
        step = command.downgrade if down else command.upgrade
        step(_alembic_config(connection), revision)


def naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)  # as 0006 stored times: naive UTC


@pytest.fixture
def at_0006(db_url: str) -> Iterator[str]:
    """A database at revision 0006 with four stories in the outbox, as that version left them:
    one mailed, one claimed by a batch that failed (backing off), one unclaimed with its
    digest row (mode `both`)."""
    engine = make_engine(db_url)
    try:
        migrate(engine, "0006")
        with engine.begin() as connection:
            source = connection.execute(
                sa.insert(Source.__table__).values(
                    name="Tech Wire", kind="feed", url="https://techwire.example/feed"
                ).returning(Source.__table__.c.id)
            ).scalar_one()
            for n in (1, 2, 3):
                connection.execute(
                    sa.insert(Article.__table__).values(
                        id=n, canonical_url=f"https://techwire.example/{n}.html",
                        source_id=source, title=f"Sora leak report {n}", language="en",
                        first_seen_at=NOW, published_at=NOW - timedelta(hours=n),
                        relevant=True, relevance_score=0.9, leak_report=True, seed_copy=False,
                        cluster_id=n,
                    )
                )  # fmt: skip
            rows = [
                dict(cluster_id=1, status="sent", attempts=1, message_id=SENT_ID,
                     sent_at=naive(NOW)),
                dict(cluster_id=2, status="pending", attempts=3, message_id=CLAIMED_ID,
                     last_error="connection refused",
                     next_attempt_at=naive(NOW + timedelta(minutes=15))),
                dict(cluster_id=3, status="pending", attempts=0),
                dict(cluster_id=3, kind="digest", status="pending", attempts=0),
            ]  # fmt: skip
            for values in rows:
                defaults = dict(kind="leak", recipients=TO, created_at=naive(NOW))
                connection.execute(
                    sa.insert(OLD_ALERTS).values(
                        **defaults | values, article_id=values["cluster_id"]
                    )
                )
        yield db_url
    finally:
        engine.dispose()


def test_0007_keeps_every_alert_of_an_older_database_as_an_email_row(
    at_0006: str, tmp_path: Path
) -> None:
    database = Database.open(at_0006)  # migrates to the head, as `run` does
    try:
        assert current_revision(database.engine) == head_revision()
        with database.session() as session, session.begin():
            rows = sorted(alert_rows(session), key=lambda r: r.id)
        assert [(r.cluster_id, r.kind, r.channel, r.status, r.attempts) for r in rows] == [
            (1, "leak", "email", "sent", 1),
            (2, "leak", "email", "pending", 3),
            (3, "leak", "email", "pending", 0),
            (3, "digest", "email", "pending", 0),
        ]
        assert [r.batch_id for r in rows] == [SENT_ID, CLAIMED_ID, None, None]
        assert [r.message_id for r in rows] == [SENT_ID, CLAIMED_ID, None, None]
        assert {r.recipients for r in rows} == {tuple(TO)}
        assert rows[1].last_error == "connection refused"
        assert rows[1].next_attempt_at == NOW + timedelta(minutes=15)
        assert rows[0].sent_at == NOW
        # The key is story, kind and channel: a webhook row joins the story's e-mail row.
        with database.session() as session, session.begin():
            session.add(Alert(cluster_id=1, article_id=1, kind="leak", channel="webhook"))
        with pytest.raises(IntegrityError), database.session() as session, session.begin():
            session.add(Alert(cluster_id=1, article_id=1, kind="leak", channel="webhook"))
        # Nothing pending was lost: it is mailed, the claimed batch under its old Message-ID.
        with smtp_server() as server:
            config_file = tmp_path / "sora-monitor.toml"
            config_file.write_text(
                '[alerts]\nmode = "immediate"\n[alerts.email]\nsmtp_host = "127.0.0.1"\n'
                f'smtp_port = {server.port}\nsecurity = "none"\nfrom = "monitor@example.org"\n'
                'to = ["analyst@example.org"]\n',
                encoding="utf-8",
            )
            report = deliver(load_config(config_file), database, now=NOW + timedelta(hours=1))
            claimed, fresh = server.messages
        assert (report.sent, report.messages, report.pending) == (3, 2, 1)  # + the webhook row
        assert claimed["Message-ID"] == CLAIMED_ID
        assert "Sora leak report 2" in claimed.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert fresh["Message-ID"] not in (SENT_ID, CLAIMED_ID)
    finally:
        database.dispose()


def test_0007_downgrades_to_the_email_columns(at_0006: str) -> None:
    engine = make_engine(at_0006)
    try:
        migrate(engine, "head")
        with engine.begin() as connection:
            connection.execute(
                sa.insert(Alert.__table__).values(
                    cluster_id=2, article_id=2, kind="leak", channel="webhook", status="pending",
                    attempts=0, created_at=NOW,
                )
            )  # fmt: skip
        migrate(engine, "0006", down=True)
        with engine.begin() as connection:
            back = connection.execute(
                sa.select(OLD_ALERTS.c.cluster_id, OLD_ALERTS.c.message_id, OLD_ALERTS.c.recipients)
                .order_by(OLD_ALERTS.c.id)
            ).all()  # fmt: skip
        # The webhook row had nowhere to go; every e-mail row is as 0006 wrote it.
        assert [tuple(r) for r in back] == [
            (1, SENT_ID, TO), (2, CLAIMED_ID, TO), (3, None, TO), (3, None, TO)
        ]
        migrate(engine, "head")
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_the_head_is_read_as_alembic_reads_it_without_importing_alembic(tmp_path: Path) -> None:
    """A database at the head opens without importing Alembic (a quarter of a second of every
    command's start): the head comes from the migration files, as Alembic's own reading of them
    gives it, and the database's revision from its alembic_version table."""
    import subprocess
    import sys

    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    assert head_revision() == ScriptDirectory.from_config(_alembic_config()).get_current_head()
    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    database = Database.open(url)
    with database.engine.connect() as connection:
        assert current_revision(database.engine) == MigrationContext.configure(
            connection
        ).get_current_revision()
    database.engine.dispose()
    probe = (
        "import sys; from storage.engine import Database; "
        f"Database.open({url!r}); print('alembic' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert found.stdout.strip() == "False", found.stderr
