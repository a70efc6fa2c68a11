"""Intake: per-letter attempt counter, committed before a letter is processed.

A letter that kills the process (or aborts its batch) is counted; after ``intake.max_attempts``
it is quarantined without being processed again, and the rest of the mailbox goes on.

Revision ID: 0004_intake
Revises: 0003_ui
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_intake"
down_revision = "0003_ui"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "intake_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("mailbox_id", sa.Integer(), sa.ForeignKey("mailboxes.id"), nullable=False),
        sa.Column("folder", sa.String(250), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("uid", sa.BigInteger(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text(), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("mailbox_id", "folder", "uidvalidity", "uid", name="uq_intake_attempts_key"),
    )


def downgrade() -> None:
    op.drop_table("intake_attempts")
