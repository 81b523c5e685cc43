#!/usr/bin/env bash
# Telemetry benchmark: wrk posting batches of 100 events to Vigil on PostgreSQL, beside PostgreSQL's
# own ceiling for the same rows (a plain JDBC loop doing what Vigil's store does, and COPY of the
# events alone), alternating, in one run. Prints events/s of each (medians of the rounds) and the ratio.
#
#   modules/bench/telemetry-bench.sh            # from the repository root
#   BENCH_SECONDS=20 BENCH_ROUNDS=3 BENCH_CONNECTIONS=32 BENCH_WARMUP=60 BENCH_THREADS=8 BENCH_PG=127.0.0.1:5432 modules/bench/telemetry-bench.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${BENCH_SECONDS:-20}"
rounds="${BENCH_ROUNDS:-3}"
connections="${BENCH_CONNECTIONS:-32}"
warmup="${BENCH_WARMUP:-60}"
threads="${BENCH_THREADS:-8}"
pg="${BENCH_PG:-127.0.0.1:5432}"
port="${BENCH_PORT:-19580}"
schema="vigil_bench_telemetry"
admin_password="bench-admin-password"

BENCH_SERVER_ENV="VIGIL_LIMITS_TELEMETRY_MAX=1000000000"
# shellcheck source=lib/server.sh
source "$root/modules/bench/lib/server.sh"

app=$(curl -sf -u "admin:$admin_password" -H 'Content-Type: application/json' \
  -d "{\"name\": \"bench-$(date +%s)\"}" "$base/api/v1/admin/apps")
export BENCH_APP_KEY
BENCH_APP_KEY=$(printf '%s' "$app" | sed -E 's/.*"apiKey":"([^"]+)".*/\1/')

ceiling() { # mode -> RESULT line
  (cd "$root" && mvn -q -B -pl modules/bench exec:java -Dexec.mainClass=dev.vigil.bench.TelemetryCeilingBenchmark \
    -Dbench.pg.url="jdbc:postgresql://$pg/test" -Dbench.schema="$schema" -Dbench.mode="$1" \
    -Dbench.threads="$threads" -Dbench.seconds="$seconds" -Dstyle.color=never) | grep -o 'RESULT .*'
}

echo "bench: warm-up, ${warmup} s"
run telemetry.lua "$warmup" >/dev/null

vigil_results=()
insert_results=()
copy_results=()
for round in $(seq 1 "$rounds"); do
  v=$(run telemetry.lua "$seconds"); vigil_results+=("$v"); echo "round $round Vigil:  $v"
  i=$(ceiling insert); insert_results+=("$i"); echo "round $round insert: $i"
  c=$(ceiling copy); copy_results+=("$c"); echo "round $round copy:   $c"
done

vigil_rps=$(median rps "${vigil_results[@]}")
vigil_eps=$(awk -v r="$vigil_rps" 'BEGIN {printf "%.0f", r * 100}')
insert_eps=$(median events_per_s "${insert_results[@]}")
copy_eps=$(median events_per_s "${copy_results[@]}")
stored=$(psql -qtA -h "${pg%:*}" -p "${pg#*:}" -U postgres -d test -c "select count(*) from $schema.ingest_telemetry_event")
summed=$(psql -qtA -h "${pg%:*}" -p "${pg#*:}" -U postgres -d test -c "select coalesce(sum(samples), 0) from $schema.ingest_telemetry_minute")
echo
echo "| writer | events/s (median of $rounds) | batches/s | p50 ms | p99 ms | server CPU us/batch | PostgreSQL CPU us/batch |"
echo "|---|---:|---:|---:|---:|---:|---:|"
echo "| Vigil POST /api/v1/telemetry, 100 per batch, $connections connections | $vigil_eps | $vigil_rps |" \
  "$(median p50_ms "${vigil_results[@]}") | $(median p99_ms "${vigil_results[@]}") | $(median server_us "${vigil_results[@]}") |" \
  "$(median pg_us "${vigil_results[@]}") |"
echo "| JDBC loop, Vigil's statements, $threads connections | $insert_eps | | | | | |"
echo "| COPY of the events alone, $threads connections | $copy_eps | | | | | |"
echo
echo "ratio Vigil / JDBC loop: $(awk -v a="$vigil_eps" -v b="$insert_eps" 'BEGIN {printf "%.2f", a / b}')"
echo "ratio Vigil / COPY: $(awk -v a="$vigil_eps" -v b="$copy_eps" 'BEGIN {printf "%.2f", a / b}')"
echo "events stored: $stored, counted in the per-minute sums: $summed (every 202 is committed)"
