"""The Italian master states the time limits and rights a household can still act on, in the layers issue 11 asks for.

Each row below is one of them (the list a legal review of the first texts corrected), with its legal basis, the
stage whose leaflet must state it and the words that state it. A rewrite that drops one fails here.
"""

from __future__ import annotations

import re
import shutil

import phonenumbers
import pytest

from app.leaflets.content import ContentError, load_content, shipped_files
from app.leaflets.structure import LAYERS, MAX_STEPS
from app.paths import install_root

SHIPPED = install_root() / "i18n" / "leaflets"

# (stage, basis, phrases that must all be in that stage's Italian text)
DOMAIN_LIMITS = [
    ("intimazione", "art. 660 c.p.c.: 20 clear days, go anyway",
     ["almeno 20 giorni liberi", "Vada comunque all'udienza"]),
    ("intimazione", "art. 82 c.p.c.: opposing needs a lawyer", ["non si oppone con un avvocato", "serve per opporsi"]),
    ("intimazione", "art. 126 DPR 115/2002: legal aid takes days", ["Oggi stesso cerchi un avvocato",
                                                                    "fino a 10 giorni per decidere"]),
    ("intimazione", "arts. 665-666 c.p.c.", ["ordinare subito di lasciare la casa", "la parte non contestata"]),
    ("intimazione", "art. 55 L. 392/1978: pay everything at the first hearing",
     ["alla prima udienza può pagare tutto", "interessi e spese legali decise dal giudice",
      "il contratto continua"]),
    ("intimazione", "art. 55: grace term asked for, proved, 90/120 days, 3 (4) times in 4 years",
     ["chieda lei un termine di grazia", "prove delle sue difficoltà", "al massimo di 90 giorni",
      "120 giorni", "non supera 2 mesi", "dopo il contratto", "anche solo le spese legali",
      "3 volte in 4 anni (4 con i 120 giorni)"]),
    ("intimazione", "art. 56 L. 392/1978: release date", ["al massimo tra 6 mesi, 12 in casi eccezionali",
                                                          "spesso prima", "al massimo 60 giorni dopo",
                                                          "può chiedere una data più lontana"]),
    ("intimazione", "art. 6 DL 102/2013: FMI conditions",
     ["{fmi_isee_limit}", "{fmi_ise_limit}", "contratto registrato", "almeno 1 anno", "permesso di soggiorno",
      "se il proprietario è d'accordo", "cambiano ogni anno", "sfratto per morosità"]),
    ("intimazione", "DPR 115/2002: legal aid", ["{legal_aid_income_limit}", "non l'ISEE", "che vive con lei",
                                                 "Ordine degli Avvocati del tribunale scritto sull'atto",
                                                 "non paga le spese del proprietario"]),
    ("precetto", "arts. 480, 482 c.p.c.", ["almeno 10 giorni", "procedere subito"]),
    ("precetto", "art. 605 c.p.c., art. 56 L. 392/1978", ["prima di quella data non si procede"]),
    ("precetto", "arts. 481, 608 c.p.c.: lapses after 90 days, a new one", ["entro 90 giorni", "un nuovo precetto",
                                                                              "l'ordine resta valido"]),
    ("precetto", "art. 617 c.p.c.: 20 days", ["20 giorni dalla notifica"]),
    ("precetto", "arts. 615, 624 c.p.c.", ["contestare il diritto di procedere", "fermare lo sfratto"]),
    ("precetto", "art. 668 c.p.c.: late opposition", ["non ha mai saputo dell'udienza", "opposizione tardiva",
                                                      "10 giorni dopo l'esecuzione", "avvocato"]),
    ("precetto", "SAT: end of lease or blameless arrears", ["fine contratto o per morosità incolpevole",
                                                            "{sap_isee_limit}"]),
    ("precetto", "art. 608-bis c.p.c.: agreed date", ["per iscritto", "avvisare l'ufficiale giudiziario"]),
    ("avviso_sloggio", "art. 608 c.p.c.", ["almeno 10 giorni prima dell'accesso", "è iniziata"]),
    ("avviso_sloggio", "arts. 608, 610 c.p.c.: tell the bailiff", ["ufficio UNEP", "certificati medici",
                                                                   "il rinvio non è mai sicuro"]),
    ("avviso_sloggio", "art. 609 c.p.c.: belongings", ["almeno 30 giorni, salvo urgenza", "abbandonate"]),
    ("avviso_sloggio", "art. 1591 c.c.: keys", ["ricevuta con la data", "ridà le chiavi"]),
    ("accesso", "art. 609 c.p.c.: belongings", ["almeno 30 giorni, salvo urgenza", "abbandonate",
                                                "termine scritto nel verbale"]),
    ("accesso", "art. 668 c.p.c.", ["non ha mai saputo dell'udienza", "10 giorni dall'esecuzione"]),
    ("accesso", "Protocollo art. 3 lett. b", ["appuntamento urgente", "anche oggi", "emergenza abitativa"]),
    ("diffida", "art. 1454 c.c.", ["scadenza scritta nella lettera", "il contratto può finire"]),
    ("diffida", "art. 3 L. 431/1998", ["disdetta non è sempre valida", "prima di lasciare la casa",
                                       "sindacato degli inquilini"]),
    ("diffida", "L.R. 16/2016: SAP", ["{sap_isee_limit}", "avviso aperto"]),
]
CONTACTS = ("avvocato", "giudice", "comune", "servizi sociali", "proprietario", "ufficio UNEP", "emergenza abitativa",
            "sindacato", "ufficio casa", "ufficiale giudiziario")
ISSUE_TERMS = ("convalida", "notifica", "udienza", "rilascio", "termine di grazia", "ISEE", "ufficiale giudiziario",
               "precetto", "preavviso di rilascio (avviso di sloggio)", "patrocinio a spese dello Stato",
               "opposizione", "esecuzione")


@pytest.fixture(scope="module")
def content():
    return load_content(shipped_files(SHIPPED))


def stage_text(content, stage: str) -> str:
    return " ".join(content.master[b.key] for b in content.blocks(stage))


@pytest.mark.parametrize(("stage", "basis", "phrases"), DOMAIN_LIMITS, ids=[f"{s}: {b}" for s, b, _ in DOMAIN_LIMITS])
def test_domain_time_limits_are_stated(content, stage, basis, phrases):
    text = stage_text(content, stage)
    missing = [p for p in phrases if p not in text]
    assert not missing, f"{stage} ({basis}): {missing}"


def test_every_stage_opens_with_the_action_box_and_keeps_the_layers(content):
    for stage, blocks in content.structure.stages.items():
        kinds = [b.kind for b in blocks]
        assert kinds[:3] == ["title", "box", "deadline"], stage
        deadline, steps = content.structure.box(stage)
        assert 1 <= len(steps) <= MAX_STEPS
        assert [b.key for b in blocks if b.kind == "heading"] == list(LAYERS)
        assert kinds[-1] == "law"
        for step in steps:  # each numbered action names whom to contact
            assert any(who in content.master[step.key] for who in CONTACTS), (stage, step.key)


def test_texts_use_plain_words_and_never_type_a_figure_or_a_phone_number(content):
    for key in content.structure.all_keys():
        text = content.master[key]
        assert "alloggio" not in text, key                       # the reader's word is "casa"
        assert not re.search(r"\b(se può|con calma)\b", text, re.IGNORECASE), key
        assert not re.search(r"\d[\d.]*(,\d+)?\s*(euro|€)", text), f"{key}: typed amount, use a [figures] name"
        assert not list(phonenumbers.PhoneNumberMatcher(text, "IT")), key
        assert "Nessun dato" not in text                         # M3: only what the protocol guarantees
    assert "di sua iniziativa" in content.master["shared.voluntary"]


def test_each_stage_explains_exactly_the_terms_its_text_uses(content):
    glossary = content.structure.glossary
    assert {t.term for t in glossary.values()} >= set(ISSUE_TERMS)
    for stage, blocks in content.structure.stages.items():
        printed = {b.key for b in blocks if b.kind == "term"}
        text = " ".join(content.master[b.key] for b in blocks if b.kind != "term" and not b.key.startswith("common."))
        used = {t.key for t in glossary.values()
                if any(re.search(r"(?<!\w)" + re.escape(form), text.casefold()) for form in t.forms)}
        assert printed == used, f"{stage}: printed but unused {printed - used}, used but unexplained {used - printed}"


def test_figures_are_dated_sourced_and_formatted_in_italian(content):
    figures = content.structure.figures
    assert {"legal_aid_income_limit", "fmi_isee_limit", "fmi_ise_limit", "sap_isee_limit"} <= set(figures)
    for figure in figures.values():
        assert figure.date and figure.source and figure.review_by and not figure.missing()
    values = content.values("it")
    assert values["legal_aid_income_limit"] == "13.659,64 euro"
    assert values["fmi_isee_limit"] == "26.000 euro" and values["fmi_ise_limit"] == "35.000 euro"
    assert values["sap_isee_limit"] == "16.000 euro"
    assert values["figures_checked"] == "novembre 2026"
    assert content.values("en")["legal_aid_income_limit"] == "13,659.64 euros"  # a language code can be passed
    assert "13.659,64 euro all'anno" in content.paragraph("it", "shared.legal_aid")[0]
    assert figures["legal_aid_income_limit"].source.startswith("DM 22 aprile 2025")


def _broken(tmp_path, old: str, new: str):
    folder = tmp_path / "leaflets"
    shutil.copytree(SHIPPED, folder)
    toml = (folder / "content.toml").read_text(encoding="utf-8")
    assert old in toml
    (folder / "content.toml").write_text(toml.replace(old, new, 1), encoding="utf-8")
    return shipped_files(folder)


@pytest.mark.parametrize(("old", "new", "message"), [
    ('  { kind = "box",      key = "common.h_box" },\n', "", "riquadro"),
    ('  { kind = "step",     key = "accesso.step_social" },\n',
     '  { kind = "step",     key = "accesso.step_social" },\n  { kind = "step",     key = "accesso.step_social" },\n',
     "da 1 a 3 azioni"),
    ('  { kind = "heading",  key = "common.h_what" },\n', "", "sezioni"),
    ('  { kind = "term",     key = "glossary.udienza" },\n', '  { kind = "term",     key = "glossary.sfratto" },\n',
     "termine glossary.sfratto assente"),
    ('  { kind = "para",     key = "diffida.what" },\n', '  { kind = "law",      key = "diffida.what" },\n',
     "non può stare nella sezione common.h_what"),
], ids=["no box", "four steps", "a layer missing", "unknown term", "citation list in the wrong layer"])
def test_a_structure_that_buries_the_action_is_refused(tmp_path, old, new, message):
    with pytest.raises(ContentError, match=message):
        load_content(_broken(tmp_path, old, new))
