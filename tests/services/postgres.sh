#!/usr/bin/env bash
# Test rig for PostgreSQL: Debian's postgresql in a fresh cluster of its own under STATE_DIR, on a free loopback port,
# with trust authentication for the "postgres" superuser (a throwaway cluster that only this machine can reach).
#
#   postgres.sh start STATE_DIR   writes STATE_DIR/port
#   postgres.sh stop STATE_DIR
set -euo pipefail
action=$1
state=$(realpath -m "$2")

# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# PostgreSQL refuses to run as root; as root, the cluster belongs to the "postgres" user the package created.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$action" in
  start)
    mkdir -p "$state"
    [ "$(id -u)" -eq 0 ] && chown postgres "$state"
    free_port >"$state/port"
    as_owner "$bin/initdb" -D "$state/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1
    # fsync off: the rig's data is thrown away, and the tests check behaviour, not durability across power cuts.
    as_owner "$bin/pg_ctl" -D "$state/data" -l "$state/postgres.log" -w -t 60 start \
      -o "-p $(cat "$state/port") -k $state -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" >/dev/null
    ;;
  stop)
    [ -d "$state/data" ] && as_owner "$bin/pg_ctl" -D "$state/data" -m immediate -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
