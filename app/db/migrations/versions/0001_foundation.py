"""Foundation: app metadata and the territory (municipalities, Ambiti).

Revision ID: 0001_foundation
Revises:
"""

from alembic import op
import sqlalchemy as sa

revision = "0001_foundation"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_app_meta"),
    )
    op.create_table(
        "territory_ambito",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("capofila", sa.String(120), nullable=True),
        sa.Column("capofila_verified", sa.Boolean(), nullable=False),
        sa.Column("capofila_note", sa.String(300), nullable=False, server_default=""),
        sa.Column("capofila_source", sa.String(500), nullable=False, server_default=""),
        sa.PrimaryKeyConstraint("id", name="pk_territory_ambito"),
        sa.UniqueConstraint("name", name="uq_territory_ambito_name"),
    )
    op.create_table(
        "territory_municipality",
        sa.Column("istat_code", sa.String(6), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("search_key", sa.String(120), nullable=False),
        sa.Column("ambito_id", sa.Integer(), nullable=False),
        sa.Column("ambito_verified", sa.Boolean(), nullable=False),
        sa.Column("ambito_note", sa.String(300), nullable=False, server_default=""),
        sa.Column("ambito_source", sa.String(500), nullable=False, server_default=""),
        sa.Column("zona_omogenea", sa.String(120), nullable=False, server_default=""),
        sa.Column("tribunale", sa.String(120), nullable=False, server_default=""),
        sa.Column("tribunale_verified", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("istat_code", name="pk_territory_municipality"),
        sa.ForeignKeyConstraint(["ambito_id"], ["territory_ambito.id"],
                                name="fk_territory_municipality_ambito_id_territory_ambito"),
        sa.CheckConstraint("length(istat_code) = 6", name="ck_territory_municipality_istat_len"),
    )
    op.create_index("ix_territory_municipality_search_key", "territory_municipality", ["search_key"])


def downgrade() -> None:
    op.drop_index("ix_territory_municipality_search_key", "territory_municipality")
    op.drop_table("territory_municipality")
    op.drop_table("territory_ambito")
    op.drop_table("app_meta")
