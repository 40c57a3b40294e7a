"""Statistics: monthly totals of what the monitoring indicators count, kept exact by triggers.

Revision ID: 0305_stats_month_totals
Revises: 0304_stats_day_workstation

The supervisor's screen counts the chosen period and the periods it is compared with (issue 20): at 70,000
deliveries a four-month period that is about 0.85 s of CPU over the events, every first choice. Every period it
shows is a calendar period, made of whole months, so the same counts are sums of monthly totals: deliveries per
(month, municipality, stage), deliveries with a language other than Italian per (month, municipality), outcomes
per (month, municipality, outcome, social services), scheduled accesses per (access month, month recorded,
municipality). Each total is a count and the sum of the record keys, so the disclosure control publishes from
them exactly what it publishes from the events.

The database keeps them, not the application: a trigger on each event table adds an inserted event and takes a
deleted one back, in the same transaction, whoever writes (recording, undo, a merged file, a pushed outbox, a
migration, a script). A delivery counts as "another language" once, however many such languages its pack held:
the language triggers run BEFORE the row is written (PostgreSQL's AFTER row triggers run at the end of a
statement and would see every language of a delivery at once), and add on the delivery's first such language,
take back on its last. Events are never updated (only added or taken back): a later migration that changes
event rows, or rebuilds an event table on SQLite (which drops its triggers), must create the triggers again and
call ``rebuild`` as this revision does. Existing events are added up here.
"""

from alembic import op
import sqlalchemy as sa

revision = "0305_stats_month_totals"
down_revision = "0304_stats_day_workstation"
branch_labels = None
depends_on = None

STAGES = ("diffida", "intimazione", "precetto", "avviso_sloggio", "accesso")
OUTCOMES = ("executed", "postponed", "voluntary_release", "suspended_by_court", "withdrawn")
SOCIAL = ("yes", "no", "unknown")

# total table -> (event table, [(total column, event column)]); the month columns are computed from a date.
TOTALS = {
    "stats_month_stage": ("stats_delivery", [("month", "@day"), ("istat_code", "istat_code"), ("stage", "stage")]),
    "stats_month_outcome": ("stats_outcome", [("month", "@day"), ("istat_code", "istat_code"),
                                              ("outcome", "outcome"), ("social_services", "social_services")]),
    "stats_month_scheduled": ("stats_scheduled_access", [("month", "@access_day"), ("known", "@recorded_at"),
                                                          ("istat_code", "istat_code")]),
}
FOREIGN = "stats_month_foreign"


def _in(table, column, values):
    return sa.CheckConstraint(f"{column} IN ({', '.join(repr(v) for v in values)})", name=f"ck_{table}_{column}")


def _create(table, keys, checks=()):
    """A total table: its key columns (the primary key, in this order), then the count and the key sum."""
    op.create_table(
        table,
        *(sa.Column(name, kind, nullable=False) for name, kind in keys),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("rkeys", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(*(name for name, _ in keys), name=f"pk_{table}"),
        sa.ForeignKeyConstraint(["istat_code"], ["territory_municipality.istat_code"],
                                name=f"fk_{table}_istat_code_territory_municipality"),
        *checks,
    )


def _month(dialect, expression):
    """The first day of the month of a date (or timestamp) expression, as each database stores a Date."""
    if dialect == "sqlite":
        return f"date({expression}, 'start of month')"
    return f"CAST(date_trunc('month', {expression}) AS date)"


def _value(dialect, row, source):
    return _month(dialect, f"{row}.{source[1:]}") if source.startswith("@") else f"{row}.{source}"


def _add(dialect, table, columns, row):
    """SQL adding the event ``row`` (NEW) to its total, and taking ``row`` (OLD) back from it."""
    names = ", ".join(c for c, _ in columns)
    values = ", ".join(_value(dialect, row, s) for _, s in columns)
    add = (f"INSERT INTO {table} ({names}, n, rkeys) VALUES ({values}, 1, {row}.rkey) "
           f"ON CONFLICT ({names}) DO UPDATE SET n = {table}.n + 1, rkeys = {table}.rkeys + excluded.rkeys;")
    match = " AND ".join(f"{c} = {_value(dialect, row, s)}" for c, s in columns)
    take = (f"UPDATE {table} SET n = n - 1, rkeys = rkeys - {row}.rkey WHERE {match}; "
            f"DELETE FROM {table} WHERE {match} AND n = 0;")
    return add, take


def _foreign_sql(dialect, row, *, other_than_self):
    """Whether the delivery of language row ``row`` has (another) language other than Italian stored."""
    self_clause = f" AND l.language <> {row}.language" if other_than_self else ""
    return (f"EXISTS (SELECT 1 FROM stats_delivery_language l WHERE l.delivery_id = {row}.delivery_id "
            f"AND l.language <> 'it'{self_clause})")


FOREIGN_COLUMNS = [("month", "@day"), ("istat_code", "istat_code")]


def create_triggers(dialect):
    """The triggers that keep the totals (exported for a later migration that rebuilds an event table)."""
    statements = []
    if dialect == "sqlite":
        for total, (events, columns) in TOTALS.items():
            add, _ = _add(dialect, total, columns, "NEW")
            _, take = _add(dialect, total, columns, "OLD")
            statements += [f"CREATE TRIGGER {total}_add AFTER INSERT ON {events} BEGIN {add} END",
                           f"CREATE TRIGGER {total}_take AFTER DELETE ON {events} BEGIN {take} END"]
        add, _ = _add(dialect, FOREIGN, FOREIGN_COLUMNS, "NEW")
        _, take = _add(dialect, FOREIGN, FOREIGN_COLUMNS, "OLD")
        statements += [
            f"CREATE TRIGGER {FOREIGN}_add BEFORE INSERT ON stats_delivery_language "
            f"WHEN NEW.language <> 'it' AND NOT {_foreign_sql(dialect, 'NEW', other_than_self=False)} "
            f"BEGIN {add} END",
            f"CREATE TRIGGER {FOREIGN}_take BEFORE DELETE ON stats_delivery_language "
            f"WHEN OLD.language <> 'it' AND NOT {_foreign_sql(dialect, 'OLD', other_than_self=True)} "
            f"BEGIN {take} END",
        ]
        return statements
    for total, (events, columns) in TOTALS.items():
        add, _ = _add(dialect, total, columns, "NEW")
        _, take = _add(dialect, total, columns, "OLD")
        statements += [
            f"CREATE FUNCTION {total}_keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'INSERT' THEN {add} ELSE {take} END IF; RETURN NULL; END $$",
            f"CREATE TRIGGER {total}_keep AFTER INSERT OR DELETE ON {events} FOR EACH ROW "
            f"EXECUTE FUNCTION {total}_keep()",
        ]
    add, _ = _add(dialect, FOREIGN, FOREIGN_COLUMNS, "NEW")
    _, take = _add(dialect, FOREIGN, FOREIGN_COLUMNS, "OLD")
    statements += [
        f"CREATE FUNCTION {FOREIGN}_keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'INSERT' THEN "
        f"IF NEW.language <> 'it' AND NOT {_foreign_sql(dialect, 'NEW', other_than_self=False)} THEN {add} END IF; "
        f"RETURN NEW; END IF; "
        f"IF OLD.language <> 'it' AND NOT {_foreign_sql(dialect, 'OLD', other_than_self=True)} THEN {take} END IF; "
        f"RETURN OLD; END $$",
        f"CREATE TRIGGER {FOREIGN}_keep BEFORE INSERT OR DELETE ON stats_delivery_language FOR EACH ROW "
        f"EXECUTE FUNCTION {FOREIGN}_keep()",
    ]
    return statements


def drop_triggers(dialect):
    names = [*TOTALS, FOREIGN]
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}_{how}" for name in names for how in ("add", "take")]
    events = {**{t: e for t, (e, _) in TOTALS.items()}, FOREIGN: "stats_delivery_language"}
    return [s for name in names for s in (f"DROP TRIGGER IF EXISTS {name}_keep ON {events[name]}",
                                          f"DROP FUNCTION IF EXISTS {name}_keep()")]


def rebuild(bind):
    """Every total added up again from the events (in the caller's transaction)."""
    dialect = bind.dialect.name
    for total, (events, columns) in TOTALS.items():
        names = ", ".join(c for c, _ in columns)
        values = [_value(dialect, "e", s) for _, s in columns]
        bind.exec_driver_sql(f"DELETE FROM {total}")
        bind.exec_driver_sql(f"INSERT INTO {total} ({names}, n, rkeys) SELECT {', '.join(values)}, count(*), "
                             f"sum(e.rkey) FROM {events} e GROUP BY {', '.join(values)}")
    # One per delivery with a language other than Italian (its language rows share its day, municipality, key).
    month = _month(dialect, "e.day")
    bind.exec_driver_sql(f"DELETE FROM {FOREIGN}")
    bind.exec_driver_sql(
        f"INSERT INTO {FOREIGN} (month, istat_code, n, rkeys) SELECT {month}, e.istat_code, count(*), sum(e.rkey) "
        f"FROM stats_delivery_language e WHERE e.language <> 'it' AND NOT EXISTS (SELECT 1 FROM "
        f"stats_delivery_language l WHERE l.delivery_id = e.delivery_id AND l.language <> 'it' "
        f"AND l.language < e.language) GROUP BY {month}, e.istat_code")


def upgrade() -> None:
    month, istat = ("month", sa.Date()), ("istat_code", sa.String(6))
    t = "stats_month_stage"
    _create(t, [month, istat, ("stage", sa.String(20))], [_in(t, "stage", STAGES)])
    _create(FOREIGN, [month, istat])
    t = "stats_month_outcome"
    _create(t, [month, istat, ("outcome", sa.String(30)), ("social_services", sa.String(10))],
            [_in(t, "outcome", OUTCOMES), _in(t, "social_services", SOCIAL)])
    _create("stats_month_scheduled", [month, ("known", sa.Date()), istat])
    bind = op.get_bind()
    for statement in create_triggers(bind.dialect.name):
        bind.exec_driver_sql(statement)
    rebuild(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for statement in drop_triggers(bind.dialect.name):
        bind.exec_driver_sql(statement)
    for table in (*TOTALS, FOREIGN):
        op.drop_table(table)
