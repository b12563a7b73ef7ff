"""Claim tallies kept with every write, so that the claim reports read counts instead of every
sighting; sightings ordered by claim and date through an index; each sighting's copy of the
date aligned with its article's.

Revision ID: 0011
Revises: 0010
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import Session


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('claim_tallies',
    sa.Column('claim_id', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('first_at', sa.DateTime(), nullable=True),
    sa.Column('first_article_id', sa.Integer(), nullable=True),
    sa.Column('last_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('claim_id', 'kind', 'key', name=op.f('pk_claim_tallies'))
    )
    with op.batch_alter_table('claim_sightings', schema=None) as batch_op:
        batch_op.create_index(
            'ix_claim_sightings_claim_id_published_at',
            ['claim_id', 'published_at', 'article_id'], unique=False,
        )
    from storage.claim_tallies import rebuild_claim_tallies

    rebuild_claim_tallies(Session(bind=op.get_bind()))


def downgrade() -> None:
    with op.batch_alter_table('claim_sightings', schema=None) as batch_op:
        batch_op.drop_index('ix_claim_sightings_claim_id_published_at')
    op.drop_table('claim_tallies')
