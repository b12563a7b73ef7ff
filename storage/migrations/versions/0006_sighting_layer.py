"""Claim sightings say which layer of the analysis found them (lexical rules or meaning).

Revision ID: 0006
Revises: 0005
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('claim_sightings', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('layer', sa.String(length=10), server_default='lexical', nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('claim_sightings', schema=None) as batch_op:
        batch_op.drop_column('layer')
