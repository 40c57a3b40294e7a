"""A DEMO directory loaded on first start, so the application is useful at once.

Every entry is obviously fictitious: names start with "Referente DEMO", phone
numbers are in the range 02 0000 xxxx (Milan prefix, exchange 0000, which no
real Milan line uses but which ``phonenumbers`` accepts as a valid fixed line),
mobile numbers 333 000 0xxx, e-mail addresses are under the reserved
``.invalid`` top-level domain (RFC 2606), and every entry has ``is_demo=True``
and the source "Dati dimostrativi". It covers every signatory of the agreement
and every Ambito, the legal-aid desk of each court's Ordine degli Avvocati for
its court's area, plus a few municipalities with their own entries so the
municipality -> Ambito -> court -> metropolitan fallback can be seen.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.directory.models import Referent
from app.directory.snapshot import FORMAT, FORMAT_VERSION, replace_from_snapshot
from app.territory import normalize
from app.territory.models import Ambito

SOURCE = "Dati dimostrativi (non reali)"
SIGNED = date(2023, 1, 24)  # the agreement's signature: demo entries are valid from then
WEEKDAYS = [0, 1, 2, 3, 4]

# (institution, service, kind, referent, role, hours, languages)
_METRO = (
    ("Prefettura di Milano", "Tavolo tecnico sfratti", "prefecture", "Referente DEMO Prefettura",
     "Funzionario referente del protocollo", [{"days": WEEKDAYS, "from": "09:00", "to": "13:00"}], ["it"]),
    ("Corte d'Appello di Milano", "Segreteria della Presidenza", "court", "Referente DEMO Corte d'Appello",
     "Funzionario di cancelleria", [{"days": WEEKDAYS, "from": "09:00", "to": "12:00"}], ["it"]),
    ("Tribunale di Milano", "Cancelleria delle esecuzioni per rilascio", "court", "Referente DEMO Tribunale",
     "Funzionario giudiziario", [{"days": WEEKDAYS, "from": "09:00", "to": "12:00"}], ["it"]),
    ("UNEP presso la Corte d'Appello di Milano", "Ufficio esecuzioni", "unep", "Referente DEMO UNEP Esecuzioni",
     "Ufficiale giudiziario referente", [{"days": WEEKDAYS, "from": "08:30", "to": "12:30"}], ["it", "en"]),
    ("UNEP presso la Corte d'Appello di Milano", "Ufficio notificazioni", "unep", "Referente DEMO UNEP Notificazioni",
     "Funzionario UNEP", [{"days": WEEKDAYS, "from": "08:30", "to": "12:30"}], ["it"]),
    ("Città Metropolitana di Milano", "Politiche sociali e abitative", "housing_office",
     "Referente DEMO Città Metropolitana", "Referente politiche abitative",
     [{"days": [0, 2], "from": "09:30", "to": "12:30"}], ["it"]),
    ("Città Metropolitana di Milano", "Coordinamento emergenza abitativa", "housing_emergency",
     "Referente DEMO Coordinamento emergenza", "Coordinatore metropolitano",
     [{"days": WEEKDAYS, "from": "09:00", "to": "17:00"}], ["it", "en"]),
    ("ANCI Lombardia", "Dipartimento welfare", "other", "Referente DEMO ANCI Lombardia",
     "Referente per i Comuni", [{"days": [1, 3], "from": "10:00", "to": "13:00"}], ["it"]),
    ("Ordine degli Assistenti Sociali della Lombardia", "Segreteria dell'Ordine", "social_workers_order",
     "Referente DEMO Ordine Assistenti Sociali", "Consigliere referente",
     [{"days": [0, 2, 4], "from": "10:00", "to": "13:00"}], ["it"]),
    ("Ordine degli Avvocati di Milano", "Sportello patrocinio a spese dello Stato", "legal_aid",
     "Referente DEMO Sportello legale", "Avvocato dello sportello",
     [{"days": [1, 3], "from": "14:00", "to": "17:00"}], ["it", "en", "fr", "es"]),
)

# The legal-aid desk of each court's Ordine degli Avvocati serves the municipalities of that court's area
# (circondario): the household applies to the Ordine of the court named on the act (art. 124 DPR 115/2002).
_COURT_OF = {"Ordine degli Avvocati di Milano": "Milano"}
_OTHER_COURTS = ("Monza", "Lodi", "Busto Arsizio")

# (ISTAT code, municipality, service, kind, role, languages)
_MUNICIPAL = (
    ("015146", "Milano", "Servizio sociale professionale territoriale", "social_services",
     "Assistente sociale referente", ["it", "en", "es", "ar"]),
    ("015146", "Milano", "Servizio emergenza abitativa", "housing_emergency", "Referente emergenza abitativa",
     ["it", "en", "ar"]),
    ("015146", "Milano", "Area casa - Ufficio assegnazioni", "housing_office", "Funzionario dell'ufficio casa", ["it"]),
    ("015070", "Cernusco sul Naviglio", "Servizi sociali", "social_services", "Assistente sociale referente", ["it"]),
    ("015070", "Cernusco sul Naviglio", "Ufficio casa", "housing_office", "Referente ufficio casa", ["it"]),
    ("015182", "Rho", "Servizi sociali", "social_services", "Assistente sociale referente", ["it", "en"]),
    ("015118", "Legnano", "Servizi sociali", "social_services", "Assistente sociale referente", ["it"]),
    ("015209", "Sesto San Giovanni", "Emergenza abitativa", "housing_emergency", "Referente emergenza abitativa",
     ["it", "ar"]),
)


def _slug(text: str) -> str:
    return normalize(text).replace(" ", "-")


def build_demo_snapshot(ambiti: list[str], today: date) -> dict[str, Any]:
    """The demo directory as a snapshot for ``replace_from_snapshot`` (deterministic for a given day)."""
    numbers = itertools.count(1001)
    entries: list[dict[str, Any]] = []
    services: dict[tuple[str, str], str] = {}

    def add(institution: str, service: str, kind: str, name: str, role: str, level: str, *, codes=(), ambiti=(),
            courts=(), hours=(), languages=("it",), stale: bool = False) -> None:
        n = next(numbers)
        slug = _slug(institution)[:40]
        services[(institution, service)] = kind
        entries.append({
            "uid": f"demo-{n}", "institution": institution, "service": service, "kind": kind, "name": name,
            "role": role, "phones": [f"+39020000{n:04d}"] + ([f"+39333000{n:04d}"] if n % 4 == 0 else []),
            "emails": [f"referente.demo{n}@esempio.invalid"], "pecs": [f"demo{n}@pec.esempio.invalid"] if n % 3 == 0
            else [], "website": f"https://{slug}.esempio.invalid", "address": f"Via Esempio DEMO {n - 1000}, Milano",
            "hours": list(hours) or [{"days": WEEKDAYS, "from": "09:00", "to": "12:00"}],
            "hours_note": "su appuntamento il pomeriggio" if n % 5 == 0 else "", "languages": list(languages),
            "scope_level": level, "municipalities": list(codes), "ambiti": list(ambiti), "tribunali": list(courts),
            "valid_from": SIGNED.isoformat(), "valid_to": None,
            "last_verified": (today - timedelta(days=400 if stale else 30 + n % 60)).isoformat(),
            "source": SOURCE, "is_demo": True, "retired": False,
        })

    for institution, service, kind, name, role, hours, languages in _METRO:
        court = _COURT_OF.get(institution)
        add(institution, service, kind, name, role, "tribunale" if court else "metro", courts=[court] if court else (),
            hours=hours, languages=languages)
    for code, municipality, service, kind, role, languages in _MUNICIPAL:
        add(f"Comune di {municipality}", service, kind, f"Referente DEMO {service} {municipality}", role,
            "municipality", codes=[code], languages=languages, stale=municipality == "Legnano")
    for ambito in ambiti:
        if ambito == "Milano":  # the Comune di Milano is an Ambito on its own: its municipal entries cover it
            continue
        short = ambito.split(" (")[0]
        institution = f"Ufficio di Piano Ambito {short}"
        add(institution, "Servizi sociali dell'Ambito", "social_services", f"Referente DEMO Servizi sociali {short}",
            "Coordinatore dei servizi sociali", "ambito", ambiti=[ambito], stale=short == "Paullese")
        add(institution, "Emergenza abitativa dell'Ambito", "housing_emergency",
            f"Referente DEMO Emergenza abitativa {short}", "Referente emergenza abitativa", "ambito",
            ambiti=[ambito])
    for court in _OTHER_COURTS:  # after the others, so the demo's numbers stay what they were
        add(f"Ordine degli Avvocati di {court}", "Sportello patrocinio a spese dello Stato", "legal_aid",
            f"Referente DEMO Sportello legale {court}", "Avvocato dello sportello", "tribunale", courts=[court],
            hours=[{"days": [1, 3], "from": "14:00", "to": "17:00"}])
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "version": "",
        "institutions": [{"name": name, "website": ""} for name in sorted({i for i, _ in services})],
        "services": [{"institution": i, "name": s, "kind": k} for (i, s), k in sorted(services.items())],
        "referents": entries,
    }


def seed_if_empty(session: Session, ctx: object = None, today: date | None = None) -> bool:
    """Load the demo directory when there is no entry at all (first start); never touches real data."""
    if session.scalar(select(Referent.id).limit(1)) is not None:
        return False
    ambiti = list(session.scalars(select(Ambito.name).order_by(Ambito.name)))
    replace_from_snapshot(session, build_demo_snapshot(ambiti, today or date.today()), user="dimostrazione")
    return True
