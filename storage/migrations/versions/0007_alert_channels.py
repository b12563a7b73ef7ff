"""The outbox is keyed by story, kind and channel; the e-mail fields become channel data.

Every existing row is an e-mail row: its Message-ID becomes its `batch_id` (a claimed batch
keeps its id, so a resend after the upgrade carries the same Message-ID) and its recipients
move into `data`. Pending, claimed, sent and failed rows keep their status, attempts and times.

Revision ID: 0007
Revises: 0006
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


_TYPES = {
    'id': sa.Integer(),
    'channel': sa.String(),
    'batch_id': sa.String(),
    'data': sa.JSON(),
    'message_id': sa.String(),
    'recipients': sa.JSON(),
}


def _alerts(*names: str) -> sa.TableClause:
    return sa.table('alerts', *(sa.column(name, _TYPES[name]) for name in ('id', *names)))


def _move(read: tuple[str, str], write: tuple[str, str], convert) -> None:
    """Rewrite every row's `write` columns from its `read` ones: convert(*read) -> (*write)."""
    connection = op.get_bind()
    alerts = _alerts(*read, *write)
    rows = connection.execute(sa.select(alerts.c.id, *(alerts.c[n] for n in read))).all()
    for alert_id, *values in rows:
        connection.execute(
            alerts.update()
            .where(alerts.c.id == alert_id)
            .values(dict(zip(write, convert(*values))))
        )


def upgrade() -> None:
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('channel', sa.String(length=20), server_default='email', nullable=False)
        )
        batch_op.add_column(sa.Column('batch_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('data', sa.JSON(), nullable=True))

    _move(
        ('message_id', 'recipients'),
        ('batch_id', 'data'),
        lambda message_id, recipients: (message_id, {'recipients': list(recipients or [])}),
    )

    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_constraint('uq_alerts_cluster_id', type_='unique')
        batch_op.create_unique_constraint(
            'uq_alerts_cluster_id', ['cluster_id', 'kind', 'channel']
        )
        batch_op.drop_column('message_id')
        batch_op.drop_column('recipients')


def downgrade() -> None:
    # Only e-mail existed before: the other channels' rows have nowhere to go.
    alerts = _alerts('channel')
    op.get_bind().execute(alerts.delete().where(alerts.c.channel != 'email'))

    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recipients', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.String(length=255), nullable=True))

    _move(
        ('batch_id', 'data'),
        ('message_id', 'recipients'),
        lambda batch_id, data: (batch_id, list((data or {}).get('recipients', []))),
    )

    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_constraint('uq_alerts_cluster_id', type_='unique')
        batch_op.create_unique_constraint('uq_alerts_cluster_id', ['cluster_id', 'kind'])
        batch_op.drop_column('data')
        batch_op.drop_column('batch_id')
        batch_op.drop_column('channel')
