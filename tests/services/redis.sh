#!/usr/bin/env bash
# Test rig for Redis: Debian's redis-server on a free loopback port, its state under STATE_DIR, no persistence (the
# SignalR backplane keeps nothing in Redis; it only passes messages between instances).
#
#   redis.sh start STATE_DIR   writes STATE_DIR/port
#   redis.sh stop STATE_DIR
set -euo pipefail
action=$1
state=$(realpath -m "$2")

# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

case "$action" in
  start)
    mkdir -p "$state"
    free_port >"$state/port"
    redis-server --port "$(cat "$state/port")" --bind 127.0.0.1 --save "" --appendonly no --dir "$state" \
      --pidfile "$state/redis.pid" --logfile "$state/redis.log" --daemonize yes --protected-mode yes \
      --unixsocket "$state/redis.sock"
    for _ in $(seq 1 100); do
      redis-cli -p "$(cat "$state/port")" ping 2>/dev/null | grep -q PONG && exit 0
      sleep 0.1
    done
    echo "redis did not start: $(tail -5 "$state/redis.log" 2>/dev/null)" >&2
    exit 1
    ;;
  stop)
    stop_pidfile "$state/redis.pid"
    ;;
  *) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
