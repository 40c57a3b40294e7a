"""What makes two directory entries the same referent: institution + service + name, ignoring case and accents.

This is the key the spreadsheet import has always matched rows on when a file
has no ``ID`` column, and a person reading the directory would agree: "Ufficio
Casa" of the "Servizi sociali" of the "Comune di Rho" is one referent, whatever
its scope. Its scope is a *list* of municipalities or Ambiti on that one entry,
so the same referent covering two places is one entry with two scopes, not two
entries (two would both print in a pack where their scopes overlap).

The database enforces it (migration ``0101_directory_identity``): every entry
that is not retired stores :func:`identity_key` in ``directory_referent.
identity_key`` under a UNIQUE constraint; a retired entry stores NULL, so an
entry can be retired and a new one with the same name created, and history is
kept. Two imports of the same file at once, or an import racing an edit, can
then never leave the same referent twice.

The fields are those declared with ``identity=True`` in ``app.directory.fields``. The key is a SHA-1 of the normalized texts: short enough for any index, and the
normalization (``app.territory.normalize``) is the importer's. Changing it means
a migration that recomputes every key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from app.caches import memo
from app.directory.fields import IDENTITY
from app.territory import normalize as _normalize

normalize = memo(65536)(_normalize)


def identity(data: Mapping[str, Any]) -> tuple[str, str, str]:
    """(institution, service, name), normalized: what the import matches rows on."""
    return (normalize(data.get(_FIRST) or ""), normalize(data.get(_SECOND) or ""),
            normalize(data.get(_THIRD) or ""))


_FIRST, _SECOND, _THIRD = IDENTITY  # the fields declared identity=True (app.directory.fields)


@memo(65536)
def _digest(key: tuple[str, str, str]) -> str:
    return hashlib.sha1("\x1f".join(key).encode("utf-8"), usedforsecurity=False).hexdigest()


def identity_key(data: Mapping[str, Any]) -> str | None:
    """The stored key of an entry: its identity's digest, or None for a retired entry."""
    if data.get("retired"):
        return None
    return _digest(identity(data))


def duplicate_message(data: Mapping[str, Any]) -> str:
    return (f"esiste già una voce attiva «{data.get('name')}» per {data.get('institution')}, "
            f"{data.get('service')}: modificare quella invece di crearne un'altra")


__all__ = ["duplicate_message", "identity", "identity_key"]
