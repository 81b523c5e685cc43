#!/usr/bin/env bash
# Intake benchmark: wrk posting ~2 KB issue reports (distinct clientReportIds) against Vigil on
# PostgreSQL, beside wrk on the same server's cheapest endpoint (GET /api/v1/ping), alternating,
# in one run. Prints reports/s, p50/p99 and the ratio to the bare endpoint (medians of the rounds).
#
#   modules/bench/intake-bench.sh            # from the repository root
#   BENCH_SECONDS=20 BENCH_ROUNDS=3 BENCH_CONNECTIONS=32 BENCH_WARMUP=60 BENCH_PG=127.0.0.1:5432 modules/bench/intake-bench.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${BENCH_SECONDS:-20}"
rounds="${BENCH_ROUNDS:-3}"
connections="${BENCH_CONNECTIONS:-32}"
warmup="${BENCH_WARMUP:-60}"
pg="${BENCH_PG:-127.0.0.1:5432}"
port="${BENCH_PORT:-19580}"
schema="vigil_bench_intake"
admin_password="bench-admin-password"

BENCH_SERVER_ENV="VIGIL_LIMITS_PING_MAX=1000000000
VIGIL_LIMITS_ISSUES_MAX=1000000000"
# shellcheck source=lib/server.sh
source "$root/modules/bench/lib/server.sh"

app=$(curl -sf -u "admin:$admin_password" -H 'Content-Type: application/json' \
  -d "{\"name\": \"bench-$(date +%s)\"}" "$base/api/v1/admin/apps")
export BENCH_APP_KEY
BENCH_APP_KEY=$(printf '%s' "$app" | sed -E 's/.*"apiKey":"([^"]+)".*/\1/')

# The JIT needs about a minute of reports before their rate settles (measured: 10 s of warm-up
# left the first rounds at half the steady rate); ping settles sooner.
echo "bench: warm-up, ${warmup} s of each"
run ping.lua "$warmup" >/dev/null
run report.lua "$warmup" >/dev/null

ping_results=()
report_results=()
for round in $(seq 1 "$rounds"); do
  p=$(run ping.lua "$seconds"); ping_results+=("$p"); echo "round $round ping:    $p"
  r=$(run report.lua "$seconds"); report_results+=("$r"); echo "round $round reports: $r"
done

ping_rps=$(median rps "${ping_results[@]}")
report_rps=$(median rps "${report_results[@]}")
stored=$(psql -qtA -h "${pg%:*}" -p "${pg#*:}" -U postgres -d test -c "select count(*) from $schema.intake_report")
echo
echo "| endpoint | req/s (median of $rounds) | p50 ms | p99 ms | server CPU us/req | PostgreSQL CPU us/req |"
echo "|---|---:|---:|---:|---:|---:|"
for endpoint in ping reports; do
  if [ "$endpoint" = ping ]; then results=("${ping_results[@]}"); name="GET /api/v1/ping"; else results=("${report_results[@]}"); name="POST /api/v1/issues (~2 KB)"; fi
  echo "| $name | $(median rps "${results[@]}") | $(median p50_ms "${results[@]}") | $(median p99_ms "${results[@]}") |" \
    "$(median server_us "${results[@]}") | $(median pg_us "${results[@]}") |"
done
echo
echo "ratio reports/ping: $(awk -v a="$report_rps" -v b="$ping_rps" 'BEGIN {printf "%.2f", a / b}')"
echo "reports stored: $stored (every 2xx is a committed report)"
