#!/usr/bin/env bash
# SLO evaluation cycle benchmark: one cycle of `slo-evaluate` (every enabled SLO: window sums, burn
# rates, budget, state and snapshot written, alerts told) for 100 and for 1,000 SLOs, each with 30 days
# of per-minute counts, on PostgreSQL, beside the baseline a naive engine pays: the same sums taken from
# the 30 days of minute rows in one grouped scan. Cycles are started through the admin API's "run now"
# (the cycle's minute is released before each); the time is the run's, as Vigil records it. Medians of
# the rounds. Goal (issue: SLOs): < 200 ms per cycle for 100 SLOs, growth no worse than linear in SLOs.
#
#   modules/bench/slo-cycle-bench.sh            # from the repository root
#   BENCH_SLOS="100 1000" BENCH_DAYS=30 BENCH_ROUNDS=5 modules/bench/slo-cycle-bench.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
sizes="${BENCH_SLOS:-100 1000}"
days="${BENCH_DAYS:-30}"
rounds="${BENCH_ROUNDS:-5}"
pg="${BENCH_PG:-127.0.0.1:5432}"
port="${BENCH_PORT:-19600}"
schema="vigil_bench_slo"
admin_password="bench-admin-password"
connections=1

# shellcheck source=lib/server.sh
source "$root/modules/bench/lib/server.sh"

sql() { psql -qtA -h "${pg%:*}" -p "${pg#*:}" -U postgres -d test -c "set search_path = $schema; $1"; }
api() { curl -sf -u "admin:$admin_password" -H 'Content-Type: application/json' "$@"; }

app=$(api -d "{\"name\": \"bench-$(date +%s)\"}" "$base/api/v1/admin/apps" | sed -E 's/.*"id":"([^"]+)".*/\1/')
now=$(( $(date +%s) / 60 ))
from=$(( now - days * 1440 ))
created=0
echo "bench: SLOs (google-30d, 99.9 %) with ${days} days of minutes: ~99 events a minute, 1 in 900 bad (0.11 %: the 3-day ticket and the budget burn)"
for n in $sizes; do
  while [ "$created" -lt "$n" ]; do
    created=$((created + 1))
    api -d "{\"name\": \"bench-$created\", \"app\": \"$app\", \"sli\": {\"kind\": \"events\"}, \"objective\": 99.9}" \
      "$base/api/v1/admin/slos" >/dev/null
  done
  sql "insert into ops_slo_minute (slo_id, at_minute, good, total)
         select s.id, m, 100 - (m % 3) - (case when (m + length(s.name)) % 9 = 0 then 1 else 0 end), 100 - (m % 3)
           from ops_slo s cross join generate_series($from, $now - 1) m
          where s.name like 'bench-%' and not exists (select 1 from ops_slo_minute x where x.slo_id = s.id);
       insert into ops_slo_hour (slo_id, at_hour, good, total)
         select slo_id, (at_minute / 60) * 60, sum(good), sum(total) from ops_slo_minute
          where slo_id in (select id from ops_slo where name like 'bench-%')
            and not exists (select 1 from ops_slo_hour h where h.slo_id = ops_slo_minute.slo_id)
          group by slo_id, (at_minute / 60) * 60;
       analyze ops_slo_minute; analyze ops_slo_hour;"
  rows=$(sql "select count(*) from ops_slo_minute")
  echo "bench: $n SLOs, $rows minute rows"

  cycle_ms=()
  naive_ms=()
  for round in $(seq 1 "$rounds"); do
    at=$(( $(date +%s) / 60 ))
    sql "update ops_slo_cycle set last_minute = 0 where name = 'slo'; delete from ops_slo_snapshot where at_minute >= $((at - 1))" >/dev/null
    out=$(api -X POST "$base/api/v1/admin/jobs/slo-evaluate/runs")
    case "$out" in *"SLOs evaluated: $((n + 2))"*) ;; *) echo "bench: unexpected run: $out" >&2; exit 1 ;; esac
    id=$(printf '%s' "$out" | sed -E 's/.*"runId":"([^"]+)".*/\1/')
    ms=$(sql "select ended_at - started_at from ops_job_run where run_id = '$id'")
    # The naive engine's sums: every window (5m .. 3d) and the 30-day period from the minute rows.
    start=$(date +%s%N)
    sql "select slo_id, $(for w in 5 30 60 120 360 1440 4320 43200; do
           printf 'sum(case when at_minute >= %d then good else 0 end), sum(case when at_minute >= %d then total else 0 end), ' \
             $((at - w)) $((at - w)); done) count(*)
         from ops_slo_minute where at_minute >= $((at - 43200)) and at_minute < $at group by slo_id" >/dev/null
    naive=$(( ($(date +%s%N) - start) / 1000000 ))
    cycle_ms+=("$ms"); naive_ms+=("$naive")
    echo "round $round, $n SLOs: cycle ${ms} ms (run: $(printf '%s' "$out" | sed -E 's/.*"summary":"([^"]*)".*/\1/')); naive sums ${naive} ms"
  done
  c=$(printf '%s\n' "${cycle_ms[@]}" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  m=$(printf '%s\n' "${naive_ms[@]}" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  echo "RESULT slos=$n cycle_ms=$c naive_sums_ms=$m per_slo_ms=$(awk -v c="$c" -v n="$n" 'BEGIN {printf "%.3f", c / n}')"
done
