"""LSH band keys of article signatures, for near-duplicate lookup.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('article_bands',
    sa.Column('band_key', sa.String(length=64), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_bands_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('band_key', 'article_id', name=op.f('pk_article_bands'))
    )
    with op.batch_alter_table('article_bands', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_bands_article_id'), ['article_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('article_bands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_bands_article_id'))

    op.drop_table('article_bands')
