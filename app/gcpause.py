"""Pause Python's cycle collector during a bounded bulk job (a sync, an export, an import).

Such a job allocates tens of thousands of small containers (entry dicts, rows,
cells) that hold no reference cycles and mostly live until the job ends. Each
700 new containers start a collection, and every tenth of every tenth rescans
the whole heap (Qt wrappers, SQLAlchemy's mappers, the loaded modules): for a
5,000-referent sync that was about a fifth of the time. Reference counting
still frees everything as usual; cycles made meanwhile are collected when the
job ends and the collector runs again.

Measured against ``gc.freeze()`` after start-up (``bench/bench_gc.py``: a 5,000-referent sync in a fresh process
holding the window's modules, CPU time, median of 3 alternated processes per run), December 2026, three runs:
paused 842 / 1,050 / 684 ms, frozen 907 / 866 / 757 ms, neither 1,007 / 1,103 / 851 ms (the first at load 11,
the others idle). Either beats neither; the pause was faster in two runs of three and the spreads overlap. The
pause is kept: it meets the sync budget (683 ms wall, ``bench_sync``), it touches only the bulk jobs, and freezing
would also keep whatever garbage start-up left in cycles for the whole session.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Nestable; the collector is enabled again on exit only if it was enabled on entry."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
