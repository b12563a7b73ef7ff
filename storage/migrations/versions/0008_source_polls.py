"""The crawl's ledger: a row per source poll (answer, pending validators, what fetching found),
pages granted per site and crawl, and the run that first stored each article.

Revision ID: 0008
Revises: 0007
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('crawl_pages',
    sa.Column('crawl', sa.String(length=32), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('crawl', 'host', name=op.f('pk_crawl_pages'))
    )
    with op.batch_alter_table('crawl_pages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crawl_pages_updated_at'), ['updated_at'], unique=False)

    op.create_table('source_polls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('crawl', sa.String(length=32), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('planned_at', sa.DateTime(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('requested', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=True),
    sa.Column('outcome', sa.String(length=12), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('entries', sa.Integer(), nullable=True),
    sa.Column('etag', sa.String(length=512), nullable=True),
    sa.Column('last_modified', sa.String(length=100), nullable=True),
    sa.Column('body_hash', sa.String(length=64), nullable=True),
    sa.Column('pending', sa.Integer(), nullable=False),
    sa.Column('validators_saved_at', sa.DateTime(), nullable=True),
    sa.Column('counts', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['runs.id'], name=op.f('fk_source_polls_run_id_runs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_source_polls_source_id_sources'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_polls'))
    )
    with op.batch_alter_table('source_polls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_polls_crawl'), ['crawl'], unique=False)
        batch_op.create_index(batch_op.f('ix_source_polls_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_source_polls_source_id'), ['source_id'], unique=False)

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('run_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_articles_run_id'), ['run_id'], unique=False)


def downgrade() -> None:
    # Not in batch mode: on SQLite that copies `articles`, and dropping the old table would
    # delete, by cascade, every row that refers to an article. SQLite >= 3.35 drops a column.
    op.drop_index(op.f('ix_articles_run_id'), table_name='articles')
    op.drop_column('articles', 'run_id')

    with op.batch_alter_table('source_polls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_polls_source_id'))
        batch_op.drop_index(batch_op.f('ix_source_polls_run_id'))
        batch_op.drop_index(batch_op.f('ix_source_polls_crawl'))

    op.drop_table('source_polls')
    with op.batch_alter_table('crawl_pages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crawl_pages_updated_at'))

    op.drop_table('crawl_pages')
