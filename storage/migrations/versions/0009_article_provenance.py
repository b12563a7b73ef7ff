"""The aggregator link each article was found through, so that an item whose outlet URL is not
known yet is kept (under a placeholder key) and completed when a later run resolves it.

Revision ID: 0009
Revises: 0008
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new nullable column and its own unique index: no table copy on SQLite.
    op.add_column('articles', sa.Column('provenance_url', sa.String(length=2048), nullable=True))
    op.create_index('ix_articles_provenance_url', 'articles', ['provenance_url'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_articles_provenance_url', table_name='articles')
    # Not a batch (a copy of the table would cascade its deletion to the rows that point at
    # it): SQLite 3.35+ drops an unindexed column in place.
    op.drop_column('articles', 'provenance_url')
