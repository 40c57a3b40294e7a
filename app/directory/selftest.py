"""Self-test of the directory: the demo is there and resolution works for Milano and a small municipality."""

from __future__ import annotations

from app.context import AppContext


def _directory(ctx: AppContext) -> str:
    from sqlalchemy import func, select

    from app.directory.models import Referent
    from app.directory.resolve import referents_for
    from app.territory import Territory

    with ctx.sessions() as session:
        count = session.scalar(select(func.count(Referent.id)))
        if not count:
            raise AssertionError("rubrica vuota: la rubrica dimostrativa non è stata caricata")
        territory = Territory.load(session)
        found = {}
        for name in ("Milano", "Basiano"):
            municipality = territory.find(name)
            if municipality is None:
                raise AssertionError(f"comune {name} non trovato")
            referents = referents_for(session, territory, municipality.istat_code)
            kinds = {r.service_kind for r in referents}
            if not {"social_services", "housing_emergency", "unep", "legal_aid"} <= kinds:
                raise AssertionError(f"referenti incompleti per {name}: {sorted(kinds)}")
            found[name] = len(referents)
    return f"{count} voci; Milano {found['Milano']} referenti, Basiano {found['Basiano']}"


CHECKS = [("rubrica", _directory)]
