"""Fitting a language section into its pages before the real build.

Translations differ in length (Tamil runs half again as long as Italian), and the
texts change with each content version, so the explanations' size is chosen per
section: the largest size, down to ``Scale.floor``, at which the section fits its
page budget. And since a page with two lines on it is paper a household can lose
(and looks like the end of the leaflet), when the last page would be almost empty
the section breaks its page earlier, before the other contacts or the glossary.

The estimate flows the section's flowables through frames the size of the page's
text frame, as ReportLab's frame does (wrap, space before and after, split); the
flowables cache their line breaking, so the real build does not break lines again.
The print gate checks the real pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.platypus import Flowable, PageBreak

MIN_LAST_PAGE = 0.22   # the gate fails below 0.20; aim a little higher
MAX_LAST_PAGE = 0.97   # the estimate ignores a few of ReportLab's choices: leave room on the last page


@dataclass(frozen=True)
class Estimate:
    pages: int
    last_fill: float       # fraction of the last page used


def estimate(story: list[Flowable], width: float, height: float) -> Estimate:
    queue = list(story)
    pages, y = 1, height
    guard = 0
    while queue and guard < 5000:
        guard += 1
        f = queue.pop(0)
        if isinstance(f, PageBreak):
            pages, y = pages + 1, height
            continue
        h = f.wrap(width, y)[1]
        before = f.getSpaceBefore() if y < height else 0
        if before + h <= y + 0.01:
            y -= before + h + f.getSpaceAfter()
            if getattr(f, "keepWithNext", False) and queue:  # a heading goes with the start of what follows
                nxt = queue[0]
                nh = nxt.wrap(width, y)[1]
                if nh > y and not _splits(nxt, width, y) and y < height:
                    pages, y = pages + 1, height - h - f.getSpaceAfter()
            continue
        parts = f.split(width, y - before) if y < height else f.split(width, height)
        if len(parts) > 1:
            queue[0:0] = parts
            if y >= height:  # first part fills this page
                continue
            first = parts[0]
            if first.wrap(width, y)[1] + before > y + 0.01:
                queue[0:len(parts)] = [f]
                pages, y = pages + 1, height
            continue
        if y >= height:  # taller than a page and unsplittable: it overflows, count it here
            y = 0
            continue
        pages, y = pages + 1, height
        queue.insert(0, f)
    return Estimate(pages, max(0.0, (height - y) / height))


def _splits(f: Flowable, width: float, height: float) -> bool:
    return len(f.split(width, height)) > 1


def fit_section(build: Callable[[float, str | None], list[Flowable]], sizes: list[float], budget: int,
                width: float, height: float, *, over_budget: bool = True) -> tuple[list[Flowable], bool]:
    """(story, fits): the story built at the largest size that fits ``budget`` pages with a last page that is not
    almost empty. ``build(size, break_before)`` makes the story; ``break_before`` names a tag ("others", "terms")
    before which the section starts a new page. A pack is printed in a queue, so few builds: the largest size
    first (most sections fit at once), then the smallest (if even that does not fit, the sizes between are not
    tried), then the sizes between. ``over_budget``: when nothing fits, look for the fewest pages with a last page
    that is not almost empty (else return the smallest size's story at once)."""

    def good(found: Estimate) -> bool:
        return found.pages == 1 or MIN_LAST_PAGE <= found.last_fill <= MAX_LAST_PAGE

    def fits(found: Estimate) -> bool:
        return found.pages < budget or (found.pages == budget and found.last_fill <= MAX_LAST_PAGE)

    def settle(size: float, story: list[Flowable], found: Estimate) -> list[Flowable]:
        if good(found):
            return story
        for where in ("others", "terms"):  # almost empty last page: start it earlier
            moved = build(size, where)
            better = estimate(moved, width, height)
            if better.pages <= budget and good(better):
                return moved
        return story

    largest = build(sizes[0], None)
    found = estimate(largest, width, height)
    if fits(found):
        return settle(sizes[0], largest, found), True
    smallest = build(sizes[-1], None) if len(sizes) > 1 else largest
    found = estimate(smallest, width, height) if len(sizes) > 1 else found
    if fits(found):
        for middle in sizes[1:-1]:  # the largest size that fits lies between the two: from the largest down
            story = build(middle, None)
            seen = estimate(story, width, height)
            if fits(seen):
                return settle(middle, story, seen), True
        return settle(sizes[-1], smallest, found), True
    if not over_budget:
        return smallest, False
    # Over budget even at the smallest size (a municipality with dozens of referents): the fewest pages whose
    # last page is not almost empty, at the largest and the smallest size, breaking at each place.
    tried = []
    for size in dict.fromkeys((sizes[0], sizes[-1])):
        for where in (None, "others", "terms"):
            story = build(size, where)
            found = estimate(story, width, height)
            over = not fits(found)
            tried.append((over, not good(found), found.pages, -found.last_fill, len(tried), story))
    best = min(tried)
    return best[-1], not best[0]
