#!/usr/bin/env bash
# Build dist/raccordo_<version>_amd64.deb from the PyInstaller folder (dpkg-deb only, no network).
#   /opt/raccordo/            the bundle
#   /usr/bin/raccordo         -> /opt/raccordo/raccordo (the bootloader follows the link to find _internal/)
#   /usr/share/applications/raccordo.desktop, /usr/share/icons/hicolor/*/apps/raccordo.png
# Depends: the system libraries the bundle does not carry (installer/linux/system-libraries.txt).
# No maintainer scripts: the icon cache and the desktop database are refreshed by dpkg triggers, and the
# per-user data (~/.local/share/Raccordo) and IT's /etc/raccordo/raccordo.toml are never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=dist/raccordo
[ -x "$bundle/raccordo" ] || scripts/build_bundle.sh --no-test
version=$(.venv/bin/python -c "import app; print(app.__version__)")
stage=build/deb/raccordo_${version}_amd64
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" "$stage/usr/share/doc/raccordo"
cp -a "$bundle" "$stage/opt/raccordo"
ln -s /opt/raccordo/raccordo "$stage/usr/bin/raccordo"
install -m 644 installer/linux/raccordo.desktop "$stage/usr/share/applications/raccordo.desktop"
for icon in resources/icons/hicolor/*/apps/raccordo.png; do
  size=$(basename "$(dirname "$(dirname "$icon")")")
  install -D -m 644 "$icon" "$stage/usr/share/icons/hicolor/$size/apps/raccordo.png"
done
install -m 644 installer/raccordo.toml.example "$stage/usr/share/doc/raccordo/raccordo.toml.example"
cat > "$stage/usr/share/doc/raccordo/copyright" <<TXT
Raccordo $version - EUPL-1.2.
Third-party fonts and their licences: /opt/raccordo/_internal/resources/fonts/.
Guida per l'IT: installer/README.md nel codice sorgente.
TXT
# Depends from the shared table, one entry per package (alternatives kept as written).
system_depends=$(grep -v '^#' installer/linux/system-libraries.txt | awk 'NF {sub(/^[^ ]+ +/, ""); print}' \
  | sort -u | paste -sd, - | sed 's/,/, /g')
installed_size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed_size/" -e "s/@SYSTEM_DEPENDS@/$system_depends/" \
  installer/linux/control.in > "$stage/DEBIAN/control"
find "$stage" -type d -exec chmod 755 {} +
deb=dist/raccordo_${version}_amd64.deb
# gzip: ~20 s on 2 cores for 66 MB; xz -6 gives 50 MB but takes minutes. Releases may ask for it:
#   RACCORDO_DEB_COMPRESSION="-Zxz -z6" scripts/build_deb.sh
# shellcheck disable=SC2086
dpkg-deb --root-owner-group ${RACCORDO_DEB_COMPRESSION:--Zgzip -z6} --threads-max=2 --build "$stage" "$deb" >/dev/null
echo "pacchetto $deb: $(du -m "$deb" | cut -f1) MiB ($(stat -c %s "$deb") byte)"
