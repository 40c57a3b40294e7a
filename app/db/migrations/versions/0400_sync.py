"""Sync: HTTP cache validators and the current/previous signed bundles.

Revision ID: 0400_sync
Revises: 0001_foundation
"""

from alembic import op
import sqlalchemy as sa

revision = "0400_sync"
down_revision = "0001_foundation"
branch_labels = ("sync",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("source", sa.String(1000), nullable=False),
        sa.Column("etag", sa.String(300), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("manifest_sha256", sa.String(64), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("source", name="pk_sync_state"),
    )
    op.create_table(
        "sync_bundle",
        sa.Column("slot", sa.String(10), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("manifest", sa.LargeBinary(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("slot", name="pk_sync_bundle"),
    )
    op.create_table(
        "sync_bundle_file",
        sa.Column("slot", sa.String(10), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("slot", "name", name="pk_sync_bundle_file"),
        sa.ForeignKeyConstraint(["slot"], ["sync_bundle.slot"], name="fk_sync_bundle_file_slot_sync_bundle",
                                ondelete="CASCADE", onupdate="CASCADE"),
    )


def downgrade() -> None:
    op.drop_table("sync_bundle_file")
    op.drop_table("sync_bundle")
    op.drop_table("sync_state")
