#!/usr/bin/env bash
# Alerting benchmark: alert raised -> webhook received by a local receiver, p50/p99, and sustained
# notifications/s, Vigil on PostgreSQL beside Debian's Alertmanager 0.25 with group wait 0, both
# delivering to the same receiver (dev.vigil.bench.AlertingBenchmark) in one run.
#
#   modules/bench/alerting-bench.sh      # from the repository root
#   BENCH_LATENCY_ALERTS=300 BENCH_LATENCY_RATE=20 BENCH_BURST=2000 BENCH_ROUNDS=3 BENCH_PG=127.0.0.1:5432 \
#     modules/bench/alerting-bench.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
pg="${BENCH_PG:-127.0.0.1:5432}"
port="${BENCH_PORT:-19590}"
am_port=$((port + 3))
receiver_port=$((port + 5))
schema="vigil_bench_alerting"
admin_password="bench-admin-password"
connections=1

if ! command -v prometheus-alertmanager >/dev/null 2>&1; then
  echo "bench: installing Alertmanager (Debian package)"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus-alertmanager >/dev/null
fi

# The alerts policy (600 a minute per caller) and the cap on an app's open alerts (1,000) out of the
# way; the queue's poll at 50 ms; a secrets key for the channel.
BENCH_SERVER_ENV="VIGIL_LIMITS_ALERTS_MAX=1000000000
VIGIL_ALERTING_MAX_OPEN_PER_APP=1000000
VIGIL_SECRETS_KEY=$(head -c 32 /dev/urandom | base64)
VIGIL_RESILIENCE_QUEUE_POLL_INTERVAL=50ms"
# shellcheck source=lib/server.sh
source "$root/modules/bench/lib/server.sh"

am_dir="$(mktemp -d)"
cat > "$am_dir/am.yml" <<YML
route:
  receiver: bench
  group_by: ['alertname']
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 4h
receivers:
  - name: bench
    webhook_configs:
      - url: http://127.0.0.1:$receiver_port/am
        send_resolved: true
YML
prometheus-alertmanager --config.file="$am_dir/am.yml" --storage.path="$am_dir/data" \
  --web.listen-address="127.0.0.1:$am_port" --cluster.listen-address= >"$am_dir/am.log" 2>&1 &
am_pid=$!
trap 'kill $am_pid 2>/dev/null || true; rm -rf "$am_dir"; cleanup' EXIT
for _ in $(seq 1 30); do
  curl -sf "http://127.0.0.1:$am_port/-/ready" >/dev/null 2>&1 && break
  sleep 1
done
echo "bench: $(prometheus-alertmanager --version 2>&1 | head -1)"

app=$(curl -sf -u "admin:$admin_password" -H 'Content-Type: application/json' \
  -d "{\"name\": \"bench-$(date +%s)\"}" "$base/api/v1/admin/apps")
app_key=$(printf '%s' "$app" | sed -E 's/.*"apiKey":"([^"]+)".*/\1/')

(cd "$root" && mvn -q -B -pl modules/bench exec:java \
  -Dexec.mainClass=dev.vigil.bench.AlertingBenchmark \
  -Dbench.vigil="$base" -Dbench.app-key="$app_key" -Dbench.admin-password="$admin_password" \
  -Dbench.alertmanager="http://127.0.0.1:$am_port" -Dbench.receiver-port="$receiver_port" \
  -Dbench.latency.alerts="${BENCH_LATENCY_ALERTS:-300}" -Dbench.latency.rate="${BENCH_LATENCY_RATE:-20}" \
  -Dbench.burst.alerts="${BENCH_BURST:-2000}" -Dbench.rounds="${BENCH_ROUNDS:-3}")
