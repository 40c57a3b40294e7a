"""The perturbation table and the publish step: the properties the metadata sheet and docs/DISCLOSURE.md state."""

from __future__ import annotations

import random
import uuid

import pytest

from app.stats.disclosure import KEY_SPACE, Disclosure, PerturbationTable, Tally, record_key, total


@pytest.mark.parametrize("k", [2, 3, 5])
def test_every_row_is_a_law_unbiased_bounded_and_never_small(k):
    table = PerturbationTable(k=k, max_noise=2 * k + 1)
    for n in range(0, table.last_row + 6):
        values, probs = table.row(n)
        assert abs(sum(probs) - 1) < 1e-9 and all(p >= 0 for p in probs)
        assert abs(sum(v * p for v, p in zip(values, probs, strict=True)) - n) < 1e-6, n  # mean = true count
        assert all(abs(v - n) <= table.max_noise and v >= 0 for v in values)
        assert not any(1 <= v < k for v in values), "no value from 1 to k-1 is ever published"
        if n == 0:
            assert values == [0]
        if 1 <= n <= k + 2:  # a 0 stands for these with real probability, not only in principle
            assert values[0] == 0 and probs[0] >= 0.01
    large = table.row(100)
    assert abs(sum((v - 100) ** 2 * p for v, p in zip(*large, strict=True)) - 1.0) < 1e-6  # variance V


def test_bound_too_small_for_the_threshold_is_refused():
    with pytest.raises(ValueError):
        PerturbationTable(k=3, max_noise=5)


def test_the_same_events_are_the_same_number_and_others_are_not_differenced_away():
    rng = random.Random(3)
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(400)]
    tallies = [Tally(1, record_key(i)) for i in ids]
    disclosure = Disclosure.for_threshold(3)
    whole = total(tallies)
    assert disclosure.publish(whole) == disclosure.publish(total(reversed(tallies)))  # order never matters
    # Totals one event apart: their difference is the event plus independent noise, not the event.
    differences = {disclosure.publish(total(tallies[:m + 1])) - disclosure.publish(total(tallies[:m]))
                   for m in range(100, 300)}
    assert len(differences) > 3 and min(differences) < 0 < max(differences)
    assert disclosure.published == 402 and 0 < disclosure.moved < disclosure.published


def test_record_keys_are_stable_and_spread():
    assert record_key("00000000-0000-4000-8000-000000000000") == record_key("00000000-0000-4000-8000-000000000000")
    keys = [record_key(str(uuid.UUID(int=i, version=4))) for i in range(4000)]  # even sequential ids
    assert all(0 <= key < KEY_SPACE for key in keys)
    quarters = [sum(1 for key in keys if q * KEY_SPACE // 4 <= key < (q + 1) * KEY_SPACE // 4) for q in range(4)]
    assert min(quarters) > 900


def test_published_values_follow_the_table():
    rng = random.Random(5)
    table = PerturbationTable()
    seen = {v: 0 for v in table.row(1)[0]}
    for _ in range(20000):
        seen[table.perturb(1, rng.random())] += 1
    for v, p in zip(*table.row(1), strict=True):
        assert abs(seen[v] / 20000 - p) < 0.015
