#!/usr/bin/env bash
# Builds the one-folder app (PyInstaller) and the .deb for Debian 12 and the systems built on it:
#     bash packaging/build-linux.sh        -> build/dist/tongxin/ and build/tongxin_<version>_amd64.deb
# Needs python3 (3.11+), dpkg-deb and binutils; everything else goes into build/venv.
# Prints the app folder's size and fails when it is over 150 MB or holds a file the spec's rules
# leave out (packaging/bundle.py).
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
app="$build/dist/tongxin"
"$build/venv/bin/python" packaging/bundle.py "$app"

version="$("$build/venv/bin/python" -c 'import app; print(app.__version__)')"
package="$build/deb/tongxin_${version}_amd64"
doc="$package/usr/share/doc/tongxin"
rm -rf "$package"
mkdir -p "$package/DEBIAN" "$package/opt/tongxin" "$package/usr/bin" "$package/etc/tongxin" \
    "$package/usr/share/applications" "$package/usr/share/icons/hicolor/256x256/apps" "$doc"
cp -a "$app/." "$package/opt/tongxin/"
ln -s /opt/tongxin/tongxin "$package/usr/bin/tongxin"
install -m 644 packaging/linux/tongxin.desktop "$package/usr/share/applications/tongxin.desktop"
install -m 644 resources/icons/tongxin.png "$package/usr/share/icons/hicolor/256x256/apps/tongxin.png"
# The machine-wide configuration, every line commented: a conffile, so dpkg keeps IT's edits on
# upgrade and removes the file on purge.
install -m 644 packaging/config.toml.example "$package/etc/tongxin/config.toml"
echo /etc/tongxin/config.toml > "$package/DEBIAN/conffiles"
"$build/venv/bin/python" packaging/linux/copyright.py "$app" "$doc"
# The newest glibc symbol version any bundled file asks for is the libc6 the package needs.
libc_min="$(find "$app" -type f \( -name '*.so*' -o -name tongxin \) -exec objdump -T {} + 2>/dev/null \
    | grep -o 'GLIBC_[0-9.]*' | cut -d_ -f2 | sort -uV | tail -n1)"
size_kb="$(du -sk "$package" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@SIZE_KB@/$size_kb/" -e "s/@LIBC_MIN@/$libc_min/" \
    packaging/linux/control.in > "$package/DEBIAN/control"
deb="$build/tongxin_${version}_amd64.deb"
dpkg-deb --root-owner-group --build "$package" "$deb" >/dev/null
echo "package:    $deb $(du -b "$deb" | awk '{printf "%.1f MB", $1 / 1e6}') (needs libc6 >= $libc_min)"
