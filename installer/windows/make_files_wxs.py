#!/usr/bin/env python3
"""Write the WiX fragment listing every file of the PyInstaller folder (``ComponentGroup BundleFiles``).

    python installer/windows/make_files_wxs.py dist/Raccordo build/msi/bundle-files.wxs

One component per file, keyed by the file, with a GUID derived from its path inside the folder: the same
file keeps the same component from one version to the next, which is what Windows Installer's component
rules ask of a major upgrade. Symbolic links (the Linux stand-in bundle has some) are skipped: a Windows
bundle has none. Works the same for wixl (Linux) and the WiX toolset (Windows).
"""

from __future__ import annotations

import hashlib
import sys
import uuid
from pathlib import Path
from xml.sax.saxutils import quoteattr

NAMESPACE = uuid.UUID("6f3b6a52-2f4e-4c7e-9a51-0d6c1b7e5a10")  # the product's UpgradeCode
CONSOLE_EXE = "raccordo-cli.exe"  # raccordo.wxs refers to its File Id (raccordo_cli.exe) in CheckConfig


def ident(prefix: str, relative: str) -> str:
    """A valid, stable MSI identifier (letters, digits, '_' and '.', at most 72 characters)."""
    return f"{prefix}{hashlib.sha1(relative.encode('utf-8')).hexdigest()[:32]}"


def fragment(bundle: Path, source_var: str = "$(var.SourceDir)") -> str:
    """Nested Directory elements with their components inside (wixl 0.101 has no Component/@Directory)."""
    files = sorted(p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    tree: dict[Path, list[Path]] = {}
    for file in files:
        tree.setdefault(file.parent, []).append(file)
        for parent in file.relative_to(bundle).parents:
            tree.setdefault(bundle / parent, [])
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
           "  <Fragment>",
           '    <DirectoryRef Id="INSTALLDIR">']
    components: list[str] = []

    def emit(folder: Path, depth: int) -> None:
        pad = "  " * depth
        for file in tree[folder]:
            rel = file.relative_to(bundle).as_posix()
            file_id = "raccordo_cli.exe" if rel == CONSOLE_EXE else ident("f", rel)
            component = ident("c", rel)
            components.append(component)
            guid = uuid.uuid5(NAMESPACE, rel.lower())
            out.append(f'{pad}<Component Id="{component}" Guid="{guid}" Win64="yes">'
                       f'<File Id="{file_id}" Name={quoteattr(file.name)} '
                       f'Source={quoteattr(f"{source_var}/{rel}")} KeyPath="yes" /></Component>')
        children = sorted(child for child in tree if child.parent == folder and child != folder)
        for child in children:
            rel = child.relative_to(bundle).as_posix()
            out.append(f'{pad}<Directory Id="{ident("d", rel)}" Name={quoteattr(child.name)}>')
            emit(child, depth + 1)
            out.append(f"{pad}</Directory>")

    emit(bundle, 3)
    out += ["    </DirectoryRef>", '    <ComponentGroup Id="BundleFiles">']
    out += [f'      <ComponentRef Id="{c}" />' for c in components]
    out += ["    </ComponentGroup>", "  </Fragment>", "</Wix>", ""]
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    bundle, target = Path(argv[0]).resolve(), Path(argv[1])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(fragment(bundle), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
