"""Why a poll failed (`cause`: dns, no_route, connection_refused...; `weight`), and whether its failure's
weight on the source's health waits for the run's verdict (`health_held`: an outage of this
machine does not count against its sources).

Revision ID: 0010
Revises: 0008
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('source_polls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cause', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('weight', sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column('health_held', sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table('source_polls', schema=None) as batch_op:
        batch_op.drop_column('health_held')
        batch_op.drop_column('weight')
        batch_op.drop_column('cause')
