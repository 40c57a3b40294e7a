"""Statistics: a record key per event (cell key method) and covering indexes that carry it.

Revision ID: 0303_stats_record_keys
Revises: 0302_stats_language_code

Every published figure is perturbed by a noise read from the sum of its events'
record keys (app/stats/disclosure.py, docs/DISCLOSURE.md). The key is a hash of the
event id, so existing events get theirs here, computed the same way; a language row
carries its delivery's key. The covering indexes gain the key so that the sums are
read from the index, as the counts already were.
"""

import hashlib

from alembic import op
import sqlalchemy as sa

revision = "0303_stats_record_keys"
down_revision = "0302_stats_language_code"
branch_labels = None
depends_on = None

# (table, id column, [(index, columns without the key)])
TABLES = (
    ("stats_delivery", "id", [("ix_stats_delivery_day", ["day", "stage", "istat_code", "cause", "mode"]),
                              ("ix_stats_delivery_groups", ["istat_code", "stage", "cause", "mode", "day"]),
                              ("ix_stats_delivery_stage_day", ["stage", "day"])]),
    ("stats_delivery_language", "delivery_id",
     [("ix_stats_delivery_language_day", ["day", "istat_code", "language"]),
      ("ix_stats_delivery_language_groups", ["istat_code", "language", "day"])]),
    ("stats_outcome", "id", [("ix_stats_outcome_day", ["day", "istat_code", "outcome", "social_services"]),
                             ("ix_stats_outcome_groups", ["istat_code", "outcome", "social_services", "day"])]),
    ("stats_scheduled_access", "id", [("ix_stats_scheduled_access_access_day", ["access_day", "istat_code"])]),
)
NEW_COLUMNS = {"ix_stats_scheduled_access_access_day": ["access_day", "istat_code", "recorded_at"]}


def _record_key(event_id: str) -> int:
    """As app.stats.disclosure.record_key at this revision (frozen here: keys must never change)."""
    digest = hashlib.sha256(b"raccordo-record-key\x00" + event_id.encode("ascii")).digest()
    return int.from_bytes(digest[:4], "big") >> 1


def upgrade() -> None:
    bind = op.get_bind()
    for table, id_column, indexes in TABLES:
        for name, _ in indexes:
            op.drop_index(name, table)
        # A plain ADD COLUMN (NOT NULL needs a default on SQLite), never a batch rebuild: rebuilding
        # stats_delivery drops it, and with foreign keys on that deletes every language row (ON DELETE CASCADE).
        op.add_column(table, sa.Column("rkey", sa.Integer(), nullable=False, server_default="0"))
        t = sa.table(table, sa.column(id_column, sa.String), sa.column("rkey", sa.Integer))
        ids = [row[0] for row in bind.execute(sa.select(t.c[id_column]).distinct())]
        update = sa.update(t).where(t.c[id_column] == sa.bindparam("b_id")).values(rkey=sa.bindparam("b_key"))
        for start in range(0, len(ids), 5000):
            bind.execute(update, [{"b_id": i, "b_key": _record_key(i)} for i in ids[start:start + 5000]])
        if bind.dialect.name != "sqlite":  # SQLite keeps the (unused) default: changing it needs a rebuild
            op.alter_column(table, "rkey", existing_type=sa.Integer(), existing_nullable=False, server_default=None)
        for name, columns in indexes:
            op.create_index(name, table, [*NEW_COLUMNS.get(name, columns), "rkey"])


def downgrade() -> None:
    for table, _, indexes in TABLES:
        for name, _ in indexes:
            op.drop_index(name, table)
        op.drop_column(table, "rkey")
        for name, columns in indexes:
            op.create_index(name, table, columns)
