#!/usr/bin/env bash
# Build the Windows MSI with msitools' wixl from a PyInstaller folder.
#   scripts/build_msi.sh [BUNDLE_DIR]   default dist/Raccordo (the Windows bundle, e.g. a CI artifact)
# Without a Windows bundle (Linux CI), the Linux bundle's files stand in for it: same tree, same count of
# files, with the executable copied as Raccordo.exe and raccordo-cli.exe. That MSI proves the WiX source,
# the custom actions and the generated file list compile and have the expected tables; it is not installable.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python; [ -x "$py" ] || py=python3
version=$("$py" -c "import app; print(app.__version__)")
bundle="${1:-dist/Raccordo}"
work=build/msi
mkdir -p "$work" dist
suffix=""
if [ ! -f "$bundle/Raccordo.exe" ]; then
  [ -x dist/raccordo/raccordo ] || scripts/build_bundle.sh --no-test
  echo "Nessun bundle Windows in $bundle: uso i file del bundle Linux come segnaposto (MSI non installabile)"
  rm -rf "$work/stand-in"
  mkdir -p "$work/stand-in"
  cp -a dist/raccordo "$work/stand-in/Raccordo"
  bundle="$work/stand-in/Raccordo"
  mv "$bundle/raccordo" "$bundle/Raccordo.exe"
  cp "$bundle/Raccordo.exe" "$bundle/raccordo-cli.exe"
  suffix="-segnaposto"
fi
command -v wixl >/dev/null || { echo "wixl mancante: apt-get install wixl"; exit 1; }
"$py" installer/windows/make_files_wxs.py "$bundle" "$work/bundle-files.wxs"
msi="dist/Raccordo-$version-x64$suffix.msi"
t0=$(date +%s)
if ! wixl -a x64 -D Version="$version" -D SourceDir="$bundle" -D ActionsJs=installer/windows/actions.js \
     -o "$msi" installer/windows/raccordo.wxs "$work/bundle-files.wxs" >"$work/wixl.log" 2>&1; then
  echo "wixl non riuscito:"; tail -30 "$work/wixl.log"; exit 1
fi
# wixl 0.101 has no Property/@Secure: append our public properties to the SecureCustomProperties it wrote
# for MajorUpgrade, so they reach the elevated part of the installation.
secure=$(msiinfo export "$msi" Property | awk -F'\t' '$1 == "SecureCustomProperties" {print $2}')
ours="OFFICE_NAME;MUNICIPALITIES;SYNC_SOURCE;TRUSTED_KEYS;DATABASE_URL;EDITORS;PUBLISHERS;SUPERVISORS;REMOVE_DATA"
msibuild "$msi" -q "UPDATE \`Property\` SET \`Value\` = '${secure:+$secure;}$ours' WHERE \`Property\` = 'SecureCustomProperties'"
# The tables IT relies on must be in the package: properties, custom actions, upgrade, shortcut.
for table in Property CustomAction Upgrade Shortcut InstallExecuteSequence; do
  msiinfo export "$msi" "$table" > "$work/$table.idt"
done
for want in OFFICE_NAME MUNICIPALITIES SYNC_SOURCE TRUSTED_KEYS DATABASE_URL EDITORS PUBLISHERS SUPERVISORS \
            REMOVE_DATA WIX_UPGRADE_DETECTED; do
  grep -q "^SecureCustomProperties.*$want" "$work/Property.idt" || { echo "proprieta' $want non sicura nell'MSI"; exit 1; }
done
for want in CheckNotRunning SeedConfig CheckConfig RemoveData; do
  grep -q "^$want" "$work/CustomAction.idt" || { echo "azione $want mancante nell'MSI"; exit 1; }
done
files=$(msiinfo export "$msi" File | tail -n +4 | wc -l)
echo "MSI $msi: $(du -m "$msi" | cut -f1) MiB ($(stat -c %s "$msi") byte), $files file, in $(( $(date +%s) - t0 )) s"
