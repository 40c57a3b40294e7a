"""Layered settings: built-in defaults < machine-wide file (IT) < per-user file.

Every setting is declared once in ``SETTINGS`` with its type, default and
whether only IT may set it. A malformed file never stops the application: its
problems are collected (file, line, Italian message) and the values fall back to
the layer below, which is always the safe choice (no trusted keys, local SQLite;
a machine-wide file that exists grants no role it does not name, see
``app/roles.py``). Files carry ``settings_version``: a renamed setting keeps its
value through ``app/config_upgrade.py``.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import socket
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from app.config_upgrade import VERSION_KEY, current_version, split_version, upgrade

DEFAULT = "predefinito"
MACHINE = "macchina"
USER = "utente"


@dataclass(frozen=True)
class Setting:
    key: str
    kind: type
    default: Any
    machine_only: bool
    doc: str
    minimum: int | None = None


def _hostname() -> str:
    return socket.gethostname().split(".")[0] or "postazione"


SETTINGS: tuple[Setting, ...] = (
    Setting("office.name", str, "UNEP di Milano (dimostrazione)", True, "Nome dell'ufficio, stampato nei report."),
    Setting("office.municipalities", list, [], True,
            "Comuni serviti dall'ufficio (codici ISTAT o nomi); vuoto = tutti i 133 comuni."),
    Setting("office.workstation", str, "", True,
            "Nome della postazione (vuoto = nome del computer); nelle statistiche ne resta solo un codice cifrato."),
    Setting("stats.workstation_key", str, "", True,
            "Chiave segreta del codice di postazione nelle statistiche (vuoto = chiave casuale nella cartella dati); "
            "cambiarla rinnova i codici."),
    Setting("database.url", str, "", True, "URL SQLAlchemy del database condiviso (vuoto = SQLite locale)."),
    Setting("database.backups_kept", int, 7, True,
            "Copie giornaliere del database locale (SQLite) conservate in backups/ nella cartella dati.", minimum=1),
    Setting("sync.source", str, "", True, "Indirizzo HTTPS o cartella da cui scaricare i dati firmati."),
    Setting("sync.trusted_keys", list, [], True, "Chiavi pubbliche Ed25519 degli editori fidati."),
    Setting("sync.interval_hours", int, 4, True, "Ore tra due controlli automatici.", minimum=1),
    Setting("roles.editors", list, [], True, "Utenti del sistema che possono modificare la rubrica."),
    Setting("roles.publishers", list, [], True, "Utenti che possono pubblicare i dati firmati."),
    Setting("roles.supervisors", list, [], True, "Utenti che possono esportare le statistiche."),
    Setting("stats.small_cell_threshold", int, 3, True, "Soglia k: nessun conteggio da 1 a k-1 viene pubblicato.",
            minimum=2),
    Setting("directory.public_url", str, "", True, "Indirizzo della rubrica pubblicata sul portale UNEP (QR code)."),
    Setting("directory.stale_after_days", int, 180, False, "Giorni dopo i quali un referente è da verificare.",
            minimum=1),
    Setting("ui.language", str, "it", False, "Lingua dell'interfaccia (it o en)."),
    Setting("leaflets.large_print", bool, False, False, "Stampa a caratteri grandi come impostazione iniziale."),
)

BY_KEY = {s.key: s for s in SETTINGS}


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}, riga {self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class Config:
    values: dict[str, Any]
    sources: dict[str, str]
    files: dict[str, Path]
    problems: list[Problem] = field(default_factory=list)
    workstation_key_file: Path | None = None  # set by AppContext: the random key when IT sets none
    _random_key: bytes | None = field(default=None, repr=False)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def source_of(self, key: str) -> str:
        origin = self.sources[key]
        return f"{origin}: {self.files[origin]}" if origin in self.files else origin

    def workstation(self) -> str:
        """This workstation as the statistics know it: 12 hex digits keyed by a secret, never its name.

        An unkeyed hash of the computer's name could be reversed by hashing the office's computer names;
        with ``stats.workstation_key`` (IT's, machine-wide) or a random key kept in the data folder, the code
        says only "the same workstation", and changing the key gives new codes from then on.
        """
        key = self.values.get("stats.workstation_key", "").encode("utf-8") or self._local_key()
        name = (self.values["office.workstation"] or _hostname()).strip().casefold()
        return hmac.new(key, name.encode("utf-8"), hashlib.sha256).hexdigest()[:12]

    def _local_key(self) -> bytes:
        if self._random_key is None:
            path = self.workstation_key_file
            key = None
            if path is not None:
                try:
                    key = bytes.fromhex(path.read_text(encoding="ascii").strip()) or None
                except (OSError, ValueError):
                    key = None
            if key is None:
                key = secrets.token_bytes(32)
                if path is not None:
                    try:
                        path.parent.mkdir(parents=True, exist_ok=True)
                        tmp = path.with_name(path.name + ".tmp")
                        tmp.write_text(key.hex(), encoding="ascii")
                        tmp.chmod(0o600)
                        tmp.replace(path)
                    except OSError:
                        pass  # read-only data folder: this run's codes are this run's only
            self._random_key = key
        return self._random_key

    def has_role(self, role: str, user: str) -> bool:
        """Roles are lists of OS user names, compared case-insensitively (Windows names are)."""
        names = {n.casefold() for n in self.values.get(f"roles.{role}", [])}
        return user.casefold() in names


_LINE_RE = re.compile(r"\(at line (\d+), column \d+\)")
_TABLE_RE = re.compile(r"\[\[?\s*([^\[\]]*?)\s*\]")
_KEY_RE = re.compile(r"([A-Za-z0-9_.\-\s\"']+?)\s*=")
MAX_FILE_BYTES = 256 * 1024  # a settings file is a few hundred bytes
MAX_DEPTH = 4  # settings are ``table.key``; deeper tables are reported, never walked further


def _flatten(table: dict[str, Any], prefix: str = "", depth: int = 0) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict) and depth < MAX_DEPTH:
            flat.update(_flatten(value, full + ".", depth + 1))
        else:
            flat[full] = value
    return flat


def _key_lines(text: str) -> dict[str, int]:
    """The line of every ``key =`` (as a dotted key inside its table), in one pass over the file.

    Messages name the line of each problem; looking each key up by scanning the file again took 43 s for a
    file of 5,000 keys (quadratic), this takes milliseconds.
    """
    lines: dict[str, int] = {}
    table = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("["):
            match = _TABLE_RE.match(line)
            table = match.group(1).replace(" ", "").replace('"', "") if match else ""
            continue
        match = _KEY_RE.match(line)
        if match is None or line.startswith("#"):
            continue
        key = match.group(1).replace(" ", "").replace('"', "").replace("'", "")
        lines.setdefault(f"{table}.{key}" if table else key, number)
    return lines
def _no_controls(text: str) -> None:
    from app.untrusted import control_problem

    problem = control_problem(text)
    if problem:  # an office name with an ESC would end up in every report and workbook
        raise ValueError(problem)


def _line(key_lines: dict[str, int], key: str) -> int | None:
    """The line of ``key``, or of the inline table that holds it (``office = { name = "x" }``)."""
    while key:
        if key in key_lines:
            return key_lines[key]
        key = key.rpartition(".")[0]
    return None


def _coerce(setting: Setting, value: Any) -> Any:
    if setting.kind is bool:
        if not isinstance(value, bool):
            raise ValueError("deve essere true o false")
        return value
    if setting.kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("deve essere un numero intero")
        if setting.minimum is not None and value < setting.minimum:
            raise ValueError(f"deve essere almeno {setting.minimum}")
        return value
    if setting.kind is str:
        if not isinstance(value, str):
            raise ValueError("deve essere un testo tra virgolette")
        _no_controls(value)
        return value.strip()
    if setting.kind is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError('deve essere un elenco di testi, ad esempio ["a", "b"]')
        for item in value:
            _no_controls(item)
        return [v.strip() for v in value if v.strip()]
    raise TypeError(setting.kind)


def read_layer(path: Path, *, machine: bool) -> tuple[dict[str, Any], list[Problem]]:
    """Read one TOML layer; return the valid values and the problems found."""
    if not path.is_file():
        return {}, []
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return {}, [Problem(path, None, f"file troppo grande (più di {MAX_FILE_BYTES // 1024} KB): il file è "
                                            "ignorato, uso i valori predefiniti")]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [Problem(path, None, f"impossibile leggere il file ({exc}); uso i valori predefiniti")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _LINE_RE.search(str(exc))
        line = int(match.group(1)) if match else None
        detail = _LINE_RE.sub("", str(exc)).strip()
        return {}, [Problem(path, line, f"sintassi TOML non valida ({detail}); il file è ignorato, uso i valori predefiniti")]
    except RecursionError:  # arrays or inline tables nested thousands deep: no setting looks like that
        return {}, [Problem(path, None, "struttura annidata oltre il previsto; il file è ignorato, uso i valori "
                                        "predefiniti")]
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    key_lines = _key_lines(text)
    version, data = split_version(data)
    flat, moved = upgrade(_flatten(data), version)
    for old_key, new_key in moved:  # only IT's file gets here with old names: the user's was upgraded on load
        problems.append(Problem(path, _line(key_lines, old_key), f"«{old_key}» ora si chiama «{new_key}»: il valore è "
                                                                  f"usato, aggiornare il nome nel file"))
    for key, raw in flat.items():
        setting = BY_KEY.get(key)
        line = _line(key_lines, key)
        if setting is None:
            problems.append(Problem(path, line, f"impostazione sconosciuta «{key[:80]}», ignorata"))
            continue
        if setting.machine_only and not machine:
            problems.append(Problem(path, line, f"«{key}» può essere impostata solo dal file di sistema gestito dall'IT; ignorata"))
            continue
        try:
            values[key] = _coerce(setting, raw)
        except ValueError as exc:
            problems.append(Problem(path, line, f"«{key}» {exc}; uso il valore predefinito"))
    return values, problems


def load_config(machine_file: Path, user_file: Path | None) -> Config:
    values = {s.key: s.default for s in SETTINGS}
    sources = {s.key: DEFAULT for s in SETTINGS}
    files: dict[str, Path] = {MACHINE: machine_file}
    problems: list[Problem] = []
    machine_values, machine_problems = read_layer(machine_file, machine=True)
    problems += machine_problems
    for key, value in machine_values.items():
        values[key], sources[key] = value, MACHINE
    if user_file is not None:
        files[USER] = user_file
        problems += upgrade_user_file(user_file)
        user_values, user_problems = read_layer(user_file, machine=False)
        problems += user_problems
        for key, value in user_values.items():
            values[key], sources[key] = value, USER
    return Config(values, sources, files, problems)


def check_file(path: Path, *, connect: bool = True) -> list[Problem]:
    """Validate a machine-wide file before IT rolls it out (``config --check``).

    Beyond the file itself, a ``database.url`` is tried for real (``app.db.engine.probe_database``, a few seconds
    at most): a malformed or unreachable shared database is reported, not called valid. Without ``connect``
    only its form is checked.
    """
    if not path.is_file():
        return [Problem(path, None, "il file non esiste")]
    values, problems = read_layer(path, machine=True)
    url = values.get("database.url")
    if url:
        from app.db.engine import DatabaseUrlError, check_database_url, probe_database

        if connect:
            problem = probe_database(url)
        else:  # the form only (the installer's check: the server may be out of reach while installing)
            try:
                check_database_url(url)
                problem = None
            except DatabaseUrlError as exc:
                problem = str(exc)
        if problem:
            text = path.read_text(encoding="utf-8", errors="replace")
            problems.append(Problem(path, _line(_key_lines(text), "database.url"), problem))
    return problems


def save_user_setting(user_file: Path, key: str, value: Any) -> None:
    """Write one per-user setting, keeping the others; refuses machine-only keys."""
    setting = BY_KEY[key]
    if setting.machine_only:
        raise PermissionError(f"«{key}» è gestita dall'IT e non può essere modificata dall'utente")
    value = _coerce(setting, value)
    current: dict[str, Any] = {}
    if user_file.is_file():
        try:
            version, data = split_version(tomllib.loads(user_file.read_text(encoding="utf-8")))
            current = upgrade(_flatten(data), version)[0]
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            current = {}  # a broken user file is replaced; the machine file is never written
    current[key] = value  # what this version does not know stays as it was (it is reported when read)
    _write_user_file(user_file, current)


def _write_user_file(user_file: Path, flat: dict[str, Any]) -> None:
    nested: dict[str, Any] = {VERSION_KEY: current_version()}
    for dotted, item in sorted(flat.items()):
        table, _, leaf = dotted.rpartition(".")
        target = nested
        for part in table.split(".") if table else ():
            target = target.setdefault(part, {})
        target[leaf] = item
    from app.safe_output import write_output

    write_output(user_file, tomli_w.dumps(nested).encode("utf-8"))


def upgrade_user_file(user_file: Path) -> list[Problem]:
    """Carry the user's file to the current version when a step renames one of its settings: a copy of the old
    file first (``settings.toml.v0.bak``, kept if one is already there), then the file rewritten; return what the
    user is told. A file that cannot be read or written is left alone (``read_layer`` reports it)."""
    try:
        if not user_file.is_file() or user_file.stat().st_size > MAX_FILE_BYTES:
            return []
        raw = user_file.read_bytes()
        version, data = split_version(tomllib.loads(raw.decode("utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return []
    if version >= current_version():
        return []
    flat, moved = upgrade(_flatten(data), version)
    if not moved:
        return []  # nothing to carry: the file is stamped the next time Raccordo saves it
    backup = user_file.with_name(f"{user_file.name}.v{version}.bak")
    try:
        if not backup.exists():
            backup.write_bytes(raw)
        _write_user_file(user_file, flat)
    except OSError as exc:
        return [Problem(user_file, None, f"impostazioni da aggiornare, ma il file non si può scrivere ({exc}): "
                                         "i nomi vecchi sono usati per questa volta")]
    names = ", ".join(f"«{old}» ora si chiama «{new}»" for old, new in moved)
    return [Problem(user_file, None, f"impostazioni aggiornate alla versione {current_version()}: {names}; "
                                     f"copia del file precedente: {backup}")]
