#!/usr/bin/env bash
# A/B benchmark in one sitting: two builds of Vigil (git revisions) side by side, each its own
# Liberty server on its own PostgreSQL schema, measured in alternating rounds so both meet the same
# machine: GET /api/v1/ping, POST /api/v1/issues (~2 KB reports, app key), GET /api/v1/admin/jobs
# (admin, HTTP Basic). Prints each round and the medians, with CPU per request.
#
#   modules/bench/ab-bench.sh <before-rev> <after-rev>     # from the repository root
#   BENCH_SECONDS=15 BENCH_ROUNDS=5 BENCH_CONNECTIONS=32 BENCH_WARMUP=60 modules/bench/ab-bench.sh 77db86b HEAD
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
before_rev="${1:?before revision}"
after_rev="${2:?after revision}"
seconds="${BENCH_SECONDS:-15}"
rounds="${BENCH_ROUNDS:-5}"
connections="${BENCH_CONNECTIONS:-32}"
warmup="${BENCH_WARMUP:-60}"
pg="${BENCH_PG:-127.0.0.1:5432}"
admin_password="bench-admin-password"
work="${BENCH_WORK:-/tmp/vigil-ab-bench}"

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk (Debian package)"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
psql_() { psql -q -h "${pg%:*}" -p "${pg#*:}" -U postgres -d test "$@"; }

declare -A dir port pid
cleanup() {
  for side in before after; do
    [ -n "${dir[$side]:-}" ] && "${dir[$side]}/modules/web/target/liberty/wlp/bin/server" stop "vigil-ab-$side" >/dev/null 2>&1 || true
    psql_ -c "drop schema if exists vigil_ab_$side cascade" >/dev/null 2>&1 || true
    [ -n "${dir[$side]:-}" ] && git -C "$root" worktree remove --force "${dir[$side]}" >/dev/null 2>&1 || true
  done
  git -C "$root" worktree prune >/dev/null 2>&1 || true
}
trap cleanup EXIT

mkdir -p "$work"
port[before]=19680
port[after]=19690
for side in before after; do
  rev=$([ "$side" = before ] && echo "$before_rev" || echo "$after_rev")
  dir[$side]="$work/$side"
  rm -rf "${dir[$side]}"
  git -C "$root" worktree prune
  git -C "$root" worktree add -f --detach "${dir[$side]}" "$rev" >/dev/null
  echo "bench: building $side ($(git -C "${dir[$side]}" log --oneline -1))"
  (cd "${dir[$side]}" && mvn -q -B -DskipTests install)
  wlp="${dir[$side]}/modules/web/target/liberty/wlp"
  server_dir="$wlp/usr/servers/vigil-ab-$side"
  rm -rf "$server_dir"
  cp -a "$wlp/usr/servers/vigil" "$server_dir"
  rm -rf "$server_dir/logs" "$server_dir/workarea" "$server_dir/data"
  grep -v '^VIGIL_' "$wlp/usr/servers/vigil/server.env" > "$server_dir/server.env" 2>/dev/null || true
  psql_ -c "drop schema if exists vigil_ab_$side cascade; create schema vigil_ab_$side"
  cat >> "$server_dir/server.env" <<ENV
VIGIL_DB_URL=jdbc:postgresql://$pg/test?currentSchema=vigil_ab_$side
VIGIL_DB_USER=postgres
VIGIL_DB_PASSWORD=postgres
VIGIL_DB_POOL_MAX=40
VIGIL_HTTP_PORT=${port[$side]}
VIGIL_HTTPS_PORT=$((port[$side] + 1))
VIGIL_BOOTSTRAP_ADMIN_PASSWORD=$admin_password
VIGIL_LIMITS_PING_MAX=1000000000
VIGIL_LIMITS_ISSUES_MAX=1000000000
ENV
  "$wlp/bin/server" start "vigil-ab-$side" >/dev/null
done

declare -A key
for side in before after; do
  base="http://127.0.0.1:${port[$side]}"
  for _ in $(seq 1 120); do curl -sf "$base/health/ready" >/dev/null 2>&1 && break; sleep 1; done
  curl -sf "$base/health/ready" >/dev/null
  pid[$side]=$(cat "${dir[$side]}/modules/web/target/liberty/wlp/usr/servers/.pid/vigil-ab-$side.pid")
  app=$(curl -sf -u "admin:$admin_password" -H 'Content-Type: application/json' \
    -d "{\"name\": \"bench-$side-$(date +%s)\"}" "$base/api/v1/admin/apps")
  key[$side]=$(printf '%s' "$app" | sed -E 's/.*"apiKey":"([^"]+)".*/\1/')
done
export BENCH_ADMIN_BASIC
BENCH_ADMIN_BASIC=$(printf 'admin:%s' "$admin_password" | base64 -w0)

ticks_per_s=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() { # side script seconds -> RESULT line with server_us per request
  local side="$1" script="$2" secs="$3" before out requests
  before=$(cpu_ticks "${pid[$side]}")
  out=$(cd "$root/modules/bench/wrk" && BENCH_APP_KEY="${key[$side]}" wrk -t2 -c"$connections" -d"${secs}s" \
    --latency -s "$script" "http://127.0.0.1:${port[$side]}" | grep '^RESULT')
  requests=$(printf '%s' "$out" | sed -E 's/.*requests=([0-9]+).*/\1/')
  requests=$(( requests > 0 ? requests : 1 ))
  echo "$out server_us=$(( ( $(cpu_ticks "${pid[$side]}") - before ) * 1000000 / ticks_per_s / requests ))"
}
median() { # field, then RESULT lines
  local field="$1"; shift
  printf '%s\n' "$@" | sed -E "s/.*$field=([0-9.]+).*/\1/" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

echo "bench: warm-up, ${warmup} s of each endpoint on each server"
for side in before after; do
  for script in ping.lua report.lua admin-jobs.lua; do run "$side" "$script" "$warmup" >/dev/null; done
done

declare -A results
for round in $(seq 1 "$rounds"); do
  for script in ping.lua report.lua admin-jobs.lua; do
    for side in before after; do
      r=$(run "$side" "$script" "$seconds")
      results[$side.$script]+="$r"$'\n'
      echo "round $round $side $script: $r"
    done
  done
done

echo
echo "| endpoint | build | req/s (median of $rounds) | p50 ms | p99 ms | server CPU us/req |"
echo "|---|---|---:|---:|---:|---:|"
for script in ping.lua report.lua admin-jobs.lua; do
  for side in before after; do
    mapfile -t lines < <(printf '%s' "${results[$side.$script]}")
    echo "| $script | $side | $(median rps "${lines[@]}") | $(median p50_ms "${lines[@]}") | $(median p99_ms "${lines[@]}") | $(median server_us "${lines[@]}") |"
  done
done
