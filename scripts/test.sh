#!/usr/bin/env bash
# Runs every test of the solution. The PostgreSQL tests need a server: give one with
# MIGRATIONTRACKER_TEST_POSTGRES (an Npgsql connection string for a user allowed to create
# databases), or let this script start a throwaway cluster on 127.0.0.1 from Debian's
# postgresql package (found in /usr/lib/postgresql/*/bin) and remove it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

cleanup() { :; }
trap 'cleanup' EXIT

if [[ -z "${MIGRATIONTRACKER_TEST_POSTGRES:-}" ]]; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
  if [[ -z "$PG_BIN" ]]; then
    echo "PostgreSQL is not installed. Install it (apt-get install -y postgresql) or set MIGRATIONTRACKER_TEST_POSTGRES." >&2
    exit 1
  fi
  PG_DIR="$(mktemp -d /tmp/migrationtracker-pg.XXXXXX)"
  PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  RUN_AS=()
  if [[ "$(id -u)" == "0" ]]; then
    chown postgres:postgres "$PG_DIR"
    RUN_AS=(runuser -u postgres --)
  fi
  "${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U tracker --auth=trust -E UTF8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=300 -c fsync=off" start >/dev/null \
    || { cat "$PG_DIR/server.log" >&2; exit 1; }
  cleanup() { "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR"; }
  export MIGRATIONTRACKER_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=tracker;Database=postgres"
  echo "Started a throwaway PostgreSQL on 127.0.0.1:$PG_PORT"
fi

dotnet tool restore >/dev/null
dotnet test MigrationTracker.sln "$@"
