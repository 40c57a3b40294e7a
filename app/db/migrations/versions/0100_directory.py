"""Directory: institutions, services, referents, scopes, revisions.

Revision ID: 0100_directory
Revises: 0001_foundation
"""

from alembic import op
import sqlalchemy as sa

revision = "0100_directory"
down_revision = "0001_foundation"
branch_labels = ("directory",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_institution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("website", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_directory_institution"),
        sa.UniqueConstraint("name", name="uq_directory_institution_name"),
    )
    op.create_table(
        "directory_service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_directory_service"),
        sa.ForeignKeyConstraint(["institution_id"], ["directory_institution.id"],
                                name="fk_directory_service_institution_id_directory_institution"),
        sa.UniqueConstraint("institution_id", "name", name="uq_directory_service_institution_name"),
    )
    op.create_table(
        "directory_referent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(40), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("phones", sa.JSON(), nullable=False),
        sa.Column("emails", sa.JSON(), nullable=False),
        sa.Column("pecs", sa.JSON(), nullable=False),
        sa.Column("website", sa.String(300), nullable=False),
        sa.Column("address", sa.String(300), nullable=False),
        sa.Column("hours", sa.JSON(), nullable=False),
        sa.Column("hours_note", sa.String(300), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("scope_level", sa.String(20), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("last_verified", sa.Date(), nullable=True),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_directory_referent"),
        sa.ForeignKeyConstraint(["service_id"], ["directory_service.id"],
                                name="fk_directory_referent_service_id_directory_service"),
        sa.UniqueConstraint("uid", name="uq_directory_referent_uid"),
    )
    op.create_table(
        "directory_scope",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referent_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("value", sa.String(120), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_directory_scope"),
        sa.ForeignKeyConstraint(["referent_id"], ["directory_referent.id"], ondelete="CASCADE",
                                name="fk_directory_scope_referent_id_directory_referent"),
        sa.UniqueConstraint("referent_id", "kind", "value", name="uq_directory_scope_referent_kind_value"),
    )
    op.create_index("ix_directory_scope_referent_id", "directory_scope", ["referent_id"])
    op.create_table(
        "directory_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referent_uid", sa.String(40), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(120), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_directory_revision"),
    )
    op.create_index("ix_directory_revision_referent_uid", "directory_revision", ["referent_uid"])


def downgrade() -> None:
    op.drop_index("ix_directory_revision_referent_uid", "directory_revision")
    op.drop_table("directory_revision")
    op.drop_index("ix_directory_scope_referent_id", "directory_scope")
    op.drop_table("directory_scope")
    op.drop_table("directory_referent")
    op.drop_table("directory_service")
    op.drop_table("directory_institution")
