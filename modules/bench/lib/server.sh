# Shared by the benchmarks that run against a Vigil server over HTTP: sourced, not run.
# Expects root, pg, port, schema, admin_password, connections set, and BENCH_SERVER_ENV holding any
# extra server.env lines. Starts a Liberty server of its own ("vigil-bench", copied from the
# "vigil" server the build creates) on PostgreSQL schema $schema, removed again on exit; defines
# base, server_pid, run (a wrk script for some seconds -> RESULT line with CPU per request) and median.

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk (Debian package)"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi

echo "bench: building Vigil and its Liberty server"
(cd "$root" && mvn -q -B -DskipTests install)
wlp="$root/modules/web/target/liberty/wlp"
# A server of its own, copied from the one the build prepared (configuration and application),
# so the benchmark's settings (its schema, port, limits raised to 1,000,000,000) never reach the
# "vigil" server that the tests and `mvn -Prun` use.
server="vigil-bench"
server_dir="$wlp/usr/servers/$server"
"$wlp/bin/server" stop "$server" >/dev/null 2>&1 || true
rm -rf "$server_dir"
cp -a "$wlp/usr/servers/vigil" "$server_dir"
rm -rf "$server_dir/logs" "$server_dir/workarea" "$server_dir/data"
# Keep what Liberty wrote there itself (the keystore password); the settings below replace the rest.
grep -v '^VIGIL_' "$wlp/usr/servers/vigil/server.env" > "$server_dir/server.env" 2>/dev/null || true

psql -q -h "${pg%:*}" -p "${pg#*:}" -U postgres -d test -c "drop schema if exists $schema cascade; create schema $schema"
cat >> "$server_dir/server.env" <<ENV
VIGIL_DB_URL=jdbc:postgresql://$pg/test?currentSchema=$schema
VIGIL_DB_USER=postgres
VIGIL_DB_PASSWORD=postgres
VIGIL_DB_POOL_MAX=40
VIGIL_HTTP_PORT=$port
VIGIL_HTTPS_PORT=$((port + 1))
VIGIL_BOOTSTRAP_ADMIN_PASSWORD=$admin_password
${BENCH_SERVER_ENV:-}
ENV

cleanup() {
  "$wlp/bin/server" stop "$server" >/dev/null 2>&1 || true
  rm -rf "$server_dir"
  psql -q -h "${pg%:*}" -p "${pg#*:}" -U postgres -d test -c "drop schema if exists $schema cascade" || true
}
trap cleanup EXIT
[ -n "${BENCH_KEEP:-}" ] && trap - EXIT
"$wlp/bin/server" start "$server" >/dev/null
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  curl -sf "$base/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -sf "$base/health/ready" >/dev/null

server_pid=$(cat "$wlp/usr/servers/.pid/$server.pid" 2>/dev/null || true)
if [ -z "$server_pid" ] || [ ! -r "/proc/$server_pid/stat" ]; then
  echo "bench: cannot find the server's process (no $wlp/usr/servers/.pid/$server.pid)" >&2
  exit 1
fi
ticks_per_s=$(getconf CLK_TCK)
declare -A ticks_before
pg_local=false
case "${pg%:*}" in 127.0.0.1|localhost) pg_local=true ;; esac
take_ticks() { # remembers each process's user + system CPU ticks so far
  ticks_before=()
  local p
  for p in "$@"; do ticks_before[$p]=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0); done
}
ticks_since() { # CPU ticks since take_ticks, of the processes alive at both ends
  local total=0 p now
  for p in "${!ticks_before[@]}"; do
    now=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || true)
    [ -n "$now" ] && total=$((total + now - ticks_before[$p]))
  done
  echo "$total"
}
local_pg_pids() { if $pg_local; then pgrep -u postgres || true; fi; }

# CPU per request is steadier than req/s on a shared machine: the server's and the local
# PostgreSQL's CPU time over the round, per request answered, in microseconds.
# (PostgreSQL's: the postgres user's processes alive through the round; 0 when it is not local.)
run() { # script seconds -> RESULT line with server_us and pg_us per request
  local server_before out server_ticks pg_ticks requests
  server_before=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
  take_ticks $(local_pg_pids)
  out=$(cd "$root/modules/bench/wrk" && wrk -t2 -c"$connections" -d"${2}s" --latency -s "$1" "$base" | grep '^RESULT')
  server_ticks=$(( $(awk '{print $14 + $15}' "/proc/$server_pid/stat") - server_before ))
  pg_ticks=$(ticks_since)
  requests=$(printf '%s' "$out" | sed -E 's/.*requests=([0-9]+).*/\1/')
  requests=$(( requests > 0 ? requests : 1 ))
  echo "$out server_us=$(( server_ticks * 1000000 / ticks_per_s / requests ))" \
    "pg_us=$(( pg_ticks * 1000000 / ticks_per_s / requests ))"
}

median() { # field name, then RESULT lines -> median of that field
  local field="$1"; shift
  printf '%s\n' "$@" | sed -E "s/.*$field=([0-9.]+).*/\1/" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}
