#!/usr/bin/env bash
# Runs every test, after installing and starting whatever the tests need. Safe to run again: installs are skipped
# when already there. On a fresh Debian machine it needs root (or sudo) for apt-get.
#
# Usage: tests/run.sh [extra dotnet test arguments]
# Prints the totals as its last line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
need_apt() { # need_apt <command> <package>
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  echo "installing $2 (for $1)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

# Third-party clients the tests drive: the Mosquitto command-line tools and the official npm SignalR client.
need_apt mosquitto_pub mosquitto-clients
need_apt node nodejs
(cd tests/node && npm ci --no-audit --no-fund --loglevel=error)

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

set +e
dotnet test --solution Linzi.Heritage.sln --report-xunit-trx --results-directory "$results" "$@"
status=$?
set -e

# The runner's own summary is not a line CI reads, so total the TRX reports into one.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
print(f"{passed} passed, {failed} failed")
PY
exit $status
