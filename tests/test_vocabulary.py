"""Each closed list is declared once; every copy that must exist elsewhere is checked against it here.

The copies: the content data's stages (``content.toml``), the Italian label tables of the workbook, the
screens' labels and keys, and the database's CHECK constraints, written by migrations that can never be
edited afterwards (a list that changes is a new migration: this test says which). Adding a stage or an
outcome means changing ``app/vocab.py`` or ``app/stats/vocab.py`` and following what fails here.
"""

from __future__ import annotations

import re
import tomllib

import pytest
import sqlalchemy as sa

from app.leaflets.languages import CODE_PATTERN, all_languages
from app.stats import vocab as stats_vocab
from app.vocab import LANGUAGE_CODE_PATTERN, STAGES, content_file
from tests.conftest import make_context

# column of each statistics table that a CHECK constraint restricts to a closed list -> that list
CHECKED_LISTS = {
    ("stats_delivery", "stage"): stats_vocab.STAGES,
    ("stats_delivery", "mode"): stats_vocab.DELIVERY_MODES,
    ("stats_delivery", "cause"): stats_vocab.CAUSES,
    ("stats_outcome", "outcome"): stats_vocab.OUTCOMES,
    ("stats_outcome", "social_services"): stats_vocab.SOCIAL_SERVICES,
    ("stats_month_stage", "stage"): stats_vocab.STAGES,  # the monthly totals (0305)
    ("stats_month_outcome", "outcome"): stats_vocab.OUTCOMES,
    ("stats_month_outcome", "social_services"): stats_vocab.SOCIAL_SERVICES,
}
_QUOTED = re.compile(r"'((?:[^']|'')*)'")


def closed_lists_in(engine: sa.Engine) -> dict[tuple[str, str], tuple[str, ...]]:
    """(table, column) -> the values its CHECK constraint allows, for every ``column IN (...)`` constraint of the
    statistics tables, as the database itself reports it (SQLite's SQL, PostgreSQL's ``= ANY (ARRAY[...])``)."""
    found = {}
    inspector = sa.inspect(engine)
    for table in inspector.get_table_names():
        if not table.startswith("stats_"):
            continue
        for check in inspector.get_check_constraints(table):
            text = check["sqltext"]
            column = re.match(r"\W*(\w+)", text).group(1)
            if " IN (" in text.upper() or "ANY (ARRAY[" in text.upper():
                found[(table, column)] = tuple(v.replace("''", "'") for v in _QUOTED.findall(text))
    return found


def disagreements(engine: sa.Engine) -> list[str]:
    """Every constraint whose list is not the vocabulary's, and every list the vocabulary has that no constraint
    enforces (or the reverse): empty when the database and the code agree."""
    in_database = closed_lists_in(engine)
    problems = [f"{table}.{column}: the database allows {in_database.get((table, column))}, the code {values}"
                for (table, column), values in CHECKED_LISTS.items()
                if set(in_database.get((table, column), ())) != set(values)]
    problems += [f"{table}.{column}: a closed list in the database that no vocabulary declares"
                 for (table, column) in in_database if (table, column) not in CHECKED_LISTS]
    return problems


def test_the_migrated_database_enforces_exactly_the_vocabulary(ctx):
    assert disagreements(ctx.engine) == []


@pytest.mark.postgres
def test_the_migrated_postgresql_database_enforces_exactly_the_vocabulary(tmp_path, pg_url):
    from app.bootstrap import prepare_database

    context = make_context(tmp_path, db_url=pg_url)
    try:
        prepare_database(context)
        assert disagreements(context.engine) == []
    finally:
        context.dispose()


def test_a_planted_disagreement_is_caught(tmp_path):
    """A migration that forgot a stage, and one that constrains a column no vocabulary knows."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'planted.sqlite3'}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE stats_delivery (stage TEXT, mode TEXT, cause TEXT, "
                             "CONSTRAINT ck_stage CHECK (stage IN ('diffida', 'intimazione', 'precetto', 'accesso')), "
                             "CONSTRAINT ck_mode CHECK (mode IN ('in_person', 'attached_to_act', 'handed_to_other', "
                             "'deposited_at_town_hall')), "
                             "CONSTRAINT ck_cause CHECK (cause IN ('arrears', 'end_of_lease', 'landlord_need', "
                             "'unknown')))")
        conn.exec_driver_sql("CREATE TABLE stats_outcome (outcome TEXT, social_services TEXT, mood TEXT, "
                             "CONSTRAINT ck_o CHECK (outcome IN ('executed', 'postponed', 'voluntary_release', "
                             "'suspended_by_court', 'withdrawn')), "
                             "CONSTRAINT ck_s CHECK (social_services IN ('yes', 'no', 'unknown')), "
                             "CONSTRAINT ck_m CHECK (mood IN ('calm')))")
        for table, columns in (("stats_month_stage", ["stage"]), ("stats_month_outcome", ["outcome", "social_services"])):
            checks = ", ".join(f"CONSTRAINT ck_{c} CHECK ({c} IN ({', '.join(repr(v) for v in CHECKED_LISTS[table, c])}))"
                               for c in columns)
            conn.exec_driver_sql(f"CREATE TABLE {table} ({', '.join(f'{c} TEXT' for c in columns)}, {checks})")
    found = disagreements(engine)
    engine.dispose()
    assert len(found) == 2
    assert found[0].startswith("stats_delivery.stage: the database allows ('diffida', 'intimazione', 'precetto', "
                               "'accesso')")
    assert found[1].startswith("stats_outcome.mood")


def test_the_content_data_has_the_program_s_stages_in_order():
    with content_file().open("rb") as fh:
        stages = [raw["id"] for raw in tomllib.load(fh)["stage"]]
    assert tuple(stages) == STAGES == stats_vocab.STAGES


def test_one_pattern_for_a_language_code_and_every_shipped_language_fits_it():
    assert CODE_PATTERN is LANGUAGE_CODE_PATTERN and stats_vocab.LANGUAGE_CODE.pattern is LANGUAGE_CODE_PATTERN
    assert all(stats_vocab.is_language_code(lang.code) for lang in all_languages())


def test_the_workbook_names_each_language_as_the_content_data_does():
    """The statistics may not import the leaflets: both read the names from content.toml ("tl" is "tagalog",
    where CLDR would say "filippino")."""
    shipped = {lang.code: lang.italian_name for lang in all_languages()}
    assert stats_vocab.language_names(shipped) == shipped
    assert stats_vocab.language_names(["de"]) == {"de": "tedesco"}  # a language that arrived later: CLDR's name


@pytest.mark.parametrize("labels, values", [
    (stats_vocab.STAGE_LABELS, STAGES),
    (stats_vocab.MODE_LABELS, stats_vocab.DELIVERY_MODES),
    (stats_vocab.CAUSE_LABELS, stats_vocab.CAUSES),
    (stats_vocab.OUTCOME_LABELS, stats_vocab.OUTCOMES),
    (stats_vocab.SOCIAL_LABELS, stats_vocab.SOCIAL_SERVICES),
])
def test_every_workbook_label_table_covers_its_list_in_order(labels, values):
    assert tuple(labels) == values


def test_the_screens_label_every_value_of_the_lists(qtbot, ctx):
    from app.ui.leaflets_view import LeafletsView
    from app.ui.stats_view import StatsView

    leaflets = LeafletsView(ctx)
    qtbot.addWidget(leaflets)
    assert tuple(leaflets.stage_labels()) == STAGES
    assert tuple(leaflets.stages.stages) == STAGES
    assert tuple(leaflets.mode_labels()) == stats_vocab.DELIVERY_MODES
    assert [leaflets.mode.itemData(i) for i in range(leaflets.mode.count())] == list(stats_vocab.DELIVERY_MODES)
    stats = StatsView(ctx)
    qtbot.addWidget(stats)
    assert tuple(stats.outcome_labels()) == stats_vocab.OUTCOMES == tuple(stats.outcome_buttons)
    assert tuple(stats.social_labels()) == stats_vocab.SOCIAL_SERVICES == tuple(stats.social_buttons)
