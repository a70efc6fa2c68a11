"""Agenda items: who spoke in the discussion («Выступили» in the protocol).

Revision ID: 0003_ui
Revises: 0002_outbox
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_ui"
down_revision = "0002_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("discussion", sa.Text(), nullable=False, server_default="",
                                      comment="«Выступили»: who spoke and what they said"))


def downgrade() -> None:
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_column("discussion")
