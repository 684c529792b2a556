# Sourced by test.sh and bench.sh: starts the built server (profile $1) on port $2 with its own
# fresh embedded PostgreSQL cluster (port $3) and demo data, in a temporary folder; waits until it
# answers. Sets `work` (the folder, with manifest.json and server.log) and `base` (its URL), and
# stops the server and removes the folder when the calling script exits.
start_fresh_server() {
  local profile=$1 port=$2 pg_port=$3
  work=$(mktemp -d /tmp/partner-centre.XXXXXX)
  chmod 755 "$work" # the cluster's user must reach it
  base="http://127.0.0.1:$port"
  env -u DATABASE_URL PC_DATA_DIR="$work/data" PC_EMBEDDED_PG_PORT="$pg_port" \
    PC_ADDR="127.0.0.1:$port" PC_DEMO_MANIFEST="$work/manifest.json" RUST_LOG=warn \
    "$CARGO_TARGET_DIR/$profile/partner_centre" serve --demo >"$work/server.log" 2>&1 &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
  for _ in $(seq 1 120); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 1
  done
  echo "the server did not start:" >&2
  cat "$work/server.log" >&2
  return 1
}
