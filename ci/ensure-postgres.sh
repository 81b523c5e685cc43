#!/usr/bin/env bash
# Makes sure the PostgreSQL the PostgreSQL suites use is up (CI machines run one at
# 127.0.0.1:5432 with trust auth and database "test"); starts the local cluster if it stopped.
set -euo pipefail

if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "ci: PostgreSQL is accepting connections"
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | head -n 1)
  echo "ci: starting PostgreSQL cluster $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -p 5432 -q && exit 0
    sleep 1
  done
fi
echo "ci: PostgreSQL is not reachable at 127.0.0.1:5432" >&2
[ "${CI:-}" = "true" ] && exit 1 || exit 0
