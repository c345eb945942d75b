#!/usr/bin/env bash
# Installs the system libraries invites builds against (LMDB, OpenSSL's libcrypto, SQLite for the benchmark peers),
# and tzdata for --tz, when any is missing. Safe to run again.
set -euo pipefail
missing=()
pkg-config --exists lmdb 2>/dev/null || missing+=(liblmdb-dev)
pkg-config --exists libcrypto 2>/dev/null || missing+=(libssl-dev)
pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
[ -d /usr/share/zoneinfo/America ] || missing+=(tzdata)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# mdb_stat, for tools/merkle-e2e.sh's figure of the stored tree's bytes; mdb_dump, for a test's reader killed inside its transaction.
command -v mdb_stat >/dev/null 2>&1 || missing+=(lmdb-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
