"""The resolution rule, on plain entries (no database) and through the database."""

from __future__ import annotations

from datetime import date

from app.directory.resolve import Entry, ResolvedReferent, resolve

DAY = date(2026, 6, 1)


def entry(name: str, kind: str, level: str, *, codes=(), ambiti=(), valid_from=None, valid_to=None,
          retired=False, courts=()) -> Entry:
    referent = ResolvedReferent(kind, kind, "Ente", name, "", (), (), "", "", "", level, True, None)
    return Entry(name, referent, frozenset(codes), frozenset(ambiti), valid_from, valid_to, retired,
                 courts=frozenset(courts))


def names(result) -> list[str]:
    return [r.name for r in result]


def test_municipality_beats_ambito_beats_metro_per_kind():
    entries = [
        entry("metro social", "social_services", "metro"),
        entry("ambito social", "social_services", "ambito", ambiti=["Adda Martesana"]),
        entry("comune social", "social_services", "municipality", codes=["015070"]),
        entry("ambito housing", "housing_emergency", "ambito", ambiti=["Adda Martesana"]),
        entry("metro housing", "housing_emergency", "metro"),
        entry("metro legal", "legal_aid", "metro"),
        entry("other ambito social", "social_services", "ambito", ambiti=["Rhodense"]),
    ]
    assert names(resolve(entries, "015070", "Adda Martesana", DAY)) == ["comune social", "ambito housing",
                                                                          "metro legal"]
    # A neighbour in the same Ambito without its own entry falls back to the Ambito.
    assert names(resolve(entries, "015099", "Adda Martesana", DAY)) == ["ambito social", "ambito housing",
                                                                          "metro legal"]
    # Another Ambito without housing entries falls back to metro for housing.
    assert names(resolve(entries, "015182", "Rhodense", DAY)) == ["other ambito social", "metro housing",
                                                                    "metro legal"]
    assert names(resolve(entries, "015146", None, DAY)) == ["metro social", "metro housing", "metro legal"]


def test_court_area_comes_after_the_ambito_and_before_metro():
    """The legal-aid desk is the one of the municipality's court (art. 124 DPR 115/2002), not a Milan default."""
    entries = [
        entry("Ordine Milano", "legal_aid", "tribunale", courts=["Milano"]),
        entry("Ordine Monza", "legal_aid", "tribunale", courts=["Monza"]),
        entry("metro legal", "legal_aid", "metro"),
        entry("ambito legal", "legal_aid", "ambito", ambiti=["Rhodense"]),
        entry("metro social", "social_services", "metro"),
    ]
    assert names(resolve(entries, "015077", "Cinisello Balsamo", DAY, "Monza")) == ["metro social", "Ordine Monza"]
    assert names(resolve(entries, "015146", "Milano", DAY, "Milano")) == ["metro social", "Ordine Milano"]
    assert names(resolve(entries, "015182", "Rhodense", DAY, "Milano")) == ["metro social", "ambito legal"]
    assert names(resolve(entries, "015999", None, DAY, "Lodi")) == ["metro social", "metro legal"]  # no Lodi entry
    assert names(resolve(entries, "015999", None, DAY)) == ["metro social", "metro legal"]


def test_only_valid_and_not_retired_entries_count_and_fall_back():
    entries = [
        entry("old", "social_services", "municipality", codes=["015070"], valid_to=date(2026, 5, 31)),
        entry("future", "social_services", "municipality", codes=["015070"], valid_from=date(2026, 6, 2)),
        entry("retired", "social_services", "municipality", codes=["015070"], retired=True),
        entry("today only", "housing_office", "municipality", codes=["015070"], valid_from=DAY, valid_to=DAY),
        entry("ambito", "social_services", "ambito", ambiti=["A"]),
    ]
    result = names(resolve(entries, "015070", "A", DAY))
    assert result == ["ambito", "today only"]
    assert names(resolve(entries, "015070", "A", date(2026, 5, 31))) == ["old"]
    assert names(resolve(entries, "015070", "A", date(2026, 6, 2))) == ["future"]


def test_order_is_by_kind_then_name_and_stable():
    entries = [
        entry("Zeta", "legal_aid", "metro"),
        entry("beta", "social_services", "metro"),
        entry("Alfa", "social_services", "metro"),
        entry("Àrea", "housing_emergency", "metro"),
    ]
    first = resolve(entries, "015146", "Milano", DAY)
    assert names(first) == ["Alfa", "beta", "Àrea", "Zeta"]
    assert resolve(list(reversed(entries)), "015146", "Milano", DAY) == first


def test_packs_list_only_household_facing_kinds(ctx):
    from app.directory.kinds import HOUSEHOLD_KINDS
    from app.directory.resolve import referents_for
    from app.territory import Territory

    with ctx.sessions() as session:
        territory = Territory.load(session)
        milano = territory.find("Milano").istat_code
        for_pack = referents_for(session, territory, milano)
        everything = referents_for(session, territory, milano, kinds=None)
    assert for_pack and {r.service_kind for r in for_pack} <= set(HOUSEHOLD_KINDS)
    assert {"court", "prefecture"} & {r.service_kind for r in everything}
    assert for_pack == [r for r in everything if r.service_kind in HOUSEHOLD_KINDS]
