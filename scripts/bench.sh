#!/usr/bin/env bash
# Measures the release server under load from a second process (wrk) on this machine, every
# figure next to the same server's static asset in the same run (this machine's speed varies by
# a third from run to run, so only ratios compare across runs):
#   1. the floor: a static file, and a signed-in SSR page (/partner);
#   2. sign-ins per second (argon2id-bound), and the home page while they run;
#   3. the API's list_sub_customers (limit 100), signed by the official SDK, and the portal's
#      list_customers server function for the same partner;
#   4. Sales › Customers of a partner with 100,000 customers: every filter, combinations, the
#      sort orders and the deepest reachable page;
#   5. money: allocations to distinct customers per second (server function and signed API),
#      issuing coupons to 100 customers in one call against 10 single issues, and a mixed load.
# Prints the figures with their targets; copy them into the README's "Measured" section.
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
py="$sdk_venv/bin/python"
# The API's per-key rate limit would otherwise answer most of the load with 429.
export PC_API_RATE_PER_SECOND=1000000
source scripts/fresh-server.sh
start_fresh_server release "${BENCH_PORT:-3950}" "${BENCH_PG_PORT:-54395}"
pg="postgres://postgres@127.0.0.1:${BENCH_PG_PORT:-54395}/partner_centre"

sign_in() { # path, form body → the session cookie
  curl -fs -o /dev/null -D - -H 'Accept: application/json' -H "Origin: $base" --data "$2" "$base$1" |
    grep -i '^set-cookie: pc_session=' | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//'
}
cookie=$(sign_in /api/sign_in_partner "account_name=yunfan-tech&password=Partner%232026demo")
[[ -n "$cookie" ]] || { echo "sign-in failed"; tail "$work/server.log"; exit 1; }
operator=$(sign_in /api/sign_in_operator "account_name=operator&password=Operator%232026demo")

source scripts/wrk_figures.sh

echo "machine: $(nproc) cores; wrk -t1 -c$connections -d${duration}s from a second process; $(date -u +%FT%TZ)"
static=$(load "$base/pkg/partner_centre.css")
static_rps=$(rps "$static"); static_p99=$(ms "$static" 99)
row "static /pkg/partner_centre.css (the floor)" "$static"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base/partner")
[[ "$status" == 200 ]] || { echo "home page answered $status"; exit 1; }
row "SSR /partner (signed in)" "$(load -H "Cookie: $cookie" "$base/partner")" "target ≥ 25% of static"

# 2. Sign-ins while the home page is loaded.
cat >"$work/signin.lua" <<LUA
wrk.method = "POST"
wrk.body = "account_name=yunfan-tech&password=Partner%232026demo"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
LUA
signins=$(wrk -t1 -c8 -d"${duration}s" --latency -s "$work/signin.lua" "$base/api/sign_in_partner" &
  sleep 2
  load -d"$((duration - 4))s" -H "Cookie: $cookie" "$base/partner" >"$work/during.txt"
  wait)
# Sign-ins from one address are throttled (30 attempts per 15 minutes): the refused ones are
# answered at once with 429 and counted, not hashed.
printf '%-52s %9s req/s   p50 %7s ms   p99 %7s ms   refused %s (throttled)\n' \
  "sign-ins (argon2id m=19MiB t=2 p=1), 8 connections" "$(rps "$signins")" "$(ms "$signins" 50)" \
  "$(ms "$signins" 99)" "$(grep -o 'Non-2xx or 3xx responses: [0-9]*' <<<"$signins" | awk '{print $NF}' || true)"
row "SSR /partner while those sign-ins run" "$(cat "$work/during.txt")"

# 3. The API next to the portal's server function, same partner (yunfan-tech, ~70 customers).
"$py" tests/sdk/sign_for_wrk.py "$base" "$work/manifest.json" yunfan-tech \
  /v2/partners/sub-customers/query '{"offset": 0, "limit": 100}' >"$work/api.lua"
row "API list_sub_customers (signed, limit 100)" \
  "$(load -s "$work/api.lua" "$base/v2/partners/sub-customers/query")" \
  "target ≥ 25% of static, p99 ≤ 3× static"
cat >"$work/fn.lua" <<LUA
wrk.method = "POST"
wrk.body = "filter[page]=1"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Cookie"] = "$cookie"
LUA
row "server fn list_customers (session, 20 a page)" "$(load -s "$work/fn.lua" "$base/api/list_customers")"

# 4. A partner with 100,000 customers, loaded straight into the server's database.
scripts/bench_data.sh "$pg"
big=$(sign_in /api/sign_in_partner "account_name=bench-100k&password=Partner%232026demo")
[[ -n "$big" ]] || { echo "sign-in of bench-100k failed"; exit 1; }
manager=$(psql -tA "$pg" -c "select id from members where user_name = 'bench.manager'")
echo "partner with 100,000 customers, Sales › Customers (SSR, signed in; target ≥ 5% of static each):"
for query in "" "q=ab12" "q=bench-00000042-42" "mode=consulting" "kind=enterprise" "manager=$manager" \
  "from=2026-01-01&to=2026-06-30" "mode=resale&kind=individual" "mode=consulting&kind=enterprise&from=2026-01-01" \
  "mode=resale&kind=enterprise&manager=$manager&from=2025-01-01" "sort=name" "sort=oldest" \
  "last=1" "sort=name&last=1" "mode=resale&kind=enterprise&last=1"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $big" "$base/partner/customers?$query")
  [[ "$status" == 200 ]] || { echo "customers?$query answered $status"; exit 1; }
  row "  ?${query:-(first page)}" "$(load -H "Cookie: $big" "$base/partner/customers?$query")"
done

# 5. Money, on the 100,000-customer partner: distinct customers per request.
scripts/bench_money.sh "$base" "$pg" "$big" "$operator" "$work" "$py"
