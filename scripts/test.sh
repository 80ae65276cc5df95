#!/usr/bin/env bash
# Everything that keeps the project honest, in the order that fails fastest.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export THUCTHI_VAR_DIR="${THUCTHI_VAR_DIR:-$PWD/var/test}"
unset DATABASE_URL REDIS_URL EMAIL_URL THUCTHI_ENV || true
step() { printf '\n== %s\n' "$*"; }

step "ruff"
$BIN/ruff check .
step "mypy --strict"
$BIN/mypy thucthi tests
step "missing migrations"
$BIN/thucthi makemigrations --check --dry-run

step "tests on SQLite"
$BIN/pytest -m "not browser" -q -p no:cacheprovider

step "tests on PostgreSQL"
if PG_URL=$(bash scripts/ensure-postgres.sh); then
  DATABASE_URL="$PG_URL" $BIN/pytest -m "not browser" -q -p no:cacheprovider
else
  printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n'
  printf '!!! SKIPPED: PostgreSQL is neither running nor installable on this machine.\n'
  printf '!!! The suite ran on SQLite only.\n'
  printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n'
fi

step "browser tests (Chromium)"
bash scripts/ensure-chromium.sh
$BIN/pytest -m browser -q -p no:cacheprovider
