#!/usr/bin/env bash
# Limiter memory benchmark: GET /api/v1/ping before and after 250,000 webhook deliveries, each to a
# made-up source from an address of its own (every one a new rate-limit key), on one Vigil server
# on PostgreSQL, in one run. Prints ping's req/s, p50/p99 and CPU per request before and after
# (medians of the rounds) and how many keys the limiter tracks for the webhook policy.
#
#   modules/bench/limiter-keys-bench.sh      # from the repository root
#   BENCH_KEYS=250000 BENCH_SECONDS=20 BENCH_ROUNDS=3 BENCH_CONNECTIONS=32 BENCH_WARMUP=90 BENCH_SETTLE=30 \
#     modules/bench/limiter-keys-bench.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${BENCH_SECONDS:-20}"
rounds="${BENCH_ROUNDS:-3}"
connections="${BENCH_CONNECTIONS:-32}"
warmup="${BENCH_WARMUP:-90}"
settle="${BENCH_SETTLE:-30}"
pg="${BENCH_PG:-127.0.0.1:5432}"
port="${BENCH_PORT:-19580}"
export BENCH_KEYS="${BENCH_KEYS:-250000}"
export BENCH_KEY_THREADS=2
schema="vigil_bench_keys"
admin_password="bench-admin-password"

BENCH_SERVER_ENV="VIGIL_LIMITS_PING_MAX=1000000000
VIGIL_LIMITS_TRUSTED_PROXIES=127.0.0.1"
# shellcheck source=lib/server.sh
source "$root/modules/bench/lib/server.sh"

tracked() { # the webhook policy's tracked keys, from /metrics
  curl -sf "$base/metrics" | sed -nE 's/^vigil_ratelimit_tracked_keys\{[^}]*policy="webhook"[^}]*\} ([0-9.E+]+).*/\1/p' | head -1
}

echo "bench: warm-up, ${warmup} s of ping"
run ping.lua "$warmup" >/dev/null

before=()
for round in $(seq 1 "$rounds"); do
  p=$(run ping.lua "$seconds"); before+=("$p"); echo "round $round ping before: $p"
done

echo "bench: $BENCH_KEYS webhook deliveries to made-up sources, each from its own address"
flood=$(cd "$root/modules/bench/wrk" && wrk -t"$BENCH_KEY_THREADS" -c"$connections" -d600s --latency -s keys.lua "$base" | grep '^RESULT')
echo "flood: $flood"
keys=$(tracked)
# The flood left PostgreSQL 250,000 new rows to vacuum and checkpoint on the same two cores: ping for
# a while, unmeasured, so the rounds after compare the steady state with the keys held, as before.
echo "bench: settling, ${settle} s of ping"
run ping.lua "$settle" >/dev/null

after=()
for round in $(seq 1 "$rounds"); do
  p=$(run ping.lua "$seconds"); after+=("$p"); echo "round $round ping after:  $p"
done

echo
echo "| GET /api/v1/ping | req/s (median of $rounds) | p50 ms | p99 ms | server CPU us/req |"
echo "|---|---:|---:|---:|---:|"
echo "| before | $(median rps "${before[@]}") | $(median p50_ms "${before[@]}") | $(median p99_ms "${before[@]}") | $(median server_us "${before[@]}") |"
echo "| after $BENCH_KEYS keys | $(median rps "${after[@]}") | $(median p50_ms "${after[@]}") | $(median p99_ms "${after[@]}") | $(median server_us "${after[@]}") |"
echo
echo "ratio after/before req/s: $(awk -v a="$(median rps "${after[@]}")" -v b="$(median rps "${before[@]}")" 'BEGIN {printf "%.2f", a / b}')"
echo "webhook keys tracked after the flood: $keys (bound 100,000 per policy)"
