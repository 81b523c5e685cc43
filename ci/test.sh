#!/usr/bin/env bash
# What .ci/run runs: prepares the machine, then the README's test command, unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."

bash ci/install-test-tools.sh
bash ci/ensure-postgres.sh

# README test command (keep identical to README.md "Test"):
mvn -B verify
