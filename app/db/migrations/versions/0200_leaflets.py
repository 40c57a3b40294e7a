"""Leaflets: catalogs installed from the signed sync bundle.

Revision ID: 0200_leaflets
Revises: 0001_foundation
"""

from alembic import op
import sqlalchemy as sa

revision = "0200_leaflets"
down_revision = "0001_foundation"
branch_labels = ("leaflets",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leaflets_catalog",
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_leaflets_catalog"),
    )


def downgrade() -> None:
    op.drop_table("leaflets_catalog")
