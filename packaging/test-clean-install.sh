#!/usr/bin/env bash
# Proves the built .deb on a clean Debian 12, the way IT installs it:
#   a minbase chroot made by debootstrap; `apt-get install --no-install-recommends ./tongxin_*.deb`
#   (so Depends alone must bring everything); the app folder's size (<= 150 MB); every library a
#   bundled file links to either bundled or from a package named in Depends (readelf + dpkg -S),
#   and none missing (ldd); `tongxin --self-test` as a worker, whose fonts check draws a Chinese
#   and a Mongolian-script name with real glyphs; `--check-db` upgrading the version-1 fixture;
#   a wrong password and an unknown account (exit 4, a sentence, no traceback); a broken
#   /etc/tongxin/config.toml (self-test fails, exit 1; --check-db exit 3); the window shown under X
#   when this machine has Xvfb; then remove (config and user data stay) and purge (config goes).
# Run as root after packaging/build-linux.sh:  bash packaging/test-clean-install.sh
# Exit 0: passed. 1: a check failed. 77: this machine cannot run it (not root, no debootstrap, the
# Debian archive unreachable); the reason is printed. Downloads are kept in
# TONGXIN_CLEAN_INSTALL_CACHE (default /var/cache/tongxin-clean-install), the chroot is new each run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mirror="${TONGXIN_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${TONGXIN_CLEAN_INSTALL_CACHE:-/var/cache/tongxin-clean-install}"
started=$SECONDS

skip() {
    echo "clean-install test skipped: $*" >&2
    exit 77
}
fail() {
    echo "clean-install test FAILED: $*" >&2
    exit 1
}

[ "$(id -u)" = 0 ] || skip "it needs root (debootstrap, chroot, mount)."
deb="$(ls -t "$root"/build/tongxin_*_amd64.deb 2>/dev/null | head -n1)"
[ -n "$deb" ] || fail "no build/tongxin_*_amd64.deb: run packaging/build-linux.sh first."
if ! command -v debootstrap >/dev/null; then
    command -v apt-get >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null 2>&1 \
        || skip "debootstrap is not installed and could not be (apt-get install debootstrap)."
fi
python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1] + '/dists/bookworm/Release', timeout=20)" \
    "$mirror" 2>/dev/null || skip "the Debian archive $mirror cannot be reached."

work="$(mktemp -d /var/tmp/tongxin-clean-install.XXXXXX)"
system="$work/root"
cleanup() {
    if [ -n "${xvfb:-}" ]; then kill "$xvfb" 2>/dev/null || true; fi
    if mountpoint -q "$system/proc" 2>/dev/null; then umount "$system/proc" || true; fi
    # Never delete through a mount: what is still mounted stays, and is named.
    if grep -qF " $work/" /proc/mounts; then
        echo "left $work in place: something is still mounted under it" >&2
    else
        rm -rf --one-file-system "$work"
    fi
}
trap cleanup EXIT
in_system() { chroot "$system" "$@"; }
as_worker() { chroot --userspec=worker:worker "$system" env HOME=/home/worker LANG=C.UTF-8 "$@"; }

# 1. A minbase Debian 12, its packages downloaded once into the cache. Only /proc is mounted
#    into it: /dev comes from debootstrap, and X clients reach Xvfb by its abstract socket.
mkdir -p "$cache/archives"
base="$cache/bookworm-minbase.tgz"
if [ ! -s "$base" ]; then
    debootstrap --variant=minbase --make-tarball="$base.new" bookworm "$work/download" "$mirror" >"$work/debootstrap.log" 2>&1 \
        || { tail -n 20 "$work/debootstrap.log"; fail "debootstrap could not download a minbase system."; }
    mv "$base.new" "$base"
fi
debootstrap --variant=minbase --unpack-tarball="$base" bookworm "$system" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 20 "$work/debootstrap.log"; fail "debootstrap could not make the minbase system."; }
mount -t proc proc "$system/proc"
echo "clean system ready after $((SECONDS - started)) s"

# 2. apt installs the package and what its Depends name, nothing recommended.
cp "$deb" "$system/tmp/"
find "$cache/archives" -name '*.deb' -exec cp -t "$system/var/cache/apt/archives/" {} +
in_system apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive in_system apt-get install -y -q --no-install-recommends "/tmp/$(basename "$deb")" \
    >"$work/apt.log" 2>&1 || { tail -n 20 "$work/apt.log"; fail "apt could not install the package."; }
find "$system/var/cache/apt/archives" -name '*.deb' -exec cp -n -t "$cache/archives/" {} +
grep -E "newly installed|Need to get" "$work/apt.log"
[ "$(in_system readlink -f /usr/bin/tongxin)" = /opt/tongxin/tongxin ] || fail "tongxin is not on PATH."

# 3. The installed folder: its size, and the libraries its files link to.
size="$(find "$system/opt/tongxin" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')"
echo "installed app folder: $(awk -v s="$size" 'BEGIN { printf "%.1f MB", s / 1e6 }') (limit 150 MB)"
[ "$size" -le 150000000 ] || fail "the app folder is over 150 MB."
depends="$(in_system dpkg-query -W -f='${Depends}' tongxin | tr ',|' '\n\n' | sed -e 's/(.*)//' -e 's/ //g')"
bundled="$(find "$system/opt/tongxin" -name '*.so*' -printf '%f\n' | sort -u)"
elf_files="$(find "$system/opt/tongxin" -type f \( -name '*.so*' -o -name tongxin \))"
undeclared=""
for library in $(echo "$elf_files" | xargs readelf --dynamic --wide 2>/dev/null \
    | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u); do
    grep -qxF "$library" <<<"$bundled" && continue
    package="$(in_system dpkg -S "*/$library" 2>/dev/null | cut -d: -f1 | sort -u | head -n1 || true)"
    [ -n "$package" ] || fail "$library is linked to but no installed package has it."
    grep -qxF "$package" <<<"$depends" || undeclared="$undeclared $package($library)"
done
[ -z "$undeclared" ] || fail "linked to, but not named in Depends:$undeclared"
missing="$(for file in $elf_files; do
    in_system env LD_LIBRARY_PATH=/opt/tongxin/_internal:/opt/tongxin/_internal/PySide6/Qt/lib \
        ldd "${file#"$system"}" 2>/dev/null | grep "not found" | sed "s|^|${file#"$system"}: |" || true
done)"
[ -z "$missing" ] || fail "libraries not found (ldd): $missing"
echo "every library the bundle links to is bundled or comes with a package named in Depends"

# 4. The self-test as a grid worker would run it, fonts included.
in_system useradd --create-home worker
self_test="$(as_worker env QT_QPA_PLATFORM=offscreen tongxin --self-test 2>&1)" \
    || { echo "$self_test"; fail "the self-test failed on a clean install."; }
grep -E "^(ok|FAIL) +fonts" <<<"$self_test"
grep -q "ᠪᠠᠲᠤ in Noto Sans Mongolian" <<<"$self_test" || fail "the Mongolian-script name is not drawn in Noto Sans Mongolian."

# 5. --check-db on the version-1 fixture: it upgrades, keeps a backup, and its files are private.
home="$system/home/worker"
owner="$(stat -c %u:%g "$home")"
install -m 644 "$root/tests/fixtures/schema_v1.db" "$home/old.db"
install -m 600 "$root/tests/fixtures/schema_v1.key" "$home/old.db.key"
chown "$owner" "$home/old.db" "$home/old.db.key"
as_worker tongxin --check-db --db /home/worker/old.db || fail "--check-db of the version-1 database failed."
ls "$home"/old.db.v1-*.bak >/dev/null || fail "the upgrade kept no backup of the version-1 database."
loose="$(find "$home" -name 'old.db*' ! -perm 600)"
[ -z "$loose" ] || fail "database files readable by others: $loose"

# 6. Refusals: a sentence and the documented exit code, never a traceback.
expect() {  # expect CODE TEXT COMMAND...: exits with CODE and says TEXT, without a traceback
    local code="$1" text="$2" output status=0
    shift 2
    output="$("$@" 2>&1)" || status=$?
    [ "$status" = "$code" ] || { echo "$output"; fail "$* exited $status, not $code."; }
    grep -qF "$text" <<<"$output" || { echo "$output"; fail "$* did not say: $text"; }
    if grep -qE "Traceback|Failed to execute" <<<"$output"; then echo "$output"; fail "$* printed a traceback."; fi
    echo "exit $status: $(grep -m1 -F "$text" <<<"$output")"
}
"$root/build/venv/bin/python" - "$home/accounts.db" <<'PYTHON'
import sys
from pathlib import Path

from app.keyring import Account, first_account
from app.models import Role
from app.store import Store

database = Path(sys.argv[1])
Store.open(database, first_account(database, Account("admin", "管理员", Role.ADMIN, ()), "correct-horse")).close()
PYTHON
chown "$owner" "$home"/accounts.db*
expect 0 "integrity ok" as_worker env TONGXIN_PASSWORD=correct-horse tongxin --check-db --db /home/worker/accounts.db --user admin
expect 4 "密码不正确" as_worker env TONGXIN_PASSWORD=wrong-password tongxin --check-db --db /home/worker/accounts.db --user admin
expect 4 "本机没有账户“worker101”" as_worker env TONGXIN_PASSWORD=correct-horse tongxin --check-db --db /home/worker/accounts.db --user worker101

# 7. A broken machine configuration: the self-test fails on it, the app refuses with exit 3.
grep -q "/etc/tongxin/config.toml" <<<"$(in_system dpkg-query -W -f='${Conffiles}' tongxin)" \
    || fail "config.toml is not a conffile."
cp "$system/etc/tongxin/config.toml" "$work/config.toml"
echo 'server_ulr = "https://tongxin.example.gov.cn"' >>"$system/etc/tongxin/config.toml"
expect 1 "FAIL  machine config" as_worker env QT_QPA_PLATFORM=offscreen tongxin --self-test
expect 3 "server_ulr" as_worker tongxin --check-db --db /home/worker/old.db
cp "$work/config.toml" "$system/etc/tongxin/config.toml"

# 8. The window under X (the xcb plugin with the libraries Depends brought), where Xvfb exists.
if command -v Xvfb >/dev/null; then
    number=90
    while [ -e "/tmp/.X$number-lock" ]; do number=$((number + 1)); done
    display=":$number"
    Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    sleep 2
    shown="$(as_worker env DISPLAY="$display" tongxin --db /home/worker/old.db --quit-when-shown 2>&1)" \
        || { echo "$shown"; fail "the window did not show under X."; }
    echo "under X (xcb): $(grep '^shown' <<<"$shown") s to the window"
else
    echo "under X: not tried (no Xvfb on this machine)"
fi

# 9. Remove keeps the configuration and the user's data; purge removes the configuration.
apt_get() {  # apt-get in the clean system; its output kept for a failure
    DEBIAN_FRONTEND=noninteractive in_system apt-get -y -q "$@" >"$work/apt.log" 2>&1 \
        || { tail -n 20 "$work/apt.log"; fail "apt-get $* failed."; }
}
apt_get remove tongxin
[ ! -e "$system/opt/tongxin" ] || fail "remove left /opt/tongxin."
[ -f "$system/etc/tongxin/config.toml" ] || fail "remove deleted the configuration."
apt_get purge tongxin
[ ! -e "$system/etc/tongxin/config.toml" ] || fail "purge left /etc/tongxin/config.toml."
[ -f "$home/old.db" ] || fail "purge touched a user's data."
echo "remove kept the configuration; purge removed it; users' data untouched"
echo "clean-install test passed in $((SECONDS - started)) s"
