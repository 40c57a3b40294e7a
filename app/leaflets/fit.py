"""Fitting a language section into its pages before the real build.

Translations differ in length (Tamil runs half again as long as Italian), and the
texts change with each content version, so the explanations' size is chosen per
section: the largest size, down to ``Scale.floor``, at which the section fits its
page budget. And since a page with two lines on it is paper a household can lose
(and looks like the end of the leaflet), when the last page would be almost empty
a slightly smaller size is tried first, then a page break before the glossary. A
section that does not fit at the smallest size is not set smaller: the renderer
says which section runs over, and by how much.

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
        if parts:
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


@dataclass
class Fit:
    """The story chosen for a section, at which explanation size, and whether it holds its page budget."""

    story: list[Flowable]
    size: float
    estimate: Estimate
    fits: bool
    natural: Estimate | None = None   # over budget: the estimate without any page break of ours

    def over(self, budget: int) -> float:
        """How many pages past ``budget`` the section runs (0 when it fits): 0.3 is a third of a page too long."""
        if self.fits:
            return 0.0
        found = self.natural or self.estimate
        return max(0.0, found.pages - 1 - budget + found.last_fill)


def fit_section(build: Callable[[float, str | None], list[Flowable]], sizes: list[float], budget: int,
                width: float, height: float) -> Fit:
    """The story built at the largest size that fits ``budget`` pages with a last page that is not almost empty.
    ``build(size, break_before)`` makes the story; ``break_before="terms"`` starts the glossary on a new page (a
    last resort against an almost empty last page: a card set is never pushed to the next page whole, it breaks
    between its rows). A pack is printed in a queue, so few builds: the largest size first (most sections fit at
    once), then the smallest (if even that does not fit, the sizes between are not tried), then the sizes between.
    When nothing fits, the smallest size's story (never smaller than ``sizes[-1]``, the legible minimum), with how
    far it runs over."""

    def good(found: Estimate) -> bool:
        return found.pages == 1 or MIN_LAST_PAGE <= found.last_fill <= MAX_LAST_PAGE

    def fits(found: Estimate) -> bool:
        return found.pages < budget or (found.pages == budget and found.last_fill <= MAX_LAST_PAGE)

    def settle(index: int, story: list[Flowable], found: Estimate) -> Fit:
        if good(found):
            return Fit(story, sizes[index], found, True)
        for smaller in sizes[index + 1:]:  # an almost empty last page: a slightly smaller size may save the page
            trial = build(smaller, None)
            seen = estimate(trial, width, height)
            if seen.pages < found.pages and good(seen):
                return Fit(trial, smaller, seen, True)
        moved = build(sizes[index], "terms")
        better = estimate(moved, width, height)
        if better.pages <= budget and good(better):
            return Fit(moved, sizes[index], better, True)
        return Fit(story, sizes[index], found, True)

    def over_budget(story: list[Flowable], found: Estimate) -> Fit:
        """Too long at the smallest size (dozens of referents): as it is, unless its last page is almost empty and
        starting the glossary on a new page fills it."""
        if not good(found):
            moved = build(sizes[-1], "terms")
            better = estimate(moved, width, height)
            if good(better) and better.pages <= found.pages:
                return Fit(moved, sizes[-1], better, False, found)
        return Fit(story, sizes[-1], found, False, found)

    largest = build(sizes[0], None)
    found = estimate(largest, width, height)
    if fits(found):
        return settle(0, largest, found)
    if len(sizes) == 1:
        return over_budget(largest, found)
    smallest = build(sizes[-1], None)
    found = estimate(smallest, width, height)
    if not fits(found):
        return over_budget(smallest, found)
    for index in range(1, len(sizes) - 1):  # the largest size that fits lies between the two: from the largest down
        story = build(sizes[index], None)
        seen = estimate(story, width, height)
        if fits(seen):
            return settle(index, story, seen)
    return settle(len(sizes) - 1, smallest, found)
