"""The one exception every refusal raises: its message is Italian and goes straight to the user."""

from __future__ import annotations


class SyncError(Exception):
    """A refused update or publication. ``reason`` is a stable code for tests and logs."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message

    def __str__(self) -> str:
        return self.message
