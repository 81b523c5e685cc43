#!/usr/bin/env bash
# Installs what the test suites need beyond a JDK 17 and Maven, from Debian's packages:
#   promtool (package prometheus) to validate /metrics.
# Safe to run again; does nothing when everything is there. Needs root (CI machines run as root).
set -euo pipefail

missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)

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
