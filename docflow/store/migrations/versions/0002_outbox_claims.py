"""Outbox claims (token and lease) and mailbox-wide sending incidents.

Revision ID: 0002_outbox
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_outbox"
down_revision = "0001"
branch_labels = None
depends_on = None

def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=64), nullable=True,
                                      comment="the drain that holds the row"))
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True,
                                      comment="lease: after it a stale claim is recovered"))
    op.create_table(
        "outbox_incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mailbox", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False, comment="auth | connection"),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("open_key", sa.String(length=64), nullable=True, comment="the mailbox while open, NULL once closed"),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_incidents")),
        sa.UniqueConstraint("open_key", name=op.f("uq_outbox_incidents_open_key")),
    )
    with op.batch_alter_table("outbox_incidents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_incidents_mailbox"), ["mailbox"], unique=False)

def downgrade() -> None:
    with op.batch_alter_table("outbox_incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_incidents_mailbox"))
    op.drop_table("outbox_incidents")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("claimed_until")
        batch_op.drop_column("claim_token")
