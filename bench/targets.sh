#!/usr/bin/env bash
# Starts and stops one benchmark target on free loopback ports, with its state in a temp folder. The generator
# (Linzi.Heritage.Bench harness) calls it between targets, so every target gets the machine to itself.
#
#   targets.sh start TARGET STATE_DIR   TARGET: broker | peer | system | system-influx | scaled-1 | scaled-2 | scaled-3;
#                                       writes STATE_DIR/target.env
#   targets.sh stop TARGET STATE_DIR
#
# target.env holds MQTT_PORT, and per target API (the server; APIS: every instance of a scaled target), INFLUX_URL (the peer's InfluxDB 1.x), COUNT_URL (the
# bare broker's counter), and PIDS ("name:pid ...", the processes whose CPU and memory the report shows).
set -euo pipefail
action=$1 target=$2
state=$(realpath -m "$3")
mkdir -p "$state"
# nginx's worker (the InfluxDB shim) runs as another user when started as root and must reach its temp folders in here.
chmod 755 "$state"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bench_dll="$here/Linzi.Heritage.Bench/bin/Release/net10.0/Linzi.Heritage.Bench.dll"
server_dir="$root/src/Linzi.Heritage.Server/bin/Release/net10.0"
# shellcheck source=../tests/services/common.sh
source "$root/tests/services/common.sh"

wait_http() { # wait_http URL [tries]: the first answer, any status, means it is listening
  for _ in $(seq 1 "${2:-300}"); do curl -s -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for $1" >&2; return 1
}
wait_port() { # wait_port PORT
  for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for port $1" >&2; return 1
}
spawn() { # spawn NAME LOG COMMAND...: background process with its pid in STATE/NAME.pid
  local name=$1 log=$2; shift 2
  "$@" >"$log" 2>&1 &
  echo $! >"$state/$name.pid"
}

# InfluxDB 1.6 (Debian's influxd) behind the nginx v2-write shim: the tests' own rig (tests/services/influxdb.sh), on
# free ports. Sets influxd_port (InfluxDB itself, for the peer) and shim_url (the v2 write path, for the system).
start_influxd() {
  bash "$root/tests/services/influxdb.sh" start "$state/influx" >/dev/null
  # shellcheck disable=SC1091
  source "$state/influx/influx.env"
  influxd_port=$INFLUXD_PORT shim_url=$LINZI_TEST_INFLUX_URL
}

# Mosquitto for anonymous clients on PORT, with unlimited queues and in-flight windows (the peer's broker, and the one
# in front of the scaled targets).
start_open_mosquitto() {
  cat >"$state/mosquitto.conf" <<CONF
listener $1 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 0
max_inflight_messages 0
max_connections -1
log_dest stderr
log_type error
CONF
  spawn mosquitto "$state/mosquitto.log" mosquitto -c "$state/mosquitto.conf"
  wait_port "$1"
}

case "$action:$target" in
  start:broker)
    mqtt_port=$(free_port); count_port=$(free_port)
    spawn broker "$state/broker.log" dotnet "$bench_dll" baseline-broker --port "$mqtt_port" --count-port "$count_port"
    wait_http "http://127.0.0.1:$count_port/count"
    printf 'MQTT_PORT=%s\nCOUNT_URL=http://127.0.0.1:%s/count\nPIDS="broker:%s"\n' "$mqtt_port" "$count_port" "$(cat "$state/broker.pid")" >"$state/target.env"
    ;;
  start:peer)
    mqtt_port=$(free_port); red_port=$(free_port)
    start_influxd
    curl -fsS -o /dev/null -XPOST "http://127.0.0.1:$influxd_port/query" --data-urlencode "q=CREATE DATABASE bench"
    # Unlimited queues and in-flight windows, so the broker never drops or throttles what Node-RED has yet to read.
    start_open_mosquitto "$mqtt_port"
    mkdir -p "$state/node-red"
    # Node-RED loads extra nodes (the InfluxDB ones) from its user folder's node_modules.
    ln -sfn "$here/peer/node_modules" "$state/node-red/node_modules"
    # The flow reads its ports from the environment (${MQTT_PORT}, ${INFLUX_PORT} in flows.json).
    MQTT_PORT=$mqtt_port INFLUX_PORT=$influxd_port RED_PORT=$red_port \
      spawn node-red "$state/node-red.log" node "$here/peer/node_modules/node-red/red.js" \
      --settings "$here/peer/settings.js" --userDir "$state/node-red" "$here/peer/flows.json"
    wait_http "http://127.0.0.1:$red_port/" 600
    # Node-RED connects to the broker a moment after its HTTP side is up.
    for _ in $(seq 1 100); do grep -q "Connected to broker" "$state/node-red.log" && break; sleep 0.1; done
    printf 'MQTT_PORT=%s\nINFLUX_URL=http://127.0.0.1:%s\nPIDS="mosquitto:%s node-red:%s influxd:%s"\n' "$mqtt_port" "$influxd_port" \
      "$(cat "$state/mosquitto.pid")" "$(cat "$state/node-red.pid")" "$(cat "$state/influx/influxd.pid")" >"$state/target.env"
    ;;
  start:system|start:system-influx)
    mqtt_port=$(free_port); http_port=$(free_port)
    store=() pids=""
    if [ "$target" = system-influx ]; then
      start_influxd
      store=(--TimeSeries:Provider=InfluxDb "--InfluxDb:Url=$shim_url" --InfluxDb:Bucket=heritage)
      pids=" influxd:$(cat "$state/influx/influxd.pid") nginx:$(pgrep -P "$(cat "$state/influx/nginx.pid")" | head -1)"
    fi
    # Field limits raised, so the bench measures ingestion and not the flood protection: per-device rates, new alerts
    # per rule and hour (the alert scenario raises hundreds), and connections per IP (every simulated device is 127.0.0.1).
    (cd "$server_dir" && spawn server "$state/server.log" dotnet Linzi.Heritage.Server.dll --urls "http://127.0.0.1:$http_port" \
      "--Mqtt:Port=$mqtt_port" "--Storage:DataDirectory=$state/data" --Demo:Enabled=true --Logging:LogLevel:Default=Warning \
      --Mqtt:DeviceMessagesPerSecond=100000 --Mqtt:DeviceBytesPerSecond=1000000000 \
      --Rules:MaxNewAlertsPerRulePerHour=1000000 --Mqtt:MaxConnectionsPerIp=100000 "${store[@]}")
    wait_http "http://127.0.0.1:$http_port/healthz" 600
    wait_port "$mqtt_port"
    printf 'MQTT_PORT=%s\nAPI=http://127.0.0.1:%s\nPIDS="server:%s%s"\n' "$mqtt_port" "$http_port" "$(cat "$state/server.pid")" "$pids" >"$state/target.env"
    ;;
  start:scaled-1|start:scaled-2|start:scaled-3)
    # N server instances on one PostgreSQL and one Redis, behind one Mosquitto whose shared subscription splits the
    # devices between them (docs/operations.md#scaling-out). The same raised limits as the system target.
    instances=${target#scaled-}
    mqtt_port=$(free_port)
    bash "$root/tests/services/postgres.sh" start "$state/pg"
    bash "$root/tests/services/redis.sh" start "$state/redis"
    pg_port=$(cat "$state/pg/port") redis_port=$(cat "$state/redis/port")
    start_open_mosquitto "$mqtt_port"
    mkdir -p "$state/keys"
    apis="" pids="mosquitto:$(cat "$state/mosquitto.pid") postgres:$(head -1 "$state/pg/data/postmaster.pid") redis:$(cat "$state/redis/redis.pid")"
    for i in $(seq 1 "$instances"); do
      http_port=$(free_port)
      # Demo mode on the first only: it seeds the shared registry and accounts; the others find them there.
      demo=false; [ "$i" -eq 1 ] && demo=true
      (cd "$server_dir" && spawn "server-$i" "$state/server-$i.log" dotnet Linzi.Heritage.Server.dll --urls "http://127.0.0.1:$http_port" \
        --Mqtt:Mode=External --Mqtt:Host=127.0.0.1 "--Mqtt:Port=$mqtt_port" "--Mqtt:ClientId=linzi-bench-$i" --Mqtt:SharedGroup=bench \
        --State:Provider=Postgres "--ConnectionStrings:Heritage=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres" \
        "--ConnectionStrings:Redis=127.0.0.1:$redis_port" "--Integrity:KeyFile=$state/keys/integrity.key" \
        --Auth:SigningKey=bench-signing-key-shared-by-every-instance-0123456789 "--Coordination:InstanceId=bench-$i" \
        "--Storage:DataDirectory=$state/data-$i" "--Demo:Enabled=$demo" --Demo:Password=linzi-demo --Logging:LogLevel:Default=Warning \
        --Mqtt:DeviceMessagesPerSecond=100000 --Mqtt:DeviceBytesPerSecond=1000000000 \
        --Rules:MaxNewAlertsPerRulePerHour=1000000 --Mqtt:MaxConnectionsPerIp=100000)
      wait_http "http://127.0.0.1:$http_port/healthz" 600
      apis="$apis http://127.0.0.1:$http_port"
      pids="$pids server-$i:$(cat "$state/server-$i.pid")"
    done
    apis=${apis# }
    printf 'MQTT_PORT=%s\nAPI=%s\nAPIS="%s"\nPIDS="%s"\n' "$mqtt_port" "${apis%% *}" "$apis" "$pids" >"$state/target.env"
    ;;
  stop:*)
    for name in node-red server broker mosquitto server-1 server-2 server-3; do stop_pidfile "$state/$name.pid"; done
    if [ -d "$state/pg" ]; then bash "$root/tests/services/postgres.sh" stop "$state/pg"; fi
    if [ -d "$state/redis" ]; then bash "$root/tests/services/redis.sh" stop "$state/redis"; fi
    if [ -d "$state/influx" ]; then bash "$root/tests/services/influxdb.sh" stop "$state/influx"; fi
    ;;
  *) echo "usage: $0 start|stop broker|peer|system|system-influx|scaled-1|scaled-2|scaled-3 STATE_DIR" >&2; exit 2 ;;
esac
