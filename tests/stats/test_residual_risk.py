"""The residual risk of the cell key method, measured: an intruder who knows the perturbation table.

The formal promise (``test_disclosure_audit.py``) is about certainty. An intruder who also knows the
transition probabilities and treats every transition rarer than 1% as impossible reads each figure more
sharply, and is right about 99% of the time per figure. This measures how many small counts (true 1 or 2)
such an intruder pins to one value on the stress data's January-April set (every month, the first quarter and
the first four-month period, by municipality and by Ambito: 12 workbooks). Issue 15 measured 369 of 3,683,
nearly all of them finest combinations (municipality x month x stage x cause x mode x languages) inside a
small municipality's total; publishing causes and delivery modes per Ambito only, as languages already were,
takes those breakdowns away from the small municipalities (``docs/DISCLOSURE.md`` has the figures).
"""

from __future__ import annotations

import pytest

from app.stats.disclosure import perturbation_table
from tests.stats.audit import audit, load_atoms
from tests.stats.test_disclosure_audit import K, export_set, periods, stressed  # noqa: F401 - the fixture

# Small counts pinned to one value: 369 of 3,683 before causes and modes went per Ambito, 221 of 2,352 measured
# after (1 December 2026). A guard against making it worse, not the goal: docs/DISCLOSURE.md says what is left
# and the next step (more noise for small counts), whose target is below 40.
JAN_APR_BUDGET = 221


@pytest.mark.slow
@pytest.mark.long_audit  # thousands of LPs (the sharper reading settles few quantities in batches)
def test_an_intruder_who_knows_the_probabilities_pins_few_small_counts(stressed, tmp_path):  # noqa: F811
    atoms = load_atoms(stressed.engine)
    publication = export_set(stressed, tmp_path, periods(months=range(1, 5)), monitoring=False)
    result = audit(publication.practical(perturbation_table(K)), atoms)
    by_kind = {"atom": 0, "figure": 0}
    for finding in result.exact:
        by_kind[finding.what] += 1
    print(f"informed intruder, stress data, 12 workbooks (Jan-Apr): {len(result.exact)} of {result.protected} "
          f"small counts pinned to one value ({by_kind['atom']} finest combinations, {by_kind['figure']} published "
          f"figures); {len(result.breaches)} pinned inside [1, k-1]")
    assert result.protected > 500
    assert len(result.exact) <= JAN_APR_BUDGET, [f.label for f in result.exact[:10]]
