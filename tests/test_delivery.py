"""The hand-over use case on a real database: output first, then one delivery per pack, undo within the window."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app import delivery
from app.leaflets.pack import PackError, PackRequest
from app.stats.models import Delivery, DeliveryLanguage


def _count(ctx, model=Delivery) -> int:
    with ctx.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_batch_records_one_delivery_per_pack_whatever_the_copies(ctx, tmp_path):
    requests = [PackRequest("precetto", "Basiano", ("ro",), copies=3), PackRequest("accesso", "015146", ())]
    result = delivery.render(ctx, requests)
    written = tmp_path / "batch.pdf"
    before = _count(ctx)
    handed = delivery.hand_over(ctx, result, lambda pdf: written.write_bytes(pdf) and written, mode="attached_to_act")
    assert handed.output == written and len(PdfReader(written).pages) == len(PdfReader(io.BytesIO(result.pdf)).pages)
    assert len(handed.events) == 2 and _count(ctx) == before + 2
    with ctx.sessions() as session:
        recorded = {(d.stage, d.istat_code, d.mode) for d in session.scalars(select(Delivery))}
        languages = sorted(session.scalars(select(DeliveryLanguage.language)
                                           .where(DeliveryLanguage.delivery_id.in_(handed.events))))
    assert ("precetto", "015014", "attached_to_act") in recorded and ("accesso", "015146", "attached_to_act") in recorded
    assert languages == ["it", "it", "ro"]  # the Italian-only pack counts Italian once, the other Romanian + Italian


def test_a_failed_output_records_nothing(ctx):
    result = delivery.render(ctx, [PackRequest("diffida", "Milano", ("ar",))])
    before = _count(ctx)

    def printer_gone(_pdf: bytes) -> int:
        raise OSError("stampante scollegata")

    with pytest.raises(OSError, match="scollegata"):
        delivery.hand_over(ctx, result, printer_gone)
    assert _count(ctx) == before


def test_no_record_and_undo(ctx):
    result = delivery.render(ctx, [PackRequest("diffida", "Rho", ("en", "uk"))])
    before = _count(ctx)
    assert delivery.hand_over(ctx, result, len, record_it=False).events == ()
    assert _count(ctx) == before
    handed = delivery.hand_over(ctx, result, len)
    assert handed.output == len(result.pdf) and _count(ctx) == before + 1
    assert delivery.undo(ctx, handed.events) == 1
    assert _count(ctx) == before and _count(ctx, DeliveryLanguage) == 0
    assert delivery.undo(ctx, handed.events) == 0  # already taken back


def test_a_recording_that_fails_says_the_pack_went_out(ctx):
    result = delivery.render(ctx, [PackRequest("diffida", "Rho", ())])
    result.specs[0].istat_code = "999999"  # a code the statistics refuse: recording fails after the output
    with pytest.raises(delivery.DeliveryError, match="Consegna non registrata") as raised:
        delivery.hand_over(ctx, result, lambda pdf: 5)
    assert raised.value.output == 5
    assert _count(ctx) == 0


def test_bad_requests_are_refused_before_anything_goes_out(ctx):
    with pytest.raises(PackError, match="Comune non trovato"):
        delivery.render(ctx, [PackRequest("diffida", "Atlantide", ())])


def test_the_policy_alone():
    from app.leaflets.render import PackSpec

    spec = PackSpec("accesso", "Milano", "015146", ("ar", "bn"), [], "", None, None, copies=4)  # type: ignore[arg-type]
    assert delivery.deliveries([spec, spec]) == [delivery.Delivery("accesso", "015146", ("ar", "bn", "it"))] * 2


def test_the_likely_first_pack_is_the_office_s_most_delivered_stage_and_language(ctx):
    """What the window rehearses after start: from the aggregate counts of the last 90 days, no household data."""
    from datetime import date, timedelta

    from app.stats.events import record_delivery

    today = date(2026, 11, 30)
    assert delivery.likely_request(ctx, today=today) == PackRequest("diffida", delivery.SEAT, ())  # nothing yet
    with ctx.sessions.begin() as session:
        for stage, languages, days_ago in (("accesso", ["it", "ar"], 3), ("accesso", ["it", "bn"], 10),
                                           ("precetto", ["it", "ar"], 20), ("diffida", ["it"], 30),
                                           ("intimazione", ["it", "uk"], 200), ("intimazione", ["it", "uk"], 200),
                                           ("intimazione", ["it", "uk"], 200)):
            record_delivery(session, stage=stage, istat_code="015146", languages=languages, workstation="t",
                            when=today - timedelta(days=days_ago))
    assert delivery.likely_request(ctx, today=today) == PackRequest("accesso", delivery.SEAT, ("ar",))
    ctx.config.values["office.municipalities"] = ["015182"]
    assert delivery.likely_request(ctx, today=today).municipality == "015182"
    result = delivery.render(ctx, [delivery.likely_request(ctx, today=today)])  # it renders: the rehearsal's job
    assert result.specs[0].stage == "accesso" and result.specs[0].languages == ("ar",)
