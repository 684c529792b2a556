#!/usr/bin/env bash
# Installs, when missing, what Partner Centre needs to build and serve; with --test also what its
# tests need (Debian's chromium, the end2end npm packages). Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=false
[[ "${1:-}" == "--test" ]] && with_tests=true

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/partner-centre/target}"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

apt_updated=false
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [[ ${#missing[@]} -eq 0 ]] && return
  say "installing ${missing[*]} (apt)"
  if ! $apt_updated; then as_root apt-get update -qq; apt_updated=true; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

command -v cargo >/dev/null || { echo "Rust is needed: https://rustup.rs" >&2; exit 1; }

# PostgreSQL binaries for the embedded default database (initdb, pg_ctl).
if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt_install postgresql
fi
# wasm-opt for release builds of the browser bundle.
command -v wasm-opt >/dev/null || apt_install binaryen

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
  say "installing cargo-leptos 0.3.10 (about 15 minutes on 2 cores)"
  cargo install cargo-leptos --version 0.3.10 --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen of Cargo.lock exactly.
wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$wbg"; then
  say "installing wasm-bindgen-cli $wbg"
  cargo install wasm-bindgen-cli --version "$wbg"
fi

if $with_tests; then
  # Every test runs under cargo-nextest, which stops a stuck test (.config/nextest.toml).
  cargo nextest --version >/dev/null 2>&1 || {
    say "installing cargo-nextest"
    cargo install cargo-nextest --locked
  }
  # sqlx-cli checks that `.sqlx/` matches the SQL in the code; it must match sqlx in Cargo.lock.
  sqlx_version=$(awk '/^name = "sqlx"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if ! cargo sqlx --version 2>/dev/null | grep -q "$sqlx_version"; then
    say "installing sqlx-cli $sqlx_version"
    cargo install sqlx-cli --version "$sqlx_version" --no-default-features --features postgres,rustls --locked
  fi
  command -v chromium >/dev/null || apt_install chromium
  command -v npm >/dev/null || apt_install nodejs npm
  # The official SDK's tests run in a virtual environment (tests/sdk/run.sh).
  python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
  if [[ ! -d end2end/node_modules/playwright-core ]]; then
    say "installing the end2end npm packages"
    (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
