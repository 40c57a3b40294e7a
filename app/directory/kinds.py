"""The closed list of service kinds a referent can offer, with their Italian labels.

The leaflet packs group referents by kind, so the list is closed: a new kind is
a code change reviewed with the leaflet texts, never free text from a spreadsheet.
"""

from __future__ import annotations

from app.caches import memo

KIND_LABELS: dict[str, str] = {
    "social_services": "Servizi sociali",
    "housing_emergency": "Emergenza abitativa",
    "housing_office": "Ufficio casa",
    "legal_aid": "Assistenza legale e patrocinio gratuito",
    "unep": "UNEP (ufficiali giudiziari)",
    "court": "Tribunale e Corte d'Appello",
    "prefecture": "Prefettura",
    "social_workers_order": "Ordine degli Assistenti Sociali",
    "other": "Altro",
}
SERVICE_KINDS: tuple[str, ...] = tuple(KIND_LABELS)
# What a household's leaflet lists: the help named by the agreement (Art. 2.3: social services, emergency
# housing, housing offices, legal aid) and the bailiffs' own office. Courts, Prefettura, the social workers'
# order and "other" are the technical table's contacts, published in the directory but not handed to families.
HOUSEHOLD_KINDS: tuple[str, ...] = ("social_services", "housing_emergency", "housing_office", "legal_aid", "unep")
KIND_ORDER = {kind: i for i, kind in enumerate(SERVICE_KINDS)}

# "tribunale": every municipality of a court's area (circondario), as the territory data assigns them. The
# legal-aid desk of the Ordine degli Avvocati is the one of the court named on the act (art. 124 DPR 115/2002).
SCOPE_LEVELS = ("municipality", "ambito", "tribunale", "metro")
SCOPE_LABELS = {"municipality": "Comune", "ambito": "Ambito", "tribunale": "Circondario del tribunale",
                "metro": "Città metropolitana"}

# Words people write in the "Servizio" column, mapped to a kind (checked in order, on normalized text).
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("emergenza abitativa", "housing_emergency"),
    ("emergenza casa", "housing_emergency"),
    ("housing emergency", "housing_emergency"),
    ("ufficio casa", "housing_office"),
    ("politiche abitative", "housing_office"),
    ("abitativ", "housing_office"),
    ("casa", "housing_office"),
    ("assistenti sociali", "social_workers_order"),
    ("ordine assistenti", "social_workers_order"),
    ("servizi sociali", "social_services"),
    ("servizio sociale", "social_services"),
    ("sociale", "social_services"),
    ("social", "social_services"),
    ("patrocinio", "legal_aid"),
    ("legale", "legal_aid"),
    ("avvocat", "legal_aid"),
    ("unep", "unep"),
    ("ufficiali giudiziari", "unep"),
    ("notificazioni", "unep"),
    ("tribunale", "court"),
    ("corte", "court"),
    ("prefettura", "prefecture"),
)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, KIND_LABELS["other"])


@memo(None)
def _label_keys() -> dict[str, str]:
    from app.territory import normalize  # only a spreadsheet's wording needs it; the closed list itself stays free

    return {normalize(label): kind for kind, label in KIND_LABELS.items()} | {
        normalize(kind): kind for kind in KIND_LABELS}


@memo(4096)
def guess_kind(text: str) -> str | None:
    """Kind from a code ("social_services"), a label ("Servizi sociali") or common wording; None if unknown."""
    raw = text.strip()
    if raw in KIND_LABELS:
        return raw
    from app.territory import normalize

    key = normalize(raw)
    if not key:
        return None
    if key in _label_keys():
        return _label_keys()[key]
    for word, kind in _KIND_WORDS:
        if word in key:
            return kind
    return None
