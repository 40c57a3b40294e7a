#!/usr/bin/env bash
# Build the PyInstaller folder (dist/raccordo), report its size and smoke-test it: bundled selftest offscreen on
# a temporary data folder, the window on SQLite and on a throw-away PostgreSQL, no unexpected stderr.
#   scripts/build_bundle.sh            build + smoke test
#   scripts/build_bundle.sh --no-test  build only (used by bench/bench_bundle.py when the folder is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
log=build/pyinstaller.log
py=.venv/bin/python
[ -x "$py" ] || { echo "Manca .venv: eseguire prima scripts/dev test"; exit 1; }

if ! "$py" -c "import PyInstaller" 2>/dev/null; then
  echo "Installo PyInstaller (.[build]) in .venv"
  "$py" -m pip install -q -e ".[build]"
fi
# PyInstaller bundles only the libraries present at build time (docs/PLATFORM.md): the xcb plugin's helpers and the
# CUPS print plugin's library must be installed before building.
if command -v dpkg-query >/dev/null; then
  need=""
  for p in binutils libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-cursor0 libcups2; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
  done
  if [ -n "$need" ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installo per la compilazione:$need"
    $sudo apt-get install -y -qq --no-install-recommends $need >/dev/null
  fi
fi

"$py" scripts/i18n.py release >/dev/null
echo "PyInstaller (log in $log)..."
t0=$(date +%s)
if ! "$py" -m PyInstaller --noconfirm --log-level WARN build.spec >"$log" 2>&1; then
  echo "PyInstaller non riuscito; ultime righe di $log:"; tail -40 "$log"; exit 1
fi
bundle=dist/raccordo
# The size is the files' own bytes, as bench/bench_bundle.py counts them; du -sm counts disk blocks, which depend
# on the file system (4 KiB for each of the bundle's small files).
bytes=$(du -sb "$bundle" | cut -f1)
mib=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "bundle $bundle costruito in $(( $(date +%s) - t0 )) s: $mib MiB ($bytes byte; budget 150 MiB)"
if awk -v b="$bytes" 'BEGIN { exit !(b > 150 * 1048576) }'; then
  echo "ATTENZIONE: il bundle supera il budget di 150 MiB"
fi

if [ "${1:-}" != "--no-test" ]; then
  "$py" tests/packaging/smoke.py "$bundle/raccordo"
fi
