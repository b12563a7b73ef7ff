"""Claims, their sightings in articles, and the alert outbox.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('claims',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.Column('text_ar', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims'))
    )
    op.create_table('alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('recipients', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('message_id', sa.String(length=255), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_alerts_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alerts')),
    sa.UniqueConstraint('cluster_id', 'kind', name=op.f('uq_alerts_cluster_id'))
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alerts_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alerts_status'), ['status'], unique=False)

    op.create_table('claim_sightings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.String(length=100), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('variant', sa.String(length=100), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('first_seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_claim_sightings_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_sightings_claim_id_claims'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_sightings')),
    sa.UniqueConstraint('claim_id', 'article_id', name=op.f('uq_claim_sightings_claim_id'))
    )
    with op.batch_alter_table('claim_sightings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_sightings_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_sightings_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_sightings_first_seen_at'), ['first_seen_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_claim_sightings_published_at'), ['published_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('claim_sightings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_sightings_published_at'))
        batch_op.drop_index(batch_op.f('ix_claim_sightings_first_seen_at'))
        batch_op.drop_index(batch_op.f('ix_claim_sightings_claim_id'))
        batch_op.drop_index(batch_op.f('ix_claim_sightings_article_id'))

    op.drop_table('claim_sightings')
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alerts_status'))
        batch_op.drop_index(batch_op.f('ix_alerts_cluster_id'))

    op.drop_table('alerts')
    op.drop_table('claims')
