#!/usr/bin/env bash
# Builds the one-folder app (PyInstaller) and the .deb for Debian 12, Kylin and UOS:
#     bash packaging/build-linux.sh        -> build/dist/tongxin/ and build/tongxin_<version>_amd64.deb
# Needs python3 (3.11+) and dpkg-deb; everything else goes into build/venv.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
build="$root/build"
mkdir -p "$build"
if [ ! -x "$build/venv/bin/python" ]; then
    python3 -m venv "$build/venv"
fi
"$build/venv/bin/pip" install -q --upgrade pip
"$build/venv/bin/pip" install -q "$root" "pyinstaller>=6.10"
"$build/venv/bin/python" -m ui.i18n >/dev/null
"$build/venv/bin/pyinstaller" --noconfirm --log-level WARN \
    --distpath "$build/dist" --workpath "$build/work" "$root/packaging/tongxin.spec"

version="$("$build/venv/bin/python" -c 'import app; print(app.__version__)')"
package="$build/deb/tongxin_${version}_amd64"
rm -rf "$package"
mkdir -p "$package/DEBIAN" "$package/opt/tongxin" "$package/usr/bin" \
    "$package/usr/share/applications" "$package/usr/share/icons/hicolor/256x256/apps" \
    "$package/usr/share/doc/tongxin"
cp -a "$build/dist/tongxin/." "$package/opt/tongxin/"
ln -s /opt/tongxin/tongxin "$package/usr/bin/tongxin"
install -m 644 packaging/linux/tongxin.desktop "$package/usr/share/applications/tongxin.desktop"
install -m 644 resources/icons/tongxin.png "$package/usr/share/icons/hicolor/256x256/apps/tongxin.png"
install -m 644 packaging/config.toml.example "$package/usr/share/doc/tongxin/config.toml.example"
size_kb="$(du -sk "$package" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@SIZE_KB@/$size_kb/" packaging/linux/control.in > "$package/DEBIAN/control"
dpkg-deb --root-owner-group --build "$package" "$build/tongxin_${version}_amd64.deb" >/dev/null
echo "app folder: $build/dist/tongxin ($(du -sh "$build/dist/tongxin" | cut -f1))"
echo "package:    $build/tongxin_${version}_amd64.deb ($(du -h "$build/tongxin_${version}_amd64.deb" | cut -f1))"
