#!/usr/bin/env bash
# Make a PostgreSQL server reachable for the test suite and print a DATABASE_URL for it.
# Order: already running → start the installed cluster → install it with apt (as root).
# Exits non-zero only when none of that is possible. Messages go to stderr.
set -uo pipefail
URL_TRUST="postgres://postgres@127.0.0.1:5432/thucthi"
URL_PASSWORD="postgres://postgres:thucthi-test@127.0.0.1:5432/thucthi"

ready() { command -v pg_isready >/dev/null && pg_isready -h 127.0.0.1 -p 5432 -q; }
wait_ready() { for _ in $(seq 1 30); do ready && return 0; sleep 1; done; return 1; }
start_cluster() {
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || return 1
  echo "ensure-postgres: starting cluster $version/main" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 2>&1 || true
  wait_ready
}
can_login() { PGCONNECT_TIMEOUT=5 psql "$1" -c 'select 1' -d postgres >/dev/null 2>&1 || PGCONNECT_TIMEOUT=5 psql "${1%/thucthi}/postgres" -c 'select 1' >/dev/null 2>&1; }

if ! ready; then
  start_cluster || true
fi
if ! ready && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "ensure-postgres: installing PostgreSQL with apt" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2 || exit 1
  start_cluster || exit 1
fi
ready || exit 1

if can_login "$URL_TRUST"; then echo "$URL_TRUST"; exit 0; fi
# A fresh Debian install asks for a password on TCP: give the postgres role one.
if [ "$(id -u)" = 0 ] && command -v su >/dev/null; then
  su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'thucthi-test'\"" >&2 || true
  if can_login "$URL_PASSWORD"; then echo "$URL_PASSWORD"; exit 0; fi
fi
echo "ensure-postgres: server is up but the postgres role cannot log in over TCP" >&2
exit 1
