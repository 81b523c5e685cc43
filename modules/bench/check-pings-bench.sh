#!/usr/bin/env bash
# Job check pings benchmark: wrk sending success pings (GET /ping/<uuid>) to 1,000 distinct checks
# against Vigil on PostgreSQL, beside wrk on the same server's cheapest endpoint (GET /api/v1/ping),
# alternating, in one run. Prints pings/s, p50/p99, CPU per request and the ratio to the bare
# endpoint (medians of the rounds). Goal (issue: job health): >= 0.5 of the bare endpoint, p99 < 50 ms.
#
#   modules/bench/check-pings-bench.sh            # from the repository root
#   BENCH_SECONDS=20 BENCH_ROUNDS=3 BENCH_CONNECTIONS=32 BENCH_WARMUP=40 BENCH_CHECKS=1000 modules/bench/check-pings-bench.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${BENCH_SECONDS:-20}"
rounds="${BENCH_ROUNDS:-3}"
connections="${BENCH_CONNECTIONS:-32}"
warmup="${BENCH_WARMUP:-40}"
checks="${BENCH_CHECKS:-1000}"
pg="${BENCH_PG:-127.0.0.1:5432}"
port="${BENCH_PORT:-19590}"
schema="vigil_bench_checks"
admin_password="bench-admin-password"

BENCH_SERVER_ENV="VIGIL_LIMITS_PING_MAX=1000000000
VIGIL_OPS_CHECKS_PING_WRITERS=${BENCH_PING_WRITERS:-1}"
# shellcheck source=lib/server.sh
source "$root/modules/bench/lib/server.sh"

app=$(curl -sf -u "admin:$admin_password" -H 'Content-Type: application/json' \
  -d "{\"name\": \"bench-$(date +%s)\"}" "$base/api/v1/admin/apps")
app_id=$(printf '%s' "$app" | sed -E 's/.*"id":"([^"]+)".*/\1/')
export BENCH_CHECKS_FILE
BENCH_CHECKS_FILE=${BENCH_CHECKS_FILE_KEEP:-$(mktemp)}
[ -z "${BENCH_KEEP:-}" ] && trap 'rm -f "$BENCH_CHECKS_FILE"; cleanup' EXIT
echo "bench: creating $checks checks through the admin API"
for i in $(seq 1 "$checks"); do
  created=$(curl -sf -u "admin:$admin_password" -H 'Content-Type: application/json' \
    -d "{\"app\": \"$app_id\", \"name\": \"bench $i\", \"timeout\": 3600, \"grace\": 3600}" \
    "$base/api/v1/admin/checks")
  printf '%s\n' "$created" | sed -E 's/.*"uuid":"([^"]+)".*/\1/' >> "$BENCH_CHECKS_FILE"
done

echo "bench: warm-up, ${warmup} s of each"
run ping.lua "$warmup" >/dev/null
run check-pings.lua "$warmup" >/dev/null

ping_results=()
check_results=()
for round in $(seq 1 "$rounds"); do
  p=$(run ping.lua "$seconds"); ping_results+=("$p"); echo "round $round GET /api/v1/ping: $p"
  c=$(run check-pings.lua "$seconds"); check_results+=("$c"); echo "round $round check pings:     $c"
done

ping_rps=$(median rps "${ping_results[@]}")
check_rps=$(median rps "${check_results[@]}")
stored=$(psql -qtA -h "${pg%:*}" -p "${pg#*:}" -U postgres -d test -c "select sum(n_pings) from $schema.ops_check")
echo
echo "| endpoint | req/s (median of $rounds) | p50 ms | p99 ms | server CPU us/req | PostgreSQL CPU us/req |"
echo "|---|---:|---:|---:|---:|---:|"
for endpoint in ping checks; do
  if [ "$endpoint" = ping ]; then results=("${ping_results[@]}"); name="GET /api/v1/ping"; else results=("${check_results[@]}"); name="GET /ping/<uuid> ($checks checks)"; fi
  echo "| $name | $(median rps "${results[@]}") | $(median p50_ms "${results[@]}") | $(median p99_ms "${results[@]}") |" \
    "$(median server_us "${results[@]}") | $(median pg_us "${results[@]}") |"
done
echo
echo "ratio check pings/bare ping: $(awk -v a="$check_rps" -v b="$ping_rps" 'BEGIN {printf "%.2f", a / b}')"
echo "pings counted on the checks: $stored (every OK is a committed ping)"
