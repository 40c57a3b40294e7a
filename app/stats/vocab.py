"""The closed lists every statistics column is constrained to, and their Italian labels.

Only these values ever reach the database (CHECK constraints repeat them), so a
household can never be described in the statistics store. The stages and the
shape of a language code are shared with the leaflets and declared in
``app/vocab.py``; ``tests/test_vocabulary.py`` checks the labels, the screens and
the database constraints against these lists.
"""

from __future__ import annotations

import re

from app.vocab import LANGUAGE_CODE_PATTERN, STAGES, shipped_language_names

__all__ = ["CAUSES", "CAUSE_LABELS", "DELIVERY_MODES", "LANGUAGE_CODE", "LEVELS", "MODE_LABELS", "OUTCOMES",
           "OUTCOME_LABELS", "SOCIAL_LABELS", "SOCIAL_SERVICES", "STAGES", "STAGE_LABELS", "in_list",
           "is_language_code", "language_check", "language_names", "token_check", "uuid_check", "workstation_token"]

DELIVERY_MODES = ("in_person", "attached_to_act", "handed_to_other", "deposited_at_town_hall")
"""How the leaflet reached the household.

- ``in_person``: handed to the addressee;
- ``attached_to_act``: nobody was found, the leaflet travels with the act;
- ``handed_to_other``: given to a family member, cohabitant, caretaker or neighbour who receives the act
  (art. 139 c.p.c.): a distinct, frequent way of serving an act, and it tells the Ambito the household
  may not have read it yet;
- ``deposited_at_town_hall``: the act (with the leaflet) is deposited at the municipality and notice is
  posted (art. 140 c.p.c.) when nobody can receive it.
"""

LEVELS = ("municipality", "ambito")
"""How finely an export lays out its counts: by municipality or by Ambito."""

CAUSES = ("arrears", "end_of_lease", "landlord_need", "unknown")

OUTCOMES = ("executed", "postponed", "voluntary_release", "suspended_by_court", "withdrawn")
"""Outcome of an access.

Beyond the four the agreement names, ``withdrawn`` covers the landlord renouncing the enforcement
(rinuncia, often after an agreement between the parties): the household stays, so counting it as
executed or postponed would mislead housing planning.
"""

SOCIAL_SERVICES = ("yes", "no", "unknown")

LANGUAGE_CODE = re.compile(LANGUAGE_CODE_PATTERN)
"""The shape of a leaflet language code: "ru", "fil", "zh_Hans" (``app.vocab``, shared with the leaflets).

Languages are data (``content.toml``): one that arrives by sync is recorded like the shipped ones, so the
statistics check the shape of the code, not a list. A code of two or three lower-case letters, with an
optional four-letter script, cannot carry a name or any free text; the database checks the same shape
(:func:`language_check`).
"""

STAGE_LABELS = {
    "diffida": "Diffida",
    "intimazione": "Intimazione",
    "precetto": "Precetto",
    "avviso_sloggio": "Avviso di sloggio",
    "accesso": "Accesso",
}
MODE_LABELS = {
    "in_person": "Consegnato a mano",
    "attached_to_act": "Allegato all'atto",
    "handed_to_other": "Consegnato ad altra persona",
    "deposited_at_town_hall": "Depositato in Comune",
}
CAUSE_LABELS = {
    "arrears": "Morosità",
    "end_of_lease": "Finita locazione",
    "landlord_need": "Necessità del locatore",
    "unknown": "Altro / non nota",
}
OUTCOME_LABELS = {
    "executed": "Eseguito",
    "postponed": "Rinviato",
    "voluntary_release": "Rilascio spontaneo prima dell'accesso",
    "suspended_by_court": "Sospeso dal giudice",
    "withdrawn": "Rinuncia del creditore",
}
SOCIAL_LABELS = {"yes": "Sì", "no": "No", "unknown": "Non noto"}


def language_names(codes) -> dict[str, str]:
    """code -> Italian name: the content data's for the shipped languages ("tl" -> "tagalog", where CLDR would
    say "filippino"), CLDR's through Babel for a code that arrived later by sync, the code itself otherwise."""
    names = shipped_language_names()
    found = {}
    for code in codes:
        if code not in names:
            from babel import Locale, UnknownLocaleError

            try:
                names[code] = Locale.parse(code).get_display_name("it") or code
            except (ValueError, TypeError, UnknownLocaleError):  # no CLDR data for it in this build
                names[code] = code
        found[code] = names[code]
    return found


def workstation_token(workstation: str) -> str:
    """The 12-hex-digit token the statistics store for a workstation.

    The application passes ``Config.workstation()``, already a keyed code (see there): it is kept as it is.
    Any other text (a name given directly, as tests do) is hashed, so that no text ever reaches the store.
    """
    value = workstation.strip()
    if len(value) == 12 and all(c in "0123456789abcdef" for c in value):
        return value
    import hashlib  # here: the command parser reads the closed lists above, and only them

    return hashlib.sha256(("raccordo-workstation:" + value.casefold()).encode("utf-8")).hexdigest()[:12]


def is_language_code(value: object) -> bool:
    return isinstance(value, str) and LANGUAGE_CODE.fullmatch(value) is not None


_LOWER = "abcdefghijklmnopqrstuvwxyz"


def language_check(column: str) -> str:
    """SQL for a CHECK constraint giving ``column`` the shape of :data:`LANGUAGE_CODE` (portable: no regular
    expressions in SQLite, so lengths, one position and character sets through ``ltrim``)."""
    c = column
    return (f"(length({c}) BETWEEN 2 AND 3 AND ltrim({c}, '{_LOWER}') = '') OR "
            f"(length({c}) BETWEEN 7 AND 8 AND substr({c}, length({c}) - 4, 1) = '_' "
            f"AND ltrim(substr({c}, 1, length({c}) - 5), '{_LOWER}') = '' "
            f"AND ltrim(substr({c}, length({c}) - 3, 1), '{_LOWER.upper()}') = '' "
            f"AND ltrim(substr({c}, length({c}) - 2), '{_LOWER}') = '')")


def in_list(column: str, values: tuple[str, ...]) -> str:
    """SQL for a CHECK constraint restricting ``column`` to ``values`` (portable SQLite/PostgreSQL)."""
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


def uuid_check(column: str) -> str:
    return f"length({column}) = 36 AND ltrim({column}, '0123456789abcdef-') = ''"


def token_check(column: str) -> str:
    return f"length({column}) = 12 AND ltrim({column}, '0123456789abcdef') = ''"
