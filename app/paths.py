"""Every file-system location Raccordo uses, in one place.

Resources ship next to the code (source checkout) or inside the PyInstaller
bundle (``sys._MEIPASS``). Per-user data follows the platform conventions
(platformdirs) unless ``--data-dir`` / ``RACCORDO_DATA_DIR`` points elsewhere,
in which case settings and logs move there too, so that tests, benchmarks and
portable runs never touch the real user's files.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app import APP_NAME

DATA_DIR_ENV = "RACCORDO_DATA_DIR"
MACHINE_CONFIG_ENV = "RACCORDO_CONFIG"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def install_root() -> Path:
    """Folder that holds ``resources/``, ``i18n/`` and the migrations."""
    if is_frozen():
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]
    return Path(__file__).resolve().parent.parent


def default_machine_config() -> Path:
    """The machine-wide file IT manages (overridable through RACCORDO_CONFIG)."""
    override = os.environ.get(MACHINE_CONFIG_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return Path(base) / APP_NAME / "raccordo.toml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME / "raccordo.toml"
    return Path("/etc/raccordo/raccordo.toml")


@dataclass(frozen=True)
class Paths:
    root: Path
    data_dir: Path
    log_dir: Path
    user_config_file: Path
    machine_config_file: Path

    @property
    def resources(self) -> Path:
        return self.root / "resources"

    @property
    def i18n(self) -> Path:
        return self.root / "i18n"

    @property
    def migrations(self) -> Path:
        return self.root / "app" / "db" / "migrations"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def sqlite_file(self) -> Path:
        return self.data_dir / "raccordo.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "raccordo.log"

    def ensure(self) -> None:
        for folder in (self.data_dir, self.log_dir, self.backup_dir):
            folder.mkdir(parents=True, exist_ok=True)


def instance_lock(data_dir: Path, db_url: str) -> Path:
    """The lock file the window holds while it runs on this data folder and database (app/ui/single_instance.py)."""
    import hashlib

    digest = hashlib.sha256(db_url.encode("utf-8")).hexdigest()[:12]
    return data_dir / f"raccordo-{digest}.lock"


def window_running(data_dir: Path, db_url: str) -> bool:
    """Whether a live Raccordo window holds that lock: the process id QLockFile writes on its first line is alive.

    POSIX only; on Windows the answer is False, and Windows itself refuses to move a database file in use.
    """
    if sys.platform == "win32":
        return False
    lock = instance_lock(data_dir, db_url)
    try:
        first = lock.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0].strip()
    except OSError:
        return False
    try:
        os.kill(int(first), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """Work out every path; an explicit ``data_dir`` wins over the environment."""
    chosen = data_dir or os.environ.get(DATA_DIR_ENV)
    root = install_root()
    machine = default_machine_config()
    if chosen:
        base = Path(chosen).expanduser().resolve()
        return Paths(root, base, base / "logs", base / "settings.toml", machine)
    return Paths(
        root,
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.toml",
        machine,
    )
