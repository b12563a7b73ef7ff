"""Articles: the publisher's name (outlet). The database's own id (instance), which makes alert
Message-IDs and Atom ids unique across databases.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

import uuid
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outlet', sa.String(length=200), nullable=True))
    instance = op.create_table('instance',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_instance'))
    )
    op.bulk_insert(instance, [
        {'id': str(uuid.uuid4()), 'created_at': datetime.now(timezone.utc).replace(tzinfo=None)}
    ])


def downgrade() -> None:
    op.drop_table('instance')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_column('outlet')
