"""Helpers for the directory tests: a context with the demo directory, a Known territory."""

from __future__ import annotations

import pytest

from app.directory.store import Known


@pytest.fixture
def known(ctx) -> Known:
    with ctx.sessions() as session:
        return Known.from_session(session)
