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
install_package() { # install_package <package> <why>
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  echo "installing $1 ($2)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
}
need_apt() { # need_apt <command> <package>
  command -v "$1" >/dev/null 2>&1 || install_package "$2" "for $1"
}
need_package() { # need_package <package>, for packages without a command (fonts)
  dpkg -s "$1" >/dev/null 2>&1 || install_package "$1" "package"
}

# Third-party clients the tests drive: the Mosquitto command-line tools and the official npm SignalR client.
need_apt python3 python3
need_apt mosquitto_pub mosquitto-clients
# The external-broker tests start their own Mosquitto (tests/services/mosquitto.sh) on free ports.
need_apt mosquitto mosquitto
need_apt node nodejs
# InfluxDB 1.6 behind an nginx v2-write shim: tests/services/influxdb.sh starts one per test, on free ports.
need_apt influxd influxdb
need_apt nginx nginx-light
# PostgreSQL for the stores that several instances share: tests/services/postgres.sh starts a cluster of its own.
need_package postgresql
# Redis for the SignalR backplane between instances: tests/services/redis.sh starts one on a free port.
need_apt redis-server redis-server
need_apt curl curl
# Browser tests drive Debian's chromium through Playwright (tests/Linzi.Heritage.Browser.Tests); a CJK font makes
# their screenshots legible.
need_apt chromium chromium
# The deployment kit's systemd unit is checked with systemd-analyze verify.
need_apt systemd-analyze systemd
need_package fonts-wqy-microhei
(cd tests/node && npm ci --no-audit --no-fund --loglevel=error)

# Test rigs stop themselves; if a test process dies first, this stops whatever rig it left behind.
cleanup() {
  pkill -f "linzi-influx-" 2>/dev/null || true
  pkill -f "linzi-mosquitto-" 2>/dev/null || true
  pkill -f "linzi-pg-" 2>/dev/null || true
  for pidfile in "${TMPDIR:-/tmp}"/linzi-redis-*/redis.pid; do [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null; done || true
}
trap cleanup EXIT

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build Linzi.Heritage.sln --nologo -v quiet; then
  echo "the build failed, so no test ran"
  echo "0 passed, 1 failed"
  exit 1
fi

# One run per test project, each with its own TRX file: parallel runs writing into one folder can collide on the
# runner's timestamped file names, and a report that is missing must count as a failure, not as nothing.
status=0
projects=$(ls tests/*/*.Tests.csproj)
for project in $projects; do
  name=$(basename "$project" .csproj)
  dotnet test --project "$project" --no-build --report-xunit-trx --report-xunit-trx-filename "$name.trx" \
    --results-directory "$results" "$@" || status=1
done

# The runner's own summary is not a line CI reads, so total the TRX reports into one.
python3 - "$results" $projects <<'PY' || status=1
import os, sys, xml.etree.ElementTree as ET
results, projects = sys.argv[1], sys.argv[2:]
passed = failed = 0
for project in projects:
    path = os.path.join(results, os.path.basename(project).replace(".csproj", ".trx"))
    if not os.path.exists(path):
        print(f"no test report from {project}: counted as one failure")
        failed += 1
        continue
    root = ET.parse(path).getroot()
    counters = root.find(".//{*}Counters")
    passed += int(counters.get("passed", 0))
    failed += sum(int(counters.get(k, 0)) for k in ("failed", "error", "timeout", "aborted"))
    # The failures again, last, where a reader of the log's tail sees them (the runner's own account of a failure
    # sits above every log line the test host printed).
    for result in root.iterfind(".//{*}UnitTestResult"):
        if result.get("outcome") not in ("Passed", "NotExecuted"):
            message = result.findtext(".//{*}ErrorInfo/{*}Message") or ""
            trace = (result.findtext(".//{*}ErrorInfo/{*}StackTrace") or "").strip().splitlines()[:6]
            print(f"FAILED {result.get('testName')} ({result.get('outcome')}, {result.get('duration')})")
            print("  " + message.strip()[:1500].replace("\n", "\n  "))
            for line in trace:
                print("  " + line.strip())
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
exit $status
