#!/usr/bin/env bash
# Installs the built .deb with apt on this machine and checks the installed app:
#   1. `tongxin --self-test` from the installed path, offscreen — must exit 0;
#   2. a database from the first schema version (tests/fixtures/schema_v1.db) opened by the
#      installed build: it migrates, keeps a backup of the old file, and its data is still there.
# Run as root after packaging/build-linux.sh:  bash packaging/test-deb.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
deb="$(ls -t "$root"/build/tongxin_*_amd64.deb | head -n1)"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall "$deb" >/dev/null
test "$(command -v tongxin)" = /usr/bin/tongxin
QT_QPA_PLATFORM=offscreen tongxin --self-test

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$root/tests/fixtures/schema_v1.db" "$work/old.db"
cp "$root/tests/fixtures/schema_v1.key" "$work/old.db.key"
chmod 600 "$work/old.db.key"
TONGXIN_DATA_DIR="$work" QT_QPA_PLATFORM=offscreen tongxin --db "$work/old.db" --quit-when-shown
ls "$work"/old.db.v1-*.bak >/dev/null
TONGXIN_DATA_DIR="$work" QT_QPA_PLATFORM=offscreen tongxin --db "$work/old.db" --check-db
echo "installed build: self-test passed; the version-1 database was upgraded with a backup kept"
