"""The fields of a directory entry, declared once: every consumer reads this tuple instead of spelling them.

Before, adding a field to a referent meant editing eight lists (the store's ORM mapping, the Core loader, the
sync bulk writer, the importer's headers, labels and defaults, the xlsx columns and widths) and any one
forgotten dropped the field silently, or made an entry look "changed" on every sync. Now storage
(``store``, ``loading``, ``snapshot``), the spreadsheet import and export and the sync bundle iterate
:data:`FIELDS` and dispatch on each field's :attr:`Field.kind`; a kind a consumer does not know fails at once
(``tests/directory/test_fields.py`` round-trips an entry with every field set through all of them, and fails
on a second hand-written list of the fields anywhere in ``app/``).

Compatibility is part of the declaration: :attr:`Field.header` is what our xlsx export writes and the import
reads back, :attr:`Field.aliases` the other headers real spreadsheets use (all accepted as before); the entry
data keys, which are also the sync bundle's wire keys and the revision history's, are :attr:`Field.name`.
The order of :data:`FIELDS` is the order of the export's columns: a new field goes last so existing
spreadsheets keep their columns where they were (``tribunali`` came after the others for that reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# What a field's value is; each consumer handles every kind (see the module docstring).
UID = "uid"            # the entry's stable id (text)
TEXT = "text"          # one line of free text, spaces collapsed, at most Field.limit characters
SERVICE_KIND = "service_kind"  # a key of app.directory.kinds.SERVICE_KINDS
PHONES = "phones"      # list of numbers in E.164
EMAILS = "emails"      # list of addresses (Field.label names them in messages: "e-mail", "PEC")
URL = "url"            # a web address
SLOTS = "slots"        # opening hours: [{"days": [0..6], "from": "09:00", "to": "12:00"}]
LANGUAGES = "languages"  # list of ISO 639 codes
LEVEL = "level"        # a key of app.directory.kinds.SCOPE_LEVELS
PLACES = "places"      # list of places of one scope kind (Field.scope): ISTAT codes, Ambito or court names
DATE = "date"          # a date or None; ISO text on the wire
FLAG = "flag"          # a boolean, written in a spreadsheet as Field.words

KINDS = (UID, TEXT, SERVICE_KIND, PHONES, EMAILS, URL, SLOTS, LANGUAGES, LEVEL, PLACES, DATE, FLAG)
LIST_KINDS = frozenset({PHONES, EMAILS, SLOTS, LANGUAGES, PLACES})

# Where a field is stored: a column of the referent row, or of its service or institution, or Scope rows.
REFERENT = "referent"
SERVICE = "service"
INSTITUTION = "institution"
SCOPE = "scope"


@dataclass(frozen=True)
class Field:
    """One field of an entry: its key, how people head its column, what it holds and where it is stored."""

    name: str                      # key in the entry data, the sync bundle and the revision history
    header: str                    # column header of the xlsx export, read back by the import
    label: str                     # Italian name in messages and in the import preview's list of changes
    kind: str                      # one of KINDS
    aliases: tuple[str, ...] = ()  # other headers the import recognises (compared normalized)
    stored: str = REFERENT         # REFERENT, SERVICE, INSTITUTION (column ``column``) or SCOPE
    column: str = ""               # the column on that table; default: ``name``
    scope: str = ""                # for PLACES: the Scope.kind of its rows
    identity: bool = False         # part of what makes two entries the same referent (app.directory.identity)
    limit: int = 0                 # TEXT: most characters accepted
    width: int = 20                # column width in the xlsx export
    words: tuple[str, str] = ("sì", "no")  # FLAG: how the export writes True and False

    @property
    def empty(self) -> Any:
        """The value of a field nobody filled in (new entries from an import, old bundles without it)."""
        if self.kind in LIST_KINDS:
            return []
        if self.kind == DATE:
            return None
        if self.kind == FLAG:
            return False
        return ""


FIELDS: tuple[Field, ...] = (
    Field("uid", "ID", "identificativo", UID, ("codice voce", "identificativo", "id voce"), width=12),
    Field("institution", "Ente", "ente", TEXT, ("istituzione", "amministrazione", "ente di appartenenza",
                                                "ente firmatario", "organizzazione", "ente servizio"),
          stored=INSTITUTION, column="name", identity=True, limit=200, width=34),
    Field("service", "Servizio", "servizio", TEXT, ("ufficio", "servizio ufficio", "settore", "area",
                                                    "nome servizio"),
          stored=SERVICE, column="name", identity=True, limit=200, width=30),
    Field("kind", "Tipo", "tipo", SERVICE_KIND, ("tipo servizio", "tipologia", "categoria", "tipo di servizio"),
          stored=SERVICE, column="kind", width=22),
    Field("name", "Referente", "nome", TEXT, ("nome", "nominativo", "nome e cognome", "cognome e nome",
                                              "referente nominativo", "nome referente", "persona di riferimento",
                                              "contatto"),
          identity=True, limit=200, width=34),
    Field("role", "Ruolo", "ruolo", TEXT, ("qualifica", "funzione", "incarico", "ruolo qualifica"), limit=200,
          width=26),
    Field("phones", "Telefono", "telefoni", PHONES, ("tel", "telefoni", "recapito telefonico", "telefono fisso",
                                                     "numero di telefono", "n telefono", "tel ufficio",
                                                     "telefono ufficio", "recapiti telefonici"), width=26),
    Field("emails", "Email", "e-mail", EMAILS, ("e mail", "mail", "posta elettronica", "indirizzo email",
                                                "indirizzo e mail", "e mail ufficio"), width=34),
    Field("pecs", "PEC", "PEC", EMAILS, ("posta certificata", "posta elettronica certificata", "indirizzo pec",
                                         "e mail pec"), width=34),
    Field("website", "Sito", "sito", URL, ("sito web", "sito internet", "web", "url", "link"), limit=300, width=30),
    Field("address", "Indirizzo", "indirizzo", TEXT, ("sede", "indirizzo sede", "indirizzo ufficio", "ubicazione"),
          limit=300, width=30),
    Field("hours", "Orari", "orari", SLOTS, ("orario", "orari di apertura", "orari apertura", "orario di apertura",
                                             "ricevimento", "orari ricevimento", "giorni e orari",
                                             "apertura al pubblico", "orari di ricevimento"), width=24),
    Field("hours_note", "Note orari", "note sugli orari", TEXT, ("note sugli orari", "note"), limit=300, width=24),
    Field("languages", "Lingue", "lingue", LANGUAGES, ("lingue parlate", "lingua", "lingue disponibili"), width=10),
    Field("scope_level", "Livello", "livello", LEVEL, ("competenza", "livello territoriale", "ambito di competenza"),
          width=18),
    Field("municipalities", "Comune", "comuni", PLACES, ("comuni", "comune di competenza", "comuni serviti",
                                                         "territorio comune"),
          stored=SCOPE, scope="municipality", width=30),
    Field("ambiti", "Ambito", "Ambiti", PLACES, ("ambiti", "ambito territoriale", "ambito sociale",
                                                 "ambito distrettuale"),
          stored=SCOPE, scope="ambito", width=26),
    Field("valid_from", "Valido dal", "data di inizio validità", DATE, ("valida dal", "dal", "inizio validita",
                                                                "data inizio", "in vigore dal"), width=12),
    Field("valid_to", "Valido fino al", "data di fine validità", DATE, ("valida fino al", "al", "fine validita",
                                                                "data fine", "scadenza", "valido al"), width=12),
    Field("last_verified", "Verificato il", "data di verifica", DATE, ("ultima verifica", "data verifica",
                                                                       "data ultima verifica", "verificato",
                                                                       "aggiornato al", "data aggiornamento"),
          width=12),
    Field("source", "Fonte", "fonte", TEXT, ("origine", "fonte del dato"), limit=300, width=26),
    Field("is_demo", "Demo", "demo", FLAG, ("dimostrativo", "dati dimostrativi"), width=6),
    Field("retired", "Stato", "stato", FLAG, ("ritirato", "cessato"), width=10, words=("ritirato", "attivo")),
    Field("tribunali", "Tribunale", "tribunali", PLACES, ("tribunali", "circondario", "circondario del tribunale",
                                                          "tribunale competente"),
          stored=SCOPE, scope="tribunale", width=16),
)

BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
IDENTITY: tuple[str, ...] = tuple(f.name for f in FIELDS if f.identity)
REFERENT_COLUMNS: tuple[str, ...] = tuple(f.column or f.name for f in FIELDS if f.stored == REFERENT and f.kind != UID)
"""The referent row's columns that hold entry data (the uid aside: it is the row's key, never updated)."""
PLACE_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.kind == PLACES)
BY_SCOPE: dict[str, str] = {f.scope: f.name for f in PLACE_FIELDS}
"""Scope.kind -> field name."""


def by_kind(*kinds: str) -> tuple[Field, ...]:
    """The fields of these kinds, in declared order (consumers loop over these instead of naming fields)."""
    return tuple(f for f in FIELDS if f.kind in kinds)


def from_column(kind: str, value: Any) -> Any:
    """A stored column's value as entry data: lists copied (the ORM's and the driver's JSON values may be
    shared), opening hours slot by slot, flags as bool (SQLite gives 0/1 to Core queries)."""
    if kind == SLOTS:
        return [dict(s) for s in value]
    if kind in LIST_KINDS:
        return list(value)
    if kind == FLAG:
        return bool(value)
    return value


def complete(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every declared field, in declared order; a missing one gets its empty value.

    The sync bundle of an older Raccordo lacks fields added since (``tribunali``): it still loads.
    """
    return {f.name: data.get(f.name, f.empty) for f in FIELDS}


__all__ = ["BY_NAME", "BY_SCOPE", "FIELDS", "IDENTITY", "KINDS", "NAMES", "PLACE_FIELDS", "REFERENT_COLUMNS",
           "Field", "by_kind", "complete", "from_column"]
