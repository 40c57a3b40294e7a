"""The directory editor's use cases, for the window and the command line alike: each checks the role first.

Saving an entry, retiring or bringing it back, and applying an import change what every pack prints, so only
the editors IT names (``roles.editors``) may do them (``app/roles.py``; on a fresh install, everyone). The
storage functions below them (``store.save_entry``, ``store.set_retired``, ``importer.apply_preview``) take a
session and do the work; these open the transaction and answer ``RoleRefused`` to anyone else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.roles import EDITORS, require

if TYPE_CHECKING:
    from app.context import AppContext
    from app.directory.importer import ImportPreview
    from app.directory.store import Known


def save(ctx: AppContext, data: dict[str, Any], known: Known | None = None) -> str:
    """Add or change an entry (``data`` as the editor gives it); return its uid. Raises ``DirectoryDataError``."""
    from app.directory.store import save_entry

    require(ctx, EDITORS)
    with ctx.sessions.begin() as session:
        return save_entry(session, data, ctx.user, known).uid


def set_retired(ctx: AppContext, uid: str, retired: bool = True) -> None:
    """Retire an entry (it leaves the packs, its history stays) or bring it back."""
    from app.directory import store

    require(ctx, EDITORS)
    with ctx.sessions.begin() as session:
        store.set_retired(session, uid, ctx.user, retired)


def apply_import(ctx: AppContext, preview: ImportPreview, skip_rejected: bool = False) -> int:
    """Apply a previewed import all or nothing; return the entries written. Raises ``ImportRefused``."""
    from app.directory.importer import apply_preview

    require(ctx, EDITORS)
    with ctx.sessions.begin() as session:
        return apply_preview(session, preview, ctx.user, skip_rejected)
