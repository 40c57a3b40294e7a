"""Statistics: deliveries (with languages), access outcomes, scheduled accesses; closed lists only.

Revision ID: 0300_stats
Revises: 0001_foundation

Hand-written; the CHECK lists repeat app/stats/vocab.py as it was at this revision
(a later change of a list is a new revision, never an edit here).
"""

from alembic import op
import sqlalchemy as sa

revision = "0300_stats"
down_revision = "0001_foundation"
branch_labels = ("stats",)
depends_on = None

STAGES = ("diffida", "intimazione", "precetto", "avviso_sloggio", "accesso")
MODES = ("in_person", "attached_to_act", "handed_to_other", "deposited_at_town_hall")
CAUSES = ("arrears", "end_of_lease", "landlord_need", "unknown")
OUTCOMES = ("executed", "postponed", "voluntary_release", "suspended_by_court", "withdrawn")
SOCIAL = ("yes", "no", "unknown")
LANGUAGES = ("it", "en", "fr", "es", "ar", "zh_Hans", "tl", "si", "ta", "ro", "uk", "bn", "sq", "ur")



def _uuid(table):
    return sa.CheckConstraint("length(id) = 36 AND ltrim(id, '0123456789abcdef-') = ''",
                              name=f"ck_{table}_id_uuid")


def _token(table):
    return sa.CheckConstraint("length(workstation) = 12 AND ltrim(workstation, '0123456789abcdef') = ''",
                              name=f"ck_{table}_workstation")


def _municipality(table):
    return sa.ForeignKeyConstraint(["istat_code"], ["territory_municipality.istat_code"],
                                   name=f"fk_{table}_istat_code_territory_municipality")


def upgrade() -> None:
    t = "stats_delivery"
    op.create_table(
        t,
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("istat_code", sa.String(6), nullable=False),
        sa.Column("mode", sa.String(30), nullable=False),
        sa.Column("cause", sa.String(20), nullable=False),
        sa.Column("workstation", sa.String(12), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        _municipality(t),
        _uuid(t),
        _token(t),
        sa.CheckConstraint(f"stage IN ({', '.join(repr(v) for v in STAGES)})", name=f"ck_{t}_stage"),
        sa.CheckConstraint(f"mode IN ({', '.join(repr(v) for v in MODES)})", name=f"ck_{t}_mode"),
        sa.CheckConstraint(f"cause IN ({', '.join(repr(v) for v in CAUSES)})", name=f"ck_{t}_cause"),
    )
    # Two covering indexes per event table: by day for short periods (and the monthly trend), by the
    # grouping columns for long ones (SQLite then groups while it scans, without sorting a million rows).
    op.create_index("ix_stats_delivery_day", t, ["day", "stage", "istat_code", "cause", "mode"])
    op.create_index("ix_stats_delivery_groups", t, ["istat_code", "stage", "cause", "mode", "day"])

    t = "stats_delivery_language"
    op.create_table(
        t,
        sa.Column("delivery_id", sa.String(36), nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("istat_code", sa.String(6), nullable=False),
        sa.PrimaryKeyConstraint("delivery_id", "language", name=f"pk_{t}"),
        sa.ForeignKeyConstraint(["delivery_id"], ["stats_delivery.id"], ondelete="CASCADE",
                                name=f"fk_{t}_delivery_id_stats_delivery"),
        _municipality(t),
        sa.CheckConstraint(f"language IN ({', '.join(repr(v) for v in LANGUAGES)})", name=f"ck_{t}_language"),
    )
    op.create_index("ix_stats_delivery_language_day", t, ["day", "istat_code", "language"])
    op.create_index("ix_stats_delivery_language_groups", t, ["istat_code", "language", "day"])

    t = "stats_outcome"
    op.create_table(
        t,
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("istat_code", sa.String(6), nullable=False),
        sa.Column("outcome", sa.String(30), nullable=False),
        sa.Column("social_services", sa.String(10), nullable=False),
        sa.Column("workstation", sa.String(12), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        _municipality(t),
        _uuid(t),
        _token(t),
        sa.CheckConstraint(f"outcome IN ({', '.join(repr(v) for v in OUTCOMES)})", name=f"ck_{t}_outcome"),
        sa.CheckConstraint(f"social_services IN ({', '.join(repr(v) for v in SOCIAL)})",
                           name=f"ck_{t}_social_services"),
    )
    op.create_index("ix_stats_outcome_day", t, ["day", "istat_code", "outcome", "social_services"])
    op.create_index("ix_stats_outcome_groups", t, ["istat_code", "outcome", "social_services", "day"])

    t = "stats_scheduled_access"
    op.create_table(
        t,
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("access_day", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("istat_code", sa.String(6), nullable=False),
        sa.Column("workstation", sa.String(12), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        _municipality(t),
        _uuid(t),
        _token(t),
    )
    op.create_index("ix_stats_scheduled_access_access_day", t, ["access_day", "istat_code"])

    # Only used in a workstation's local outbox: which events already reached the shared database.
    t = "stats_pushed"
    op.create_table(
        t,
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("pushed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        _uuid(t),
    )


def downgrade() -> None:
    op.drop_table("stats_pushed")
    op.drop_index("ix_stats_scheduled_access_access_day", "stats_scheduled_access")
    op.drop_table("stats_scheduled_access")
    op.drop_index("ix_stats_outcome_groups", "stats_outcome")
    op.drop_index("ix_stats_outcome_day", "stats_outcome")
    op.drop_table("stats_outcome")
    op.drop_index("ix_stats_delivery_language_groups", "stats_delivery_language")
    op.drop_index("ix_stats_delivery_language_day", "stats_delivery_language")
    op.drop_table("stats_delivery_language")
    op.drop_index("ix_stats_delivery_groups", "stats_delivery")
    op.drop_index("ix_stats_delivery_day", "stats_delivery")
    op.drop_table("stats_delivery")
