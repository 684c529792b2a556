#!/usr/bin/env bash
# Serves Partner Centre with demo data on http://127.0.0.1:3000 (PC_ADDR to change).
# With DATABASE_URL unset it runs on its own embedded PostgreSQL cluster in .data/.
# The demo sign-ins are written to demo-manifest.json (PC_DEMO_MANIFEST to change).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/partner-centre/target}"
export PATH="$HOME/.cargo/bin:$PATH"
profile=debug
if [[ "${1:-}" == "--release" ]]; then profile=release; cargo leptos build --release; else cargo leptos build; fi
exec "$CARGO_TARGET_DIR/$profile/partner_centre" serve --demo
