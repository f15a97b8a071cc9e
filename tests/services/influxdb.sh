#!/usr/bin/env bash
# Test rig for InfluxDB: Debian's influxd 1.6.7 on a free loopback port with its data in a state folder, behind an
# nginx that maps the v2 write endpoint (/api/v2/write?bucket=&precision=) onto 1.x's /write, so InfluxDB.Client's
# write path works unchanged. Production targets InfluxDB 2.x/3.x, which need no shim.
#
#   influxdb.sh start STATE_DIR   start both, write STATE_DIR/influx.env (LINZI_TEST_INFLUX_URL=…)
#   influxdb.sh stop-influxd STATE_DIR / start-influxd STATE_DIR   outage tests stop and restart influxd alone
#   influxdb.sh stop STATE_DIR     stop both
set -euo pipefail
action=$1
state=$(realpath -m "$2")
mkdir -p "$state"

# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

wait_http() { # wait_http URL
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for $1" >&2; return 1
}

start_influxd() {
  # shellcheck disable=SC1091
  source "$state/influx.env"
  influxd -config "$state/influxd.conf" >"$state/influxd.log" 2>&1 &
  echo $! >"$state/influxd.pid"
  wait_http "http://127.0.0.1:$INFLUXD_PORT/ping"
}


case "$action" in
  start)
    influxd_port=$(free_port); rpc_port=$(free_port); nginx_port=$(free_port)
    cat >"$state/influxd.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$rpc_port"
[meta]
  dir = "$state/meta"
[data]
  dir = "$state/data"
  wal-dir = "$state/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$influxd_port"
  log-enabled = false
[monitor]
  store-enabled = false
CONF
    mkdir -p "$state/nginx"
    cat >"$state/nginx.conf" <<CONF
worker_processes 1;
pid $state/nginx.pid;
error_log $state/nginx-error.log;
events {}
http {
  access_log off;
  client_body_temp_path $state/nginx/body;
  proxy_temp_path $state/nginx/proxy;
  fastcgi_temp_path $state/nginx/fastcgi;
  uwsgi_temp_path $state/nginx/uwsgi;
  scgi_temp_path $state/nginx/scgi;
  client_max_body_size 64m;
  map \$arg_precision \$influx_precision { default n; ns n; us u; ms ms; s s; }
  server {
    listen 127.0.0.1:$nginx_port;
    location = /api/v2/write {
      proxy_set_header Authorization "";
      proxy_pass http://127.0.0.1:$influxd_port/write?db=\$arg_bucket&precision=\$influx_precision;
    }
    location / {
      proxy_set_header Authorization "";
      proxy_pass http://127.0.0.1:$influxd_port;
    }
  }
}
CONF
    cat >"$state/influx.env" <<ENV
INFLUXD_PORT=$influxd_port
LINZI_TEST_INFLUX_URL=http://127.0.0.1:$nginx_port
LINZI_TEST_INFLUX_CONTROL="$0"
LINZI_TEST_INFLUX_STATE=$state
ENV
    start_influxd
    nginx -c "$state/nginx.conf" -p "$state/nginx" -e "$state/nginx-error.log"
    wait_http "http://127.0.0.1:$nginx_port/ping"
    echo "InfluxDB 1.x test rig: http://127.0.0.1:$nginx_port (influxd on $influxd_port)"
    ;;
  stop-influxd) stop_pidfile "$state/influxd.pid" ;;
  start-influxd) start_influxd ;;
  stop)
    stop_pidfile "$state/influxd.pid"
    [ -f "$state/nginx.pid" ] && nginx -c "$state/nginx.conf" -p "$state/nginx" -e "$state/nginx-error.log" -s stop 2>/dev/null || true
    ;;
  *) echo "usage: $0 start|stop|stop-influxd|start-influxd STATE_DIR" >&2; exit 2 ;;
esac
