"""Each indicator against counts worked out here from the seeded rows; the published value is the disclosure API's."""

from __future__ import annotations

from datetime import date

import pytest

from app.monitoring.build import Monitoring
from app.monitoring.figures import Change, Value, change
from app.monitoring.indicators import BY_ID, FRAGILE_BASE, INDICATORS, MIN_BASE, Ref
from app.monitoring.service import make_monitoring
from app.stats.disclosure import ZERO as Tally0
from app.stats.disclosure import Disclosure
from app.stats.period import parse_period
from tests.monitoring.helpers import Office, ambito_of, directory_history, true_tallies

TODAY = date(2026, 12, 1)
K = 3


@pytest.fixture
def office(ctx):
    with ctx.sessions() as session:
        from sqlalchemy import select

        from app.territory.models import Municipality

        codes = sorted(session.scalars(select(Municipality.istat_code)))
    events = Office(20)
    events.spread(codes, date(2025, 1, 1), 700, deliveries=6000, outcomes=1500, scheduled=900)
    # A small Ambito with a handful of events in the period: its shares must not be computed.
    events.outcome("015146", date(2026, 6, 3), "executed", "yes")
    events.write(ctx)
    return ctx, events


def _published(tally) -> int:
    return Disclosure.for_threshold(K).publish(tally)


def test_every_figure_is_the_truth_published_by_the_disclosure_api(office):
    ctx, events = office
    period = parse_period("2026-T2")
    m = make_monitoring(ctx, period, today=TODAY)
    where = ambito_of(ctx)
    for figures in (m.current, m.previous, m.year_earlier):
        truth = true_tallies(events, where, figures.period.start, figures.period.end)
        checked = 0
        for table_name, table in figures.tables.items():
            for unit in [None, *m.ambiti]:
                for col in [None, *(c for c, _ in table.cols)]:
                    shown = figures.figure(Ref(table_name, col), unit)
                    tally = truth[table_name].get((unit, col), Tally0)
                    assert shown == _published(tally), (figures.period.label, table_name, unit, col)
                    assert abs(shown - tally.n) <= 7 and not 1 <= shown < K
                    checked += 1
        assert checked > 300  # 15 units x (5+1 + 1+1 + 5+1 + 3+1 + 3+1) figures
    # The seeded truth is not empty: the comparison above compared real counts.
    truth = true_tallies(events, where, period.start, period.end)
    assert truth["packs"][None, None].n > 600 and truth["foreign"][None, None].n > 200
    assert truth["forecast"][None, None].n > 20





def test_counts_and_shares_are_computed_from_published_figures_only(office):
    ctx, events = office
    m = make_monitoring(ctx, "2026-T2", today=TODAY)
    truth = true_tallies(events, ambito_of(ctx), m.period.start, m.period.end)
    # Counts: one published figure each.
    assert m.value("consegne").number == _published(truth["packs"][None, None])
    assert m.value("consegne_altra_lingua").number == _published(truth["foreign"][None, None])
    assert m.value("accessi").number == _published(truth["outcomes"][None, None])
    assert m.value("accessi_programmati").number == _published(truth["forecast"][None, None])
    # Shares: published numerator over published denominator (never the true ratio).
    yes, no = _published(truth["social"][None, "yes"]), _published(truth["social"][None, "no"])
    contact = m.value("contatto_servizi")
    assert (contact.numerator, contact.base) == (yes, yes + no) and contact.number == pytest.approx(yes / (yes + no))
    release = m.value("rilascio_spontaneo")
    assert release.number == pytest.approx(_published(truth["outcomes"][None, "voluntary_release"])
                                           / _published(truth["outcomes"][None, None]))
    answered = m.value("risposta_nota")
    assert answered.number == pytest.approx((yes + no) / _published(truth["outcomes"][None, None]))
    foreign = m.value("quota_altra_lingua")
    assert foreign.number == pytest.approx(_published(truth["foreign"][None, None])
                                           / _published(truth["packs"][None, None]))
    # The same per Ambito; an Ambito with few accesses gets no share, said in words.
    for ambito in m.ambiti:
        base = _published(truth["social"][ambito, "yes"]) + _published(truth["social"][ambito, "no"])
        v = m.value("contatto_servizi", ambito)
        if base == 0:
            assert v == Value(None, "none", v.numerator, 0)
        elif base < MIN_BASE:
            assert not v.shown and v.status == "few" and v.base == base
        else:
            assert v.shown and v.status == ("fragile" if base < FRAGILE_BASE else "ok")
    assert any(m.value("contatto_servizi", a).status == "few" for a in m.ambiti)


def test_a_delivery_in_two_other_languages_counts_once(ctx):
    events = Office(3)
    events.delivery("015146", date(2026, 5, 4), "precetto", langs=("it", "ar", "fr"))
    events.delivery("015146", date(2026, 5, 4), "precetto", langs=("it",))
    events.delivery("015146", date(2026, 5, 5), "accesso", langs=("ar",))  # recorded by a script without Italian
    events.write(ctx)
    m = make_monitoring(ctx, "2026-T2", today=TODAY)
    truth = true_tallies(events, ambito_of(ctx), m.period.start, m.period.end)
    assert truth["foreign"][None, None].n == 2
    assert m.value("consegne_altra_lingua").number == _published(truth["foreign"][None, None])


def test_changes_are_judged_against_the_protection_noise():
    count, share = BY_ID["consegne"], BY_ID["contatto_servizi"]
    assert change(count, Value(103), Value(100)).direction == "same"  # within ±3
    assert change(count, Value(104), Value(100)).direction == "up"
    assert change(count, Value(1010), Value(1000)).direction == "same"  # within 2%
    assert change(count, Value(950), Value(1000)).direction == "down"
    assert change(count, Value(None, "few"), Value(100)) == Change("na")
    # Shares: two standard deviations of the noise of two published counts, at least 2 points.
    assert change(share, Value(0.50, base=400), Value(0.47, base=400)).direction == "up"
    assert change(share, Value(0.50, base=25), Value(0.45, base=25)).direction == "same"
    assert change(share, Value(0.50, base=25), Value(0.20, base=25)).direction == "up"
    words = {d: Change(d).words for d in ("up", "down", "same", "na")}
    assert words == {"up": "in aumento", "down": "in calo", "same": "stabile", "na": "non confrontabile"}


def test_every_indicator_is_defined_once_with_article_formula_and_unit():
    ids = [i.id for i in INDICATORS]
    assert len(ids) == len(set(ids)) and set(BY_ID) == set(ids)
    for ind in INDICATORS:
        assert ind.name and ind.formula and ind.unit and ind.article.startswith(("Art.", "Premesse"))
        if ind.source == "events":
            assert ind.numerator and all(r.table in ("packs", "foreign", "outcomes", "social", "forecast")
                                         for r in ind.numerator + ind.denominator)
        assert ind.is_share == (ind.unit == "%")


def test_directory_freshness_per_signatory_from_its_history(ctx):
    """Verified referents at the end of each period, read from the directory's revisions; not perturbed."""
    directory_history(ctx, [(date(2025, 8, 10), 20), (date(2026, 3, 2), 15)])
    m = make_monitoring(ctx, "2026-T1", today=TODAY)
    fresh = m.freshness
    assert fresh.day == date(2026, 4, 30) and fresh.recorded
    # 180 days before 30 April 2026: the 15 verified on 2 March count, the 20 of 10 August 2025 no longer do.
    assert fresh.verified == 15 and fresh.never == fresh.referents - 35
    office = m.value("rubrica_verificata")
    assert office.number == pytest.approx(15 / fresh.referents) and (office.numerator, office.base) == (
        15, fresh.referents)
    assert "Prefettura di Milano" in [r.signatory for r in fresh.rows]
    assert any(r.signatory.startswith("Ambito ") for r in fresh.rows)
    assert "Comune di Milano" in [r.signatory for r in fresh.rows]
    assert sum(r.referents for r in fresh.rows) >= fresh.referents  # an Ambito-wide entry counts for each Ambito
    # A year earlier (end of April 2025) the directory was not in Raccordo yet;
    # and the directory did not exist in Raccordo then.
    assert m.year_earlier.freshness.recorded is False
    prev = m.previous.freshness  # end of December 2025: the 20 of June 2025 are within 180 days
    assert prev.verified == 20
    assert isinstance(m, Monitoring)


def test_a_directory_with_no_verification_dates(ctx):
    directory_history(ctx, [(date(2025, 1, 10), 0)])
    m = make_monitoring(ctx, "2025-T2", today=TODAY)
    assert m.freshness.recorded and m.freshness.verified == 0 and m.freshness.never == m.freshness.referents
    assert m.value("rubrica_verificata").number == 0.0
