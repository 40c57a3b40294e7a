"""What the bailiff must know before handing a pack over, in coloured bands worded for the bailiff.

Over the whole screen: the DEMO directory, data past their expiry, amounts past their review date. Under the
municipality: its Ambito or court still to be verified, and the services printed from the Città metropolitana
because the municipality has no contact of its own. Each band takes its own room and hides when it has
nothing to say.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.context import AppContext
from app.directory.resolve import has_demo_referents
from app.leaflets.content import Content, stale_figures
from app.leaflets.figures import format_figure
from app.leaflets.pack import preflight
from app.sync.store import expiry_warning
from app.territory import Territory
from app.territory.lookup import MunicipalityInfo
from app.ui.leaflets_widgets import Banner


def _column(widget: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(3)
    return layout


class DataBanners(QWidget):
    """The screen-wide bands: red for DEMO contacts and expired data, amber for amounts to check again."""

    def __init__(self, ctx: AppContext, content: Content, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.content = ctx, content
        self.directory_demo = False
        self.demo = Banner("danger", "demoBanner", self)
        self.stale = Banner("danger", "staleBanner", self)
        self.figures = Banner("warning", "figuresBanner", self)
        layout = _column(self)
        for banner in (self.demo, self.stale, self.figures):
            layout.addWidget(banner)

    def check(self, today: date | None = None) -> None:
        """Data can expire while Raccordo stays open: the screen checks again each time it is shown."""
        with self.ctx.sessions() as session:
            expired = expiry_warning(session) is not None
            self.directory_demo = has_demo_referents(session)
        self.stale.say(self.tr("The directory and texts have not been updated for too long: check the contacts "
                               "before handing over a leaflet.") if expired else "")
        self.show_demo(None)
        stale = [f for f in stale_figures(self.content, today) if not f.figure.missing()]
        figures = "; ".join(f"«{f.figure.label}» ({format_figure(f.figure)}), {f.reason}" for f in stale)
        self.figures.say(self.tr("Amounts in the leaflets to be checked again: {figures}. They are still printed: "
                                 "tell whoever keeps the leaflet texts.").replace("{figures}", figures)
                         if stale else "")

    def show_demo(self, municipality_demo: bool | None) -> None:
        """The chosen municipality's contacts decide; with none chosen, whether the directory has demo data."""
        demo = self.directory_demo if municipality_demo is None else municipality_demo or self.directory_demo
        self.demo.say(self.tr("DEMO directory: the contacts are fictitious. Do not hand these leaflets to anyone.")
                      if demo else "")


class MunicipalityNotes(QWidget):
    """The yellow notes under the municipality: one line each, from the same resolution the pack prints."""

    def __init__(self, ctx: AppContext, territory: Territory, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.territory = ctx, territory
        self.ambito = Banner("note", "ambitoNote", self)
        self.court = Banner("note", "courtNote", self)
        self.fallback = Banner("note", "fallbackNote", self)
        layout = _column(self)
        for note in (self.ambito, self.court, self.fallback):
            layout.addWidget(note)

    def show_for(self, place: MunicipalityInfo | None) -> bool | None:
        """Say what to check about ``place``; return whether its pack prints demo contacts (None: no place)."""
        texts = {self.ambito: "", self.court: "", self.fallback: ""}
        demo = None
        if place is not None:
            with self.ctx.sessions() as session:
                check = preflight(session, self.territory, place)
            demo = check.is_demo
            if check.ambito_unverified:
                texts[self.ambito] = self.tr("Ambito {ambito} to be verified: check the social services' "
                                             "contacts.").replace("{ambito}", place.ambito_name)
            if check.court_unverified:
                texts[self.court] = self.tr("Court of {court} to be verified: compare it with the one on the "
                                            "act.").replace("{court}", place.tribunale)
            if check.fallback_services:
                texts[self.fallback] = self.tr("{services}: no municipal contact, the leaflet gives the Città "
                                               "metropolitana's.").replace("{services}",
                                                                           ", ".join(check.fallback_services))
        for note, text in texts.items():
            note.say(text)
        return demo
