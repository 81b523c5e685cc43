#!/usr/bin/env bash
# Installs what the test suites need beyond a JDK 17 and Maven, from Debian's packages:
#   promtool (package prometheus) to validate /metrics;
#   prometheus-alertmanager and amtool, a real Alertmanager that sends its webhook to Vigil;
#   initdb and pg_ctl (package postgresql) for the PostgreSQL that DatabaseCrashIT creates and crashes;
#   chromium and chromedriver (packages chromium, chromium-driver) for the admin UI's browser tests.
# Safe to run again; does nothing when everything is there. Needs root (CI machines run as root).
set -euo pipefail

missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
# Debian keeps them off the PATH, in /usr/lib/postgresql/<version>/bin; the test looks there too.
{ command -v chromium >/dev/null 2>&1 || missing+=(chromium); }
{ command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver); }
{ command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || missing+=(postgresql)

if [ ${#missing[@]} -eq 0 ]; then
  echo "ci: test tools present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ci: missing ${missing[*]} and not root; the tests that need them are skipped outside CI" >&2
  exit 0
fi
echo "ci: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
