"""Where each page of the site lives, relative to ``directory.public_url``: one rule for the export and the pack.

The address says the language, the stage and the municipality (its ISTAT code), never anything about the
household: ``ar/accesso/015070.html`` is the same page for every Arabic-speaking household of Cernusco sul
Naviglio that received the accesso, and it works from any folder (every link inside the site is relative).
"""

from __future__ import annotations

INDEX = "index.html"


def folder(code: str) -> str:
    """A language's folder: its catalog code, as on the language card ("zh_Hans")."""
    return code


def language_index(code: str) -> str:
    return f"{folder(code)}/{INDEX}"


def stage_page(code: str, stage: str) -> str:
    return f"{folder(code)}/{stage}.html"


def contacts_page(code: str, stage: str, istat_code: str) -> str:
    """The municipality's contacts for one stage: the same cards as the printed pack of that stage."""
    return f"{folder(code)}/{stage}/{istat_code}.html"


def absolute(public_url: str, path: str) -> str:
    """``path`` on the published site, or "" when no public address is configured."""
    base = (public_url or "").strip()
    if not base:
        return ""
    return f"{base.rstrip('/')}/{path}"


def pack_link(public_url: str, code: str, stage: str, istat_code: str) -> str:
    """What the QR on page 1 of a language section opens: that stage's contacts page of the municipality, in the
    section's language; "" without a public address (no QR, and the pack says nothing about a site)."""
    return absolute(public_url, contacts_page(code, stage, istat_code))


def relative(source: str, target: str) -> str:
    """The link from page ``source`` to page ``target`` (both site paths), so the site works under any address."""
    here = source.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])


__all__ = ["absolute", "contacts_page", "language_index", "pack_link", "relative", "stage_page"]
