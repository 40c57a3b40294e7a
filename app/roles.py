"""Who may do what: the three roles IT names in the machine-wide file, checked by the use cases themselves.

* ``editors`` change the directory (edit, retire, bring back, apply an import);
* ``publishers`` sign and publish a bundle for the other workstations;
* ``supervisors`` see the office's figures and export the statistics workbook.

Everyone prints packs, records outcomes, exports the directory and syncs. The window hides what a role does
not allow, but the check that counts is here, in the use case, so the command line gives the same answer: a
refusal in Italian (:class:`RoleRefused`) and exit status 1.

A fresh install has no machine-wide file (``scripts/dev run`` gives a newcomer just that): nobody has named
any role yet, so the local user holds every role, and the About dialog, the settings screen and ``config``
say so. As soon as IT's file exists, its lists apply, even if it names no role at all (then nobody holds one).
The file is looked at on every check, so a file IT installs while Raccordo runs takes effect at once, in the
safe direction (its roles are read at the next start).

Kept free of imports beyond the standard library: the command modules use it before opening a database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.context import AppContext

EDITORS = "editors"
PUBLISHERS = "publishers"
SUPERVISORS = "supervisors"
ROLES = (EDITORS, PUBLISHERS, SUPERVISORS)

_ALLOWS = {  # "... non può <this>": what the role allows, as the refusal says it
    EDITORS: "modificare la rubrica dei referenti",
    PUBLISHERS: "pubblicare i dati firmati",
    SUPERVISORS: "vedere le statistiche dell'ufficio né esportarle",
}


ROLE_NAMES = {EDITORS: "redazione della rubrica", PUBLISHERS: "pubblicazione dei dati firmati",
              SUPERVISORS: "statistiche dell'ufficio"}


class RoleRefused(Exception):
    """The user does not hold the role the use case needs; ``str()`` is the Italian message.

    Not a PermissionError: commands and views read an OSError as a file that could not be written.
    """

    def __init__(self, role: str, user: str):
        super().__init__(f"L'utente «{user}» non può {_ALLOWS[role]}: il ruolo è assegnato dall'IT "
                         f"(roles.{role} nel file di configurazione di sistema).")
        self.role = role
        self.user = user


def require(ctx: AppContext, role: str) -> None:
    """Raise :class:`RoleRefused` unless the context's user holds ``role``."""
    if role not in ROLES:
        raise ValueError(role)
    if not ctx.has_role(role):
        raise RoleRefused(role, ctx.user)


def held(ctx: AppContext) -> str:
    """The user's roles in words, for ``config`` (the window says it through its own translated labels)."""
    if not ctx.roles_managed:
        return "tutti (nessun file di sistema dell'IT: installazione di prova)"
    names = [ROLE_NAMES[role] for role in ROLES if ctx.has_role(role)]
    return ", ".join(names) if names else "nessuno"
