#!/usr/bin/env bash
# Test rig for an external broker: Debian's mosquitto on a free loopback port, with persistence (so a restart keeps
# sessions and queued messages) and the password and ACL files that the server's mosquitto-config command wrote.
#
#   mosquitto.sh start STATE_DIR     (STATE_DIR/passwd and STATE_DIR/acl must exist) writes STATE_DIR/port
#   mosquitto.sh start-open STATE_DIR   the same without accounts (allow_anonymous), as a quick lab broker is set up
#   mosquitto.sh restart STATE_DIR   stop (saving its state) and start again on the same port
#   mosquitto.sh stop STATE_DIR
set -euo pipefail
action=$1
state=$(realpath -m "$2")

# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

start() {
  local port; port=$(cat "$state/port")
  mosquitto -c "$state/mosquitto.conf" >"$state/mosquitto.log" 2>&1 &
  echo $! >"$state/mosquitto.pid"
  for _ in $(seq 1 100); do
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "mosquitto did not start: $(cat "$state/mosquitto.log")" >&2
  return 1
}

stop() { stop_pidfile "$state/mosquitto.pid"; }

case "$action" in
  start|start-open)
    mkdir -p "$state/persistence"
    free_port >"$state/port"
    if [ "$action" = start ]; then
      security="allow_anonymous false
password_file $state/passwd
acl_file $state/acl"
    else
      security="allow_anonymous true"
    fi
    cat >"$state/mosquitto.conf" <<CONF
per_listener_settings false
# Stay the user that started it (as root, mosquitto would switch to "mosquitto" and lose the test files).
user $(id -un)
$security
listener $(cat "$state/port") 127.0.0.1
persistence true
persistence_location $state/persistence/
autosave_interval 1
max_queued_messages 1000000
max_inflight_messages 100
log_dest stderr
log_type error
log_type warning
CONF
    start
    ;;
  restart) stop; start ;;
  stop) stop ;;
  *) echo "usage: $0 start|start-open|restart|stop STATE_DIR" >&2; exit 2 ;;
esac
