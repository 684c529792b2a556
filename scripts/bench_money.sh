#!/usr/bin/env bash
# The money part of scripts/bench.sh (sourced values: row, load, rps, ms, static figures are
# recomputed here from the arguments): allocations per second to distinct customers through the
# portal's server function and the signed API, issuing to 100 customers in one call against 10
# single issues, and a mixed load of allocations, reclaims and issues.
# Usage: bench_money.sh BASE PG PARTNER_COOKIE OPERATOR_COOKIE WORK PYTHON
set -euo pipefail
base=$1 pg=$2 cookie=$3 operator=$4 work=$5 py=$6
duration=${BENCH_SECONDS:-15}
connections=${BENCH_CONNECTIONS:-32}
partner=00000000-0000-4000-8000-000000100000

# The operator funds the partner and grants it a cash-coupon quota, as in the console.
op() { curl -fs -o /dev/null -H 'Accept: application/json' -H "Cookie: $operator" --data "$2" "$base/api/$1"; }
op top_up_partner "partner=$partner&amount=10000000&remark=bench"
from=$(date -u -d '-1 day' +%F); until=$(date -u -d '+60 days' +%F)
op grant_quota "form%5Bpartner%5D=$partner&form%5Bkind%5D=cash&form%5Bamount%5D=10000000&form%5Bvalid_from%5D=$from&form%5Bvalid_until%5D=$until"
quota=$(psql -tA "$pg" -c "select id from coupon_quotas where partner_id = '$partner'")
# Resale customers, shuffled so that neighbouring requests share nothing.
psql -tA "$pg" -c "select customer_id from associations where partner_id = '$partner' and mode = 'resale'
                   order by md5(customer_id::text)" >"$work/resale.txt"

floor=$(wrk -t1 -c"$connections" -d"${duration}s" --latency "$base/pkg/partner_centre.css")
static_rps=$(grep 'Requests/sec' <<<"$floor" | awk '{print $2}')
pct() { grep -E "^\s+$2%" <<<"$1" | awk '{v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.1f", v}'; }
money_row() { # label, wrk output, target
  local r refused
  r=$(grep 'Requests/sec' <<<"$2" | awk '{print $2}')
  refused=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' <<<"$2" | awk '{print $NF}' || true)
  printf '%-52s %9s req/s %6.1f%% of static   p50 %7s ms   p99 %7s ms   refused %s   %s\n' \
    "$1" "$r" "$(awk "BEGIN{print 100*$r/$static_rps}")" "$(pct "$2" 50)" "$(pct "$2" 99)" "${refused:-0}" "${3:-}"
}
echo "money, on the 100,000-customer partner (static file in this run: $static_rps req/s):"

cat >"$work/allocate.lua" <<LUA
local ids = {}
for line in io.lines("$work/resale.txt") do ids[#ids + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/api/move_customer_funds", {
    ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json",
    ["Cookie"] = "$cookie" }, "direction=allocate&amount=0.01&customer=" .. ids[(n % #ids) + 1])
end
LUA
money_row "allocations, server function, distinct customers" \
  "$(wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$work/allocate.lua" "$base")" "target ≥ 10% of static"

# The same through the signed API: requests pre-signed by the SDK, one customer each.
ak_sk=$(curl -fs -H 'Accept: application/json' -H "Cookie: $cookie" --data "description=bench" "$base/api/create_access_key" >/dev/null;
  curl -fs -H 'Accept: application/json' -H "Cookie: $cookie" -X POST "$base/api/my_credentials")
ak=$("$py" -c 'import json,sys; print(json.load(sys.stdin)["new_secret"][0])' <<<"$ak_sk" 2>/dev/null || true)
sk=$("$py" -c 'import json,sys; print(json.load(sys.stdin)["new_secret"][1])' <<<"$ak_sk" 2>/dev/null || true)
if [[ -n "$ak" && -n "$sk" ]]; then
  tail -n 30000 "$work/resale.txt" >"$work/api-ids.txt"
  "$py" tests/sdk/sign_many_for_wrk.py "$base" "$partner" "$ak" "$sk" \
    /v2/accounts/partner-accounts/adjust-amount "$work/api-ids.txt" 0.01 >"$work/signed.tsv"
  cat >"$work/api-allocate.lua" <<LUA
local lines = {}
for line in io.lines("$work/signed.tsv") do lines[#lines + 1] = line end
local n = 0
request = function()
  n = n + 1
  local body, auth, date, domain = lines[(n % #lines) + 1]:match("([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)")
  return wrk.format("POST", "/v2/accounts/partner-accounts/adjust-amount", {
    ["Content-Type"] = "application/json", ["Authorization"] = auth, ["X-Sdk-Date"] = date,
    ["X-Domain-Id"] = domain }, body)
end
LUA
  money_row "allocations, signed API, distinct customers" \
    "$(wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$work/api-allocate.lua" "$base")" "target ≥ 10% of static"
else
  echo "  (no access key could be made for the API allocations; skipped)"
fi

# Issuing to 100 customers in one call against 10 single issues, sequentially, keep-alive.
"$py" - "$base" "$cookie" "$quota" "$work/resale.txt" <<'PY'
import sys, time, requests
base, cookie, quota, ids_file = sys.argv[1:5]
ids = [l.strip() for l in open(ids_file)]
s = requests.Session()
s.headers.update({"Cookie": cookie, "Accept": "application/json"})
def issue(customers):
    form = {"form[quota]": quota, "form[face_value]": "0.01"}
    form.update({f"form[customers][{i}]": c for i, c in enumerate(customers)})
    r = s.post(f"{base}/api/issue_coupons", data=form, allow_redirects=False)
    assert r.status_code < 400, r.text
rounds = 20
issue(ids[-1:])  # warm up
t = time.perf_counter()
for k in range(rounds):
    issue(ids[k * 100:(k + 1) * 100])
batch = (time.perf_counter() - t) / rounds * 1000
t = time.perf_counter()
for k in range(rounds):
    for j in range(10):
        issue([ids[5000 + k * 10 + j]])
singles = (time.perf_counter() - t) / rounds * 1000
print(f"{'issue coupons: one call to 100 customers':<52} {batch:8.1f} ms   10 single issues {singles:8.1f} ms"
      f"   ratio {batch / singles:4.2f}   target ≤ 1.00")
PY

# A mixed load: allocations, reclaims (from customers funded earlier in the run) and issues.
cat >"$work/mixed.lua" <<LUA
local ids = {}
for line in io.lines("$work/resale.txt") do ids[#ids + 1] = line end
local n = 0
local form = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json",
               ["Cookie"] = "$cookie" }
request = function()
  n = n + 1
  local k = n % 3
  if k == 0 then
    return wrk.format("POST", "/api/move_customer_funds", form, "direction=allocate&amount=0.02&customer=" .. ids[(n % #ids) + 1])
  elseif k == 1 and n > 300 then
    return wrk.format("POST", "/api/move_customer_funds", form, "direction=reclaim&amount=0.01&customer=" .. ids[((n - 298) % #ids) + 1])
  else
    return wrk.format("POST", "/api/issue_coupons", form, "form[quota]=$quota&form[face_value]=0.01&form[customers][0]=" .. ids[(n % #ids) + 1])
  end
end
LUA
money_row "mixed: allocate, reclaim, issue (1:1:1)" \
  "$(wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$work/mixed.lua" "$base")"
