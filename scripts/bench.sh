#!/usr/bin/env bash
# Measures the release server under load from a second process (wrk) on this machine:
#   1. SSR of the Partner Centre home page for a signed-in partner, next to a static asset;
#   2. sign-ins per second (argon2id-bound), and the home page's latency while sign-ins run;
#   3. the API's list_sub_customers (limit 100), signed by the official SDK, next to the portal's
#      list_customers server function for the same partner;
#   4. Sales › Customers of a partner with 100,000 customers: first page, a substring search,
#      a filtered page and the last page of the bounded paging.
# Prints the figures; copy them into the README's "Measured" table.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
command -v wrk >/dev/null || { sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd=sudo; $sudo_cmd apt-get update -qq; $sudo_cmd apt-get install -y -qq wrk >/dev/null; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/partner-centre/target}"
export PATH="$HOME/.cargo/bin:$PATH"
duration=${BENCH_SECONDS:-15}
connections=${BENCH_CONNECTIONS:-32}

cargo leptos build --release
sdk_venv=$(tests/sdk/venv.sh)
# The API's per-key rate limit would otherwise answer most of the load with 429.
export PC_API_RATE_PER_SECOND=1000000
source scripts/fresh-server.sh
start_fresh_server release "${BENCH_PORT:-3950}" "${BENCH_PG_PORT:-54395}"

# Server functions have stable URLs (`endpoint = ...`): the sign-in form posts here.
signin_path=/api/sign_in_partner
body="account_name=yunfan-tech&password=Partner%232026demo"
cookie=$(curl -fs -o /dev/null -D - -H 'Accept: application/json' -H "Origin: $base" \
  --data "$body" "$base$signin_path" | grep -i '^set-cookie: pc_session=' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//')
[[ -n "$cookie" ]] || { echo "sign-in failed"; tail "$work/server.log"; exit 1; }

summary() { # label, wrk output
  local rps p50 p99
  rps=$(grep 'Requests/sec' <<<"$2" | awk '{print $2}')
  p50=$(grep -E '^\s+50%' <<<"$2" | awk '{print $2}')
  p99=$(grep -E '^\s+99%' <<<"$2" | awk '{print $2}')
  printf '%-44s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99"
}

echo "machine: $(nproc) cores; wrk -t1 -c$connections -d${duration}s from a second process"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base/partner")
[[ "$status" == 200 ]] || { echo "home page answered $status"; exit 1; }
ssr=$(wrk -t1 -c"$connections" -d"${duration}s" --latency -H "Cookie: $cookie" "$base/partner")
static=$(wrk -t1 -c"$connections" -d"${duration}s" --latency "$base/pkg/partner_centre.css")
summary "SSR /partner (signed in, 3 queries)" "$ssr"
summary "static /pkg/partner_centre.css" "$static"

cat >"$work/signin.lua" <<LUA
wrk.method = "POST"
wrk.body = "$body"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
LUA
signins=$(wrk -t1 -c8 -d"${duration}s" --latency -s "$work/signin.lua" "$base$signin_path" &
  sleep 2
  wrk -t1 -c"$connections" -d"$((duration - 4))s" --latency -H "Cookie: $cookie" "$base/partner" >"$work/during.txt"
  wait)
summary "sign-ins (argon2id m=19MiB t=2 p=1)" "$signins"
summary "SSR /partner while sign-ins run" "$(cat "$work/during.txt")"

# 3. The API next to the portal's server function, same partner (yunfan-tech, ~70 customers).
"$sdk_venv/bin/python" tests/sdk/sign_for_wrk.py "$base" "$work/manifest.json" yunfan-tech \
  /v2/partners/sub-customers/query '{"offset": 0, "limit": 100}' >"$work/api.lua"
api=$(wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$work/api.lua" "$base/v2/partners/sub-customers/query")
grep -q 'Non-2xx' <<<"$api" && { echo "the API answered errors:"; echo "$api"; exit 1; }
summary "API list_sub_customers (signed, limit 100)" "$api"
cat >"$work/fn.lua" <<LUA
wrk.method = "POST"
wrk.body = "filter[page]=1"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Cookie"] = "$cookie"
LUA
portal=$(wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$work/fn.lua" "$base/api/list_customers")
grep -q 'Non-2xx' <<<"$portal" && { echo "the server function answered errors:"; echo "$portal"; exit 1; }
summary "server fn list_customers (session, 20 a page)" "$portal"

# 4. A partner with 100,000 customers, loaded straight into the server's database.
pg="postgres://postgres@127.0.0.1:${BENCH_PG_PORT:-54395}/partner_centre"
psql -q "$pg" <<SQL
insert into partners (id, account_name, display_name, partner_type, password_hash)
select '00000000-0000-4000-8000-000000100000', 'bench-100k', 'Bench 100k', 'solution_provider', password_hash
  from partners where account_name = 'yunfan-tech';
insert into customers (id, account_name, display_name, kind, password_hash, registered_at)
select md5('bench-customer' || i)::uuid, 'bench-' || substr(md5(i::text), 1, 8) || '-' || i,
       'Bench customer ' || i, case when i % 2 = 0 then 'enterprise' else 'individual' end, 'x',
       now() - (i || ' minutes')::interval - interval '1 day'
  from generate_series(1, 100000) i;
insert into associations (id, customer_id, partner_id, mode, associated_at)
select md5('bench-association' || i)::uuid, md5('bench-customer' || i)::uuid,
       '00000000-0000-4000-8000-000000100000', case when i % 3 = 0 then 'consulting' else 'resale' end,
       now() - (i || ' minutes')::interval
  from generate_series(1, 100000) i;
analyze customers; analyze associations;
SQL
big=$(curl -fs -o /dev/null -D - -H 'Accept: application/json' -H "Origin: $base" \
  --data "account_name=bench-100k&password=Partner%232026demo" "$base$signin_path" | grep -i '^set-cookie: pc_session=' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//')
[[ -n "$big" ]] || { echo "sign-in of bench-100k failed"; exit 1; }
echo "partner with 100,000 customers, Sales › Customers (SSR, signed in):"
for query in "" "q=ab12" "mode=consulting&kind=enterprise&from=2026-01-01" "page=500"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $big" "$base/partner/customers?$query")
  [[ "$status" == 200 ]] || { echo "customers?$query answered $status"; exit 1; }
  out=$(wrk -t1 -c"$connections" -d"${duration}s" --latency -H "Cookie: $big" "$base/partner/customers?$query")
  summary "  /partner/customers?${query:-(first page)}" "$out"
done
