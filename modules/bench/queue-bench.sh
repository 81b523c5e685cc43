#!/usr/bin/env bash
# Work-queue benchmark: N no-op jobs queued at once and run to the last one, on PostgreSQL, with one
# and with two workers (servers). Reference: db-scheduler 16.7.1 (DbSchedulerBenchmark, in one JVM,
# one Scheduler and its own HikariCP pool per "server"). Vigil: its queue's drill on one and two Vigil
# servers. Prints one Markdown table row per setup: jobs/s (median of the rounds) and the rounds.
#
#   modules/bench/queue-bench.sh      # from the repository root
#   BENCH_JOBS=10000 BENCH_ROUNDS=3 BENCH_INSTANCES=1,2 BENCH_THREADS=4,8,16 BENCH_POLL_MS=25 \
#     BENCH_LOCK_AND_FETCH=2.0,8.0 BENCH_PG=127.0.0.1:5432 modules/bench/queue-bench.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
jobs="${BENCH_JOBS:-10000}"
rounds="${BENCH_ROUNDS:-3}"
instances="${BENCH_INSTANCES:-1,2}"
threads="${BENCH_THREADS:-4,8,16}"
poll_ms="${BENCH_POLL_MS:-25}"
lock_and_fetch="${BENCH_LOCK_AND_FETCH:-2.0,8.0}"
pg="${BENCH_PG:-127.0.0.1:5432}"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "bench: building the bench module"
(cd "$root" && mvn -q -B -pl modules/bench -am install -DskipTests)

# --- Reference: db-scheduler (creates and drops schema vigil_bench_queue) -------------------------
echo "bench: db-scheduler, $jobs jobs, $rounds rounds, instances $instances, threads $threads, poll ${poll_ms} ms"
(cd "$root" && mvn -q -B -pl modules/bench exec:java \
  -Dexec.mainClass=dev.vigil.bench.DbSchedulerBenchmark \
  -Dbench.pg.url="jdbc:postgresql://$pg/test" \
  -Dbench.jobs="$jobs" -Dbench.rounds="$rounds" -Dbench.instances="$instances" -Dbench.threads="$threads" \
  -Dbench.pollMs="$poll_ms" -Dbench.lockAndFetch="$lock_and_fetch") | tee "$out/reference.txt"
# The rows of its first table (jobs/s to the N-th execution), without the header.
reference_rows=$(awk '/^\| setup \| jobs\/s \(median\) \| rounds \|$/ {on = 1; next}
  on && /^\|---/ {next} on && /^\|/ {print; next} on {exit}' "$out/reference.txt")

# --- Vigil: its queue's drill on one, then two Vigil servers (4 workers each, the defaults) --------
# Two servers of their own ("vigil-bench", "vigil-bench2"), copied from the "vigil" server the build
# prepares, on schema vigil_bench_vq; removed again on exit. A round: POST a drill of $jobs no-op jobs
# to the first server (one batch insert), then poll the drill until none is pending; jobs/s = $jobs /
# (POST to last job done), the enqueue counted as it is for db-scheduler. After the timed rounds, one
# drill with "record": true checks each job ran exactly once (one row per run).
echo "bench: building Vigil and its Liberty server"
(cd "$root" && mvn -q -B -DskipTests install)
wlp="$root/modules/web/target/liberty/wlp"
schema="vigil_bench_vq"
admin_password="bench-admin-password"
ports=(19580 19680)
names=(vigil-bench vigil-bench2)
psql -q -h "${pg%:*}" -p "${pg#*:}" -U postgres -d test -c "drop schema if exists $schema cascade; create schema $schema"
cleanup_vigil() {
  for n in "${names[@]}"; do "$wlp/bin/server" stop "$n" >/dev/null 2>&1 || true; rm -rf "$wlp/usr/servers/$n"; done
  psql -q -h "${pg%:*}" -p "${pg#*:}" -U postgres -d test -c "drop schema if exists $schema cascade" || true
  rm -rf "$out"
}
trap cleanup_vigil EXIT
start_vigil() { # name port extra-env-lines
  local dir="$wlp/usr/servers/$1"
  "$wlp/bin/server" stop "$1" >/dev/null 2>&1 || true
  rm -rf "$dir"
  cp -a "$wlp/usr/servers/vigil" "$dir"
  rm -rf "$dir/logs" "$dir/workarea" "$dir/data"
  grep -v '^VIGIL_\|^DEV_VIGIL_' "$wlp/usr/servers/vigil/server.env" > "$dir/server.env" 2>/dev/null || true
  cat >> "$dir/server.env" <<ENV
VIGIL_DB_URL=jdbc:postgresql://$pg/test?currentSchema=$schema
VIGIL_DB_USER=postgres
VIGIL_DB_PASSWORD=postgres
VIGIL_HTTP_PORT=$2
VIGIL_HTTPS_PORT=$(($2 + 1))
VIGIL_BOOTSTRAP_ADMIN_PASSWORD=$admin_password
${3:-}
ENV
  "$wlp/bin/server" start "$1" >/dev/null
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$2/health/ready" >/dev/null 2>&1 && break; sleep 1; done
  curl -sf "http://127.0.0.1:$2/health/ready" >/dev/null
}
base="http://127.0.0.1:${ports[0]}"
drill() { # jobs record -> prints "<ms> <runs>"
  local t0 t1 id progress
  t0=$(date +%s%N)
  id=$(curl -sf -u "admin:$admin_password" -H 'Content-Type: application/json' \
    -d "{\"jobs\": $1, \"record\": $2}" "$base/api/v1/admin/queue/drills" | sed -E 's/.*"drill":"([^"]+)".*/\1/')
  while true; do
    progress=$(curl -sf -u "admin:$admin_password" "$base/api/v1/admin/queue/drills/$id")
    case "$progress" in *'"pending":0'*) break ;; esac
    sleep 0.02
  done
  t1=$(date +%s%N)
  echo "$(( (t1 - t0) / 1000000 )) $(echo "$progress" | sed -E 's/.*"runs":([0-9]+).*/\1/')"
}
vigil_setup() { # label
  local rates=() r ms
  drill 2000 false >/dev/null # warm-up, unmeasured
  for r in $(seq 1 "$rounds"); do
    ms=$(drill "$jobs" false | cut -d' ' -f1)
    rates+=($(( jobs * 1000 / ms )))
    echo "bench: $1, round $r: $jobs jobs in $ms ms" >&2
  done
  local check
  check=$(drill "$jobs" true)
  echo "bench: $1, exactly-once check (record): $jobs jobs, ${check#* } runs, in ${check% *} ms" >&2
  local median
  median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  local joined
  joined=$(printf '%s / ' "${rates[@]}"); joined=${joined% / }
  echo "| $1 | $median | rounds $joined |"
}
# Two configurations: the defaults (batch 32, 32 jobs held per kind per server), and the one a user
# running many short jobs would pick (batch 128, 256 held; see modules/resilience/README.md).
tuned="VIGIL_RESILIENCE_QUEUE_BATCH=128
VIGIL_RESILIENCE_QUEUE_DRILL_MAX_RUNNING=256"
vigil_rows=""
for config in defaults tuned; do
  extra=""; label="4 workers (defaults)"
  if [ "$config" = tuned ]; then extra="$tuned"; label="4 workers, batch 128, 256 held"; fi
  psql -q -h "${pg%:*}" -p "${pg#*:}" -U postgres -d test -c "drop schema if exists $schema cascade; create schema $schema"
  echo "bench: Vigil ($config), one server"
  start_vigil "${names[0]}" "${ports[0]}" "$extra"
  vigil_rows+=$(vigil_setup "Vigil queue, 1 server, $label")$'\n'
  echo "bench: Vigil ($config), two servers"
  start_vigil "${names[1]}" "${ports[1]}" "$extra"
  vigil_rows+=$(vigil_setup "Vigil queue, 2 servers, $label each")$'\n'
  for n in "${names[@]}"; do "$wlp/bin/server" stop "$n" >/dev/null 2>&1 || true; done
done
vigil_rows=${vigil_rows%$'\n'}

echo
echo "| setup | jobs/s (median of $rounds) | rounds |"
echo "|---|---:|---|"
printf '%s\n' "$reference_rows"
[ -n "$vigil_rows" ] && printf '%s\n' "$vigil_rows"
exit 0
