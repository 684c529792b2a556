# Sourced by the benchmark scripts: wrk's figures (requests/s, p50/p99 in ms) and one printed
# row per measurement, next to the static floor (set static_rps/static_p99 once measured).
# Needs $connections and $duration.
rps() { grep 'Requests/sec' <<<"$1" | awk '{print $2}'; }
ms() { # the percentile line of wrk --latency, in ms
  grep -E "^\s+$2%" <<<"$1" | awk '{v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.1f", v}'
}
static_rps=1; static_p99=1
row() { # label, wrk output, target text
  local r p50 p99
  r=$(rps "$2"); p50=$(ms "$2" 50); p99=$(ms "$2" 99)
  grep -q 'Non-2xx' <<<"$2" && { echo "$1 answered errors:"; echo "$2"; exit 1; }
  printf '%-52s %9s req/s %6.1f%% of static   p50 %7s ms   p99 %7s ms (%5.1f× static)   %s\n' \
    "$1" "$r" "$(awk "BEGIN{print 100*$r/$static_rps}")" "$p50" "$p99" \
    "$(awk "BEGIN{print $p99/$static_p99}")" "${3:-}"
}
load() { wrk -t1 -c"$connections" -d"${duration}s" --latency "$@"; }
