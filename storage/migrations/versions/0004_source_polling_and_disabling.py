"""Sources: adaptive polling state (last poll, unchanged streak) and when a source was disabled.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('last_polled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('unchanged_polls', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('failed_polls', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('sources', schema=None) as batch_op:
        batch_op.drop_column('failed_polls')
        batch_op.drop_column('unchanged_polls')
        batch_op.drop_column('last_polled_at')
        batch_op.drop_column('disabled_at')

