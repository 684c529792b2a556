#!/usr/bin/env bash
# Runs every test: formatting and lints, unit and integration tests (a fresh PostgreSQL database
# per test), then the browser journeys and the official SDK's tests against a freshly started
# server with demo data.
#
# TEST_DATABASE_URL: the PostgreSQL server the integration tests create their databases on
# (default postgres://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/partner-centre/target}"
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

say "formatting and lints"
cargo fmt --all -- --check
cargo clippy --quiet --features ssr --all-targets -- -D warnings
cargo clippy --quiet --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

test_db="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

say "the SQL checks in .sqlx/ match the code (on a freshly migrated database)"
check_db="${test_db%/*}/pc_sqlx_check_$$"
cargo sqlx database drop -y --database-url "$check_db" >/dev/null 2>&1 || true
cargo sqlx database create --database-url "$check_db"
cargo sqlx migrate run --source migrations --database-url "$check_db" >/dev/null
DATABASE_URL="$check_db" cargo sqlx prepare --check -- --features ssr --lib
cargo sqlx database drop -y --database-url "$check_db" >/dev/null

say "unit and integration tests (each with a time limit: .config/nextest.toml)"
DATABASE_URL="$test_db" cargo nextest run --features ssr --no-fail-fast

say "browser journeys"
cargo leptos build
# A fresh embedded cluster of its own: the journeys also prove the default start-up path. The
# per-key rate limit is lifted for the schema fuzzer (it is tested in tests/integration/api.rs).
export PC_API_RATE_PER_SECOND=100000
source scripts/fresh-server.sh
start_fresh_server debug "${E2E_PORT:-3917}" "${E2E_PG_PORT:-54391}"
(cd end2end && BASE_URL="$base" PC_DEMO_MANIFEST="$work/manifest.json" npm test) || {
  echo "--- server log ---"; tail -50 "$work/server.log"; exit 1;
}

say "the official Huawei Cloud SDK against the API"
BASE_URL="$base" PC_DEMO_MANIFEST="$work/manifest.json" tests/sdk/run.sh || {
  echo "--- server log ---"; tail -50 "$work/server.log"; exit 1;
}
