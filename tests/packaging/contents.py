"""What a frozen Raccordo carries besides Python's standard library: an allow-list, checked on the real bundle.

The bundle must not depend on what else the build environment holds. PyInstaller follows every import it can
see, optional ones included: openpyxl and Pillow import numpy when it is installed, so a build machine with
numpy (or scipy, which the statistics auditor's tests install) shipped 40-70 MB nobody uses. ``build.spec``
excludes them by name; this list catches the next one. A module missing here fails the smoke test
(``tests/packaging/smoke.py``) with its name: add it only if Raccordo really uses it, with the reason.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ALLOWED = {
    "app": "Raccordo itself",
    "PySide6": "the window", "shiboken6": "PySide6's runtime",
    "sqlalchemy": "database", "alembic": "migrations", "mako": "Alembic's templates",
    "markupsafe": "Mako's escaping", "psycopg": "shared PostgreSQL database",
    "psycopg_binary": "psycopg's compiled implementation with its libpq (Windows only)",
    "typing_extensions": "SQLAlchemy, Alembic and psycopg need it on Python 3.11",
    "platformdirs": "per-user folders", "tomli_w": "writing the user's settings",
    "phonenumbers": "directory phone numbers", "babel": "CLDR names, dates and figures",
    "bidi": "right-to-left leaflet text (python-bidi)", "uharfbuzz": "shaping leaflet text",
    "reportlab": "leaflet PDFs", "PIL": "ReportLab's images", "pillow": "Pillow's bundled libraries",
    "openpyxl": "Excel import and export", "et_xmlfile": "openpyxl's writer (on the standard library's XML)",
    "orjson": "JSON columns, sync",
    "cryptography": "signed sync bundles", "_cffi_backend": "cryptography's C bindings",
    "fontTools": "the web site's font subsets", "brotli": "the web site's WOFF2 fonts",
    "_brotli": "brotli's compiled implementation",
}
DATA_FOLDERS = {"resources", "i18n"}
_PYTHON_FOLDER = re.compile(r"python3\.\d+$")  # the standard library's extension modules (lib-dynload)


def _owner(name: str) -> str:
    """The distribution a top-level entry of ``_internal`` belongs to: "numpy.libs" and
    "numpy-2.4.6.dist-info" are numpy's, "_cffi_backend.cpython-311-x86_64-linux-gnu.so" is "_cffi_backend"."""
    if name.endswith(".dist-info"):
        return name.split("-")[0]
    if name.endswith(".libs"):
        return name.removesuffix(".libs")
    return name.split(".")[0]


def bundled_modules(executable: Path, internal: Path) -> set[str]:
    """Top-level modules in the executable's PYZ archive, plus packages and extension modules in ``_internal``."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(executable))
    names = {entry.split(".")[0] for entry in archive.open_embedded_archive("PYZ.pyz").toc}
    for path in internal.iterdir():
        if path.name in DATA_FOLDERS or _PYTHON_FOLDER.match(path.name):
            continue
        if path.is_dir() or ".cpython-" in path.name or path.suffix == ".pyd":
            names.add(_owner(path.name))
    return names


def foreign_modules(names: set[str]) -> list[str]:
    """The names that are neither the standard library nor allowed."""
    standard = set(sys.stdlib_module_names)
    return sorted(n for n in names if n not in standard and n not in ALLOWED and not n.startswith("_sysconfigdata_"))
