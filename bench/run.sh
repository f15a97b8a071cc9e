#!/usr/bin/env bash
# The benchmark harness: builds the server and the generator once, makes sure the peer's programs are there, then
# runs every scenario against every target (bare broker, Mosquitto + Node-RED + InfluxDB, the system on SQLite, the
# system on InfluxDB) and writes bench/results/<scenario>-YYYYMMDD-HHMM.md. See bench/README.md.
#
#   bench/run.sh [--quick] [--targets broker,peer,system,system-influx] [--scenarios flat,paced,alerts,devices] [...]
#   bench/run.sh --targets scaled-1,scaled-2,scaled-3   # 1-3 instances on PostgreSQL and Redis, only when named
#
# Other options (--messages, --rates, --step-seconds, --alert-seconds, --devices, --hold-seconds, --wait-seconds) are
# the generator's: bench/Linzi.Heritage.Bench/Harness.cs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

missing=()
command -v mosquitto >/dev/null || missing+=(mosquitto)
command -v influxd >/dev/null || missing+=(influxdb)
command -v nginx >/dev/null || missing+=(nginx-light)
command -v redis-server >/dev/null || missing+=(redis-server)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get install -y "${missing[@]}"
  # Debian starts the packaged services; the bench runs its own on free ports.
  $sudo systemctl disable --now mosquitto influxdb 2>/dev/null || true
fi
if [ ! -x "$here/peer/node_modules/.bin/node-red" ]; then
  (cd "$here/peer" && npm ci --no-audit --no-fund)
fi

dotnet build -c Release src/Linzi.Heritage.Server -v q -nologo
dotnet build -c Release bench/Linzi.Heritage.Bench -v q -nologo

# 10,000 devices are 10,000 sockets in the generator and in the target.
ulimit -n "$(ulimit -Hn)"
exec dotnet bench/Linzi.Heritage.Bench/bin/Release/net10.0/Linzi.Heritage.Bench.dll harness --bench-dir "$here" --out "$here/results" "$@"
