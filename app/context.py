"""What every command, view and test needs: paths, settings, the database and who is using it."""

from __future__ import annotations

import getpass
import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from app.caches import SESSION_KEY, Caches, clear_memos
from app.config import Config, load_config
from app.db.engine import database_url, make_engine, make_sessions, redact
from app.paths import Paths

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in some containers
        return "sconosciuto"


@dataclass
class AppContext:
    paths: Paths
    config: Config
    user: str = field(default_factory=os_user)
    caches: Caches = field(default_factory=Caches, repr=False, compare=False)  # app/caches.py

    @classmethod
    def create(cls, paths: Paths, user: str | None = None) -> AppContext:
        paths.ensure()
        config = load_config(paths.machine_config_file, paths.user_config_file)
        config.workstation_key_file = paths.data_dir / "stats-workstation.key"
        for problem in config.problems:
            log.warning("Configuration: %s", problem)
        return cls(paths, config, user or os_user())

    @cached_property
    def db_url(self) -> str:
        return database_url(self.config["database.url"], self.paths)

    @property
    def db_label(self) -> str:
        return redact(self.db_url)

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.db_url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        """Sessions on the database; each carries the context's caches (``app.caches.caches_of``)."""
        return make_sessions(self.engine, info={SESSION_KEY: self.caches})

    @property
    def roles_managed(self) -> bool:
        """True once IT's machine-wide file exists, whatever it says: then its role lists apply. Without it (a fresh
        install) the local user holds every role (app/roles.py)."""
        return self.paths.machine_config_file.exists()

    def has_role(self, role: str) -> bool:
        """``editors``, ``publishers`` or ``supervisors``: checked by the use cases through ``app.roles.require``."""
        return not self.roles_managed or self.config.has_role(role, self.user)

    def dispose(self) -> None:
        """Close the database and forget every remembered value (an outbox engine included)."""
        self.caches.clear()
        clear_memos()
        if "engine" in self.__dict__:
            self.engine.dispose()
