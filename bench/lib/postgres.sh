# A throwaway PostgreSQL cluster for the benchmarks: initdb in $WORK/pg, postgres on 127.0.0.1
# at a free port, a database "renkei" owned by role renkei (trust auth, loopback only). As root
# it runs as user postgres, which refuses to run as root. fsync stays on: the figures are meant
# to be those of a durable store. Sourced after procs.sh; sets PG_CONNINFO; stop_postgres stops
# it (safe to call when it never started).

PG_DATA=""

as_postgres() {
  if (( EUID == 0 )); then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin port
  bin=${RENKEI_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
  [[ -x $bin/initdb ]] || { echo "bench: no PostgreSQL binaries (apt-get install postgresql)" >&2; return 1; }
  PG_BIN=$bin
  mkdir -p "$WORK/pg"
  (( EUID == 0 )) && chown postgres "$WORK/pg"
  PG_DATA="$WORK/pg/data"
  as_postgres "$bin/initdb" -D "$PG_DATA" -U renkei --auth=trust -E UTF8 --locale=C.UTF-8 \
    > "$WORK/postgres-initdb.log" 2>&1 || { cat "$WORK/postgres-initdb.log" >&2; return 1; }
  port=$(free_port) || return 1
  as_postgres "$bin/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/postgres.log" -w -t 30 \
    -o "-p $port -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start \
    > "$WORK/postgres.log" 2>&1 || { cat "$WORK/pg/postgres.log" >&2; return 1; }
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U renkei renkei >> "$WORK/postgres.log" 2>&1 ||
    return 1
  PG_CONNINFO="host=127.0.0.1 port=$port user=renkei dbname=renkei"
}

stop_postgres() {
  [[ -n $PG_DATA && -d $PG_DATA ]] || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop > /dev/null 2>&1
  PG_DATA=""
}
