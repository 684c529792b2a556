#!/usr/bin/env bash
# Runs every test: formatting and lints, unit and integration tests (a fresh PostgreSQL database
# per test), then the browser journeys against a freshly started server with demo data.
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

say "unit and integration tests"
DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}" \
  cargo test --features ssr

say "browser journeys"
cargo leptos build
work=$(mktemp -d /tmp/partner-centre-e2e.XXXXXX)
chmod 755 "$work"
port=${E2E_PORT:-3917}
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# A fresh embedded cluster of its own: the journeys also prove the default start-up path.
env -u DATABASE_URL PC_DATA_DIR="$work/data" PC_EMBEDDED_PG_PORT=${E2E_PG_PORT:-54391} \
  PC_ADDR="127.0.0.1:$port" PC_DEMO_MANIFEST="$work/manifest.json" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/debug/partner_centre" serve --demo >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 1
done
(cd end2end && BASE_URL="http://127.0.0.1:$port" PC_DEMO_MANIFEST="$work/manifest.json" npm test) || {
  echo "--- server log ---"; tail -50 "$work/server.log"; exit 1;
}
