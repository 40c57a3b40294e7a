"""The per-stage contact rule (``[contacts]`` in content.toml): parsed and checked as data, applied in one place,
printed as declared with the real demo directory."""

from __future__ import annotations

import re
import tomllib
from datetime import date

import pytest

from app.directory.kinds import HOUSEHOLD_KINDS
from app.directory.resolve import referents_for
from app.leaflets.content import ContentError, load_content, shipped_files
from app.leaflets.pack import PackRequest, service_for
from app.leaflets.stage_contacts import StageContacts, StageRuleError, listed, parse_rule, stage_contacts
from app.leaflets.structure import STAGES
from app.paths import install_root
from tests.leaflets.helpers import contact, flat, pdftotext

FOLDER = install_root() / "i18n" / "leaflets"


def _shipped_rule() -> dict[str, StageContacts]:
    return load_content(shipped_files(FOLDER)).structure.contacts


def test_shipped_rule_lists_what_each_stage_sends_the_household_to():
    rule = _shipped_rule()
    assert set(rule) == set(STAGES)
    for stage in STAGES:
        assert "social_services" in rule[stage].kinds, stage              # social services always
        assert rule[stage].kinds[:len(rule[stage].first)] == rule[stage].first  # page 1's contacts never dropped
    order = list(STAGES)
    for stage in STAGES:
        late = order.index(stage) >= order.index("avviso_sloggio")
        assert ("housing_emergency" in rule[stage].kinds) == late, stage  # emergency housing from the avviso on
        assert ("unep" in rule[stage].kinds) == late, stage               # tell the UNEP of illness (art. 608)
    # legal aid pays for a court case, not for answering a lawyer's letter (diffida.help_advice)
    assert "legal_aid" not in rule["diffida"].kinds
    assert all("legal_aid" in rule[s].kinds for s in ("intimazione", "precetto", "avviso_sloggio", "accesso"))
    assert rule["intimazione"].first == ("legal_aid", "social_services")


def test_the_rule_is_data_and_bad_data_is_refused_in_italian():
    stages = ("diffida", "accesso")
    good = {"diffida": {"first": ["social_services"]}, "accesso": {"first": ["housing_emergency"], "also": ["unep"]}}
    assert parse_rule(good, stages)["accesso"] == StageContacts(("housing_emergency",), ("unep",))
    bad = [
        ({"diffida": {"first": ["social_services"]}}, "fase «accesso»: manca"),
        ({**good, "accesso": {"first": ["piscina"]}}, "tipo di servizio sconosciuto «piscina»"),
        ({**good, "accesso": {"first": ["social_services", "unep", "legal_aid"]}}, "da 1 a 2 contatti"),
        ({**good, "accesso": {"first": []}}, "da 1 a 2 contatti"),
        ({**good, "accesso": {"first": ["unep"], "also": ["unep"]}}, "«unep» ripetuto"),
        ({**good, "accesso": {"first": ["unep"], "dopo": ["unep"]}}, "campo non previsto «dopo»"),
        ({**good, "sgombero": {"first": ["unep"]}}, "fase sconosciuta «sgombero»"),
        ({**good, "accesso": {"first": "unep"}}, "serve un elenco"),
    ]
    for table, message in bad:
        with pytest.raises(StageRuleError, match=re.escape(message)):
            parse_rule(table, stages)
    files = shipped_files(FOLDER)
    broken = files["content.toml"].replace('accesso        = { first = ["housing_emergency"',
                                           'accesso        = { first = ["piscina"')
    assert broken != files["content.toml"]
    with pytest.raises(ContentError, match="piscina"):
        load_content({**files, "content.toml": broken})


def test_content_without_the_table_prints_as_before_the_rule():
    """A bundle from a publisher older than the rule still prints: every household kind, same page 1."""
    files = shipped_files(FOLDER)
    text = files["content.toml"]
    start = text.index("[contacts]")
    end = text.index("[labels]")
    old = text[:start] + text[end:]
    assert "contacts" not in tomllib.loads(old)
    structure = load_content({**files, "content.toml": old}).structure
    for stage in STAGES:
        rule = stage_contacts(structure, stage)
        assert set(rule.kinds) == set(HOUSEHOLD_KINDS)
    assert stage_contacts(structure, "accesso").first == ("housing_emergency", "social_services")


def test_listed_keeps_the_rules_order_and_drops_other_kinds():
    rule = StageContacts(("housing_emergency", "social_services"), ("legal_aid", "unep"))
    refs = [contact("social_services", "S", n=0), contact("unep", "U1", n=1), contact("housing_office", "H", n=2),
            contact("unep", "U2", n=3), contact("housing_emergency", "E", n=4), contact("legal_aid", "L", n=5)]
    assert [r.service_label for r in listed(rule, refs)] == ["E", "S", "L", "U1", "U2"]


@pytest.mark.parametrize("stage", STAGES)
def test_pack_prints_exactly_the_kinds_its_stage_lists(ctx, stage, tmp_path):
    """With the real demo directory: the pack's referents are the rule's, and a kind the stage does not list is
    not printed, nor warned about."""
    with ctx.sessions() as session:
        service = service_for(ctx, session)
        rule = stage_contacts(service.content.structure, stage)
        result = service.render([PackRequest(stage, "Rho", ())])
        everything = referents_for(session, service.territory, "015182", date.today(), kinds=None)
    spec = result.specs[0]
    assert spec.referents == listed(rule, everything)
    assert [k for k in dict.fromkeys(r.service_kind for r in spec.referents)] == list(rule.kinds)
    text = flat(pdftotext(result.pdf, tmp_path))
    content = service.content
    for kind in HOUSEHOLD_KINDS:
        name = content.text("it", f"kind.{kind}")[0]
        assert (name in text) == (kind in rule.kinds), (stage, kind)
    # Rho has no municipal housing office: the pack warns only where it prints the metropolitan one
    assert any("ufficio casa" in w.text for w in result.warnings) == ("housing_office" in rule.kinds)

