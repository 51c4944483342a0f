# Background servers for bench/run.sh: start, wait until listening, measure, stop.
# Sourced; expects $WORK (the run's temp dir). Every process started here is recorded in
# $WORK/pids so that the EXIT trap - and the watchdog, if run.sh itself is SIGKILLed (ctest
# timeout) - can stop exactly those processes and nothing else.

declare -A SERVER_PID=()   # name -> pid

die() {
  echo "bench: FAILED: $*" >&2
  exit 1
}

# start_server NAME CMD...: runs CMD in the background, output in $WORK/NAME.log.
start_server() {
  local name=$1
  shift
  "$@" > "$WORK/$name.log" 2>&1 &
  SERVER_PID[$name]=$!
  echo "$! $name" >> "$WORK/pids"
}

log_tail() {
  echo "---- last lines of $WORK/$1.log ----" >&2
  tail -n 15 "$WORK/$1.log" >&2
  echo "----" >&2
}

# try_wait_for_line NAME REGEX: waits until the server's log has a line matching REGEX (the
# "listening on HOST:PORT" line) and sets LISTEN_PORT to the port it bound (servers get port 0,
# so the kernel picks a free one: no fixed ports, parallel runs never collide). A global, not
# output: die() inside $(...) would only leave the subshell. Returns 1 if the server exited
# first, 2 after 15 s without the line.
try_wait_for_line() {
  local name=$1 regex=$2 pid=${SERVER_PID[$1]}
  for _ in $(seq 1 300); do
    if grep -qE "$regex" "$WORK/$name.log" 2>/dev/null; then
      LISTEN_PORT=$(grep -E "$regex" "$WORK/$name.log" | head -n 1 | grep -oE ':[0-9]+' | head -n 1)
      LISTEN_PORT=${LISTEN_PORT#:}
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 2
}

wait_for_line() {
  try_wait_for_line "$1" "$2"
  case $? in
    0) return 0 ;;
    1) log_tail "$1"; die "$1 did not start (exited before listening)" ;;
    *) log_tail "$1"; die "$1 did not start (no '$2' in its log after 15 s)" ;;
  esac
}

# wait_for_port NAME PORT: for servers that do not print their port (nginx).
wait_for_port() {
  local name=$1 port=$2 pid=${SERVER_PID[$1]}
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      log_tail "$name"
      die "$name did not start (exited before listening on 127.0.0.1:$port)"
    fi
    sleep 0.05
  done
  log_tail "$name"
  die "$name did not start (nothing listens on 127.0.0.1:$port after 15 s)"
}

# A loopback port chosen by the kernel and held for a server this bench starts on it later
# (nginx cannot report the port it bound; PostgreSQL and the federation listeners must be named
# in configurations first). lib/reserve_port.py keeps it until this bench exits, so no other
# process takes it in between.
free_port() {
  local file
  file=$(mktemp "$WORK/port.XXXXXX")
  "$PYTHON" "$LIB/reserve_port.py" "$$" > "$file" 2> /dev/null < /dev/null &
  for _ in $(seq 1 100); do
    [[ -s $file ]] && { head -n 1 "$file"; return 0; }
    sleep 0.05
  done
  die "no loopback port could be reserved (python3 $LIB/reserve_port.py)"
}

# stop_server NAME: SIGTERM, then SIGKILL after 5 s; waits so the next server gets a clean box.
stop_server() {
  local name=$1 pid=${SERVER_PID[$1]:-}
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  unset "SERVER_PID[$name]"
}

stop_all_servers() {
  local name
  for name in "${!SERVER_PID[@]}"; do stop_server "$name"; done
}

# finish_bench WHO: how every bench's EXIT trap ends: servers stopped, the watchdog ended, and
# $WORK removed, or with KEEP=1 kept (and marked, so the watchdog leaves it) and its path told.
# A bench stops what else it started (wrk, PostgreSQL) before calling it.
finish_bench() {
  stop_all_servers
  [[ -n ${WATCHDOG_PID:-} ]] && kill "$WATCHDOG_PID" 2>/dev/null
  if (( ${KEEP:-0} )); then
    touch "$WORK/.cleaned"
    echo "$1: temp dir kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}

# Kills what $WORK/pids lists once run.sh ($1) is gone: covers SIGKILL, which no trap sees.
start_watchdog() {
  local parent=$1
  (
    trap '' INT TERM
    while kill -0 "$parent" 2>/dev/null; do sleep 1; done
    # run.sh's own cleanup ran (it removes $WORK, or marks it when kept): nothing to do.
    [[ -d $WORK && ! -e $WORK/.cleaned ]] || exit 0
    [[ -f $WORK/pids ]] && while read -r pid _; do kill -KILL "$pid" 2>/dev/null; done < "$WORK/pids"
    rm -rf "$WORK"
  ) > /dev/null 2>&1 &
  WATCHDOG_PID=$!
}

# CPU seconds (user + system) a process has used so far, from /proc/PID/stat fields 14 and 15.
# The command name (field 2) may hold spaces, so the fields are counted after its ')'.
cpu_seconds() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  stat=${stat##*) }
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f\n", ($12 + $13) / hz }' <<< "$stat"
}

# Sum of cpu_seconds over a process and its direct children (nginx master + workers).
cpu_seconds_tree() {
  local total=0 pid
  for pid in "$1" $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    total=$(awk -v a="$total" -v b="$(cpu_seconds "$pid")" 'BEGIN { printf "%.3f", a + b }')
  done
  echo "$total"
}

# Peak resident set size in MiB (VmHWM) of a process.
peak_rss_mib() {
  awk '/^VmHWM:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"
}
