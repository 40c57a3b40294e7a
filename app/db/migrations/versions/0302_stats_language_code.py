"""Statistics: a delivery's language is any well-formed language code, not one of 14 (issue 13).

Revision ID: 0302_stats_language_code
Revises: 0301_stats_trend_index

Languages became data (``content.toml``): a language can arrive through the
signed sync bundle, and its deliveries must be counted without a new release.
The CHECK on ``stats_delivery_language.language`` changes from a list of 14
codes to the shape of a code ("ru", "fil", "zh_Hans": two or three lower-case
letters, optionally "_" and a four-letter script), which still cannot hold a
name or any free text. The expression repeats app/stats/vocab.py
``language_check`` as it is at this revision (a later change is a new revision).

SQLite cannot alter a CHECK constraint: the table is rebuilt (batch mode, from
the table as defined here) with its rows, keys and indexes.
"""

import sqlalchemy as sa
from alembic import op

revision = "0302_stats_language_code"
down_revision = "0301_stats_trend_index"
branch_labels = None
depends_on = None

T = "stats_delivery_language"
NAME = f"ck_{T}_language"
_LOWER = "abcdefghijklmnopqrstuvwxyz"
SHAPE = (f"(length(language) BETWEEN 2 AND 3 AND ltrim(language, '{_LOWER}') = '') OR "
         f"(length(language) BETWEEN 7 AND 8 AND substr(language, length(language) - 4, 1) = '_' "
         f"AND ltrim(substr(language, 1, length(language) - 5), '{_LOWER}') = '' "
         f"AND ltrim(substr(language, length(language) - 3, 1), '{_LOWER.upper()}') = '' "
         f"AND ltrim(substr(language, length(language) - 2), '{_LOWER}') = '')")
OLD = ("it", "en", "fr", "es", "ar", "zh_Hans", "tl", "si", "ta", "ro", "uk", "bn", "sq", "ur")
OLD_LIST = f"language IN ({', '.join(repr(v) for v in OLD)})"


def _table(check: str) -> sa.Table:
    """The table as 0300_stats created it, with the given language CHECK."""
    return sa.Table(
        T, sa.MetaData(),
        sa.Column("delivery_id", sa.String(36), nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("istat_code", sa.String(6), nullable=False),
        sa.PrimaryKeyConstraint("delivery_id", "language", name=f"pk_{T}"),
        sa.ForeignKeyConstraint(["delivery_id"], ["stats_delivery.id"], ondelete="CASCADE",
                                name=f"fk_{T}_delivery_id_stats_delivery"),
        sa.ForeignKeyConstraint(["istat_code"], ["territory_municipality.istat_code"],
                                name=f"fk_{T}_istat_code_territory_municipality"),
        sa.CheckConstraint(check, name=NAME),
        sa.Index("ix_stats_delivery_language_day", "day", "istat_code", "language"),
        sa.Index("ix_stats_delivery_language_groups", "istat_code", "language", "day"),
    )


def _replace(check: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(T, copy_from=_table(check), recreate="always"):
            pass
    else:
        op.drop_constraint(NAME, T, type_="check")
        op.create_check_constraint(NAME, T, check)


def upgrade() -> None:
    _replace(SHAPE)


def downgrade() -> None:
    # A row in a language outside the old 14 breaks the old CHECK: the downgrade fails rather than lose it.
    _replace(OLD_LIST)
