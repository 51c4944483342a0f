#!/usr/bin/env bash
# Throughput, latency and robustness of the broker against nginx as the ceiling, in one command.
#
#   bench/run.sh [--smoke] [--build-dir DIR] [--duration S] [--rounds N] [--out FILE]
#                [--connections "8 32 256"] [--workers "8 32"] [--validate-bench FILE] [--keep]
#
# Starts the sample 住基 unit, nginx as a plain reverse proxy to it (the ceiling: what any proxy
# costs on this box), and the broker, on kernel-chosen loopback ports, and drives each with wrk
# (bench/lib/post.lua: a fresh MessageId and Timestamp in every request) at each connection
# count with a 1 KiB and a 64 KiB exchange, in two broker modes: the full path, and the full
# path with schema validation off. Then bare Xerces validation (bench/validate_bench), a
# slow-client scenario and a silent-unit scenario. Prints one markdown table (also to --out).
#
#   --smoke        tiny scale (1 s runs, 8 connections, few slow/idle clients): correctness only,
#                  no timing asserts; what ctest runs (bench_smoke)
#   --build-dir D  use the binaries in D; without it, builds Release into build-release/
#   --duration S   seconds per measured wrk run (default 10; 1 with --smoke)
#   --rounds N     the rows the targets are read from (nginx and the full path at 1 KiB and 32
#                  connections, and the --workers rows) are measured N times, alternating, and
#                  the table shows each one's median run (default 3; 1 with --smoke). One run of
#                  5-10 s swings by 10-20% on a shared 2-core box (nginx 15,500-19,500 req/s
#                  in four runs of one hour); the median of alternated runs is what a target can
#                  be read from. Every other row is measured once.
#   --out FILE     also write the table (markdown) to FILE
#   --connections  connection counts to run (default "8 32 256"; "8" with --smoke)
#   --workers      extra full-path runs (1 KiB, 32 connections) with the example config's
#                  workers replaced by each of these (default "8 32"; none with --smoke; ""
#                  for none): the issue's "8 -> 32 workers: throughput does not fall"
#   --validate-bench FILE  the bare-validation baseline binary (default: in the build dir)
#   --keep         keep the temp dir (configs, logs, wrk reports) and print its path
#
# Exit 0 when every step worked; 1 when a server did not start, a run had non-2xx answers (the
# broker's Server.Overloaded excepted: counted, not fatal) or a scenario's requests failed.
# Faults from the broker to valid traffic stop the run at once: a benchmark of faults is
# worthless. Socket errors (wrk's connect/read/write/timeout) are reported in the table.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB="$ROOT/bench/lib"
COMMAND_LINE="bench/run.sh$(printf " %q" "$@")"

SMOKE=0 BUILD_DIR="" DURATION="" ROUNDS="" OUT="" CONNECTIONS="" WORKERS="-" KEEP=0 VALIDATE=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --smoke) SMOKE=1 ;;
    --build-dir) BUILD_DIR=$(cd "${2:?--build-dir needs a directory}" && pwd) || exit 2; shift ;;
    --duration) DURATION=${2:?--duration needs seconds}; shift ;;
    --rounds) ROUNDS=${2:?--rounds needs a number}; shift ;;
    --out) OUT=${2:?--out needs a file}; shift ;;
    --connections) CONNECTIONS=${2:?--connections needs a list}; shift ;;
    --workers) WORKERS=${2?--workers needs a list}; shift ;;
    --validate-bench) VALIDATE=${2:?--validate-bench needs a file}; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if (( SMOKE )); then
  : "${DURATION:=1}" "${CONNECTIONS:=8}" "${ROUNDS:=1}"
  [[ $WORKERS == - ]] && WORKERS=""
  WARMUP=0 BARE_SECONDS=0.3
  SLOW_ARGS=(--slow 4 --idle 16 --fresh 5 --spacing 0.1 --trickle 1 --idle-wait 3 --timeout 10)
  SILENT_ARGS=(--stuck 4 --probe-seconds 2 --timeout 20)
else
  : "${DURATION:=10}" "${CONNECTIONS:=8 32 256}" "${ROUNDS:=3}"
  [[ $WORKERS == - ]] && WORKERS="8 32"
  WARMUP=2 BARE_SECONDS=5
  SLOW_ARGS=(--slow 64 --idle 512 --fresh 20 --spacing 0.6 --trickle 5 --idle-wait 5 --timeout 10)
  SILENT_ARGS=(--stuck 40 --probe-seconds 15 --timeout 60)
fi
[[ $DURATION =~ ^[1-9][0-9]*$ ]] || { echo "bench: --duration takes whole seconds (wrk's -d)" >&2; exit 2; }
[[ $ROUNDS =~ ^[1-9][0-9]?$ ]] || { echo "bench: --rounds takes a whole number from 1 to 99" >&2; exit 2; }
read -r -a CONNS <<< "$CONNECTIONS"
SIZES=(1KiB 64KiB)
# Debian's python3, not whatever shim comes first on PATH (pyenv's adds a bash wrapper and
# 50 ms to every start); only the standard library is used.
PYTHON=/usr/bin/python3
[[ -x $PYTHON ]] || PYTHON=$(command -v python3)
REQUEST="$ROOT/examples/traffic/ido-joho-shokai.kokuho-to-juki.xml"
STUCK_REQUEST="$ROOT/examples/traffic/kazei-joho-shokai.kokuho-to-juminzei.xml"
SERVICE_PATH=/services/IdoJohoShokai

# ---- build or find the binaries ----------------------------------------------------------
if [[ -z $BUILD_DIR ]]; then
  BUILD_DIR="$ROOT/build-release"
  echo "bench: building Release into $BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release > /dev/null &&
    cmake --build "$BUILD_DIR" -j2 || { echo "bench: FAILED: the Release build failed" >&2; exit 1; }
fi
RENKEI="$BUILD_DIR/broker/renkei"
UNIT="$BUILD_DIR/examples/unit_juki"
: "${VALIDATE:=$BUILD_DIR/bench/validate_bench}"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for tool in "$RENKEI" "$UNIT" "$NGINX" "$(command -v wrk)" "$PYTHON"; do
  [[ -x $tool ]] || { echo "bench: FAILED: missing ${tool:-wrk or python3} (./renkei.sh deps installs nginx-light and wrk)" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/renkei-bench-XXXXXX)"
# nginx started as root drops its workers to "nobody", which must read the replayed answer.
chmod 755 "$WORK"
source "$LIB/procs.sh"
source "$LIB/broker_config.sh"
cleanup() {
  [[ -n ${FOREGROUND_PID:-} ]] && kill -TERM "$FOREGROUND_PID" 2>/dev/null
  finish_bench bench
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # through the EXIT trap, so servers are stopped on Ctrl-C too
start_watchdog $$
FAILURES=()   # steps that failed without stopping the run (scenarios); exit 1 at the end

# run_tracked NAME CMD...: a foreground step (wrk, a scenario) the watchdog can also reach.
run_tracked() {
  local name=$1
  shift
  "$@" &
  FOREGROUND_PID=$!
  echo "$FOREGROUND_PID $name" >> "$WORK/pids"
  # The wait builtin, unlike a plain foreground command, lets the INT/TERM trap run at once.
  wait "$FOREGROUND_PID"
  local status=$?
  FOREGROUND_PID=""
  return "$status"
}

# ---- servers -----------------------------------------------------------------------------
# nginx config: everything nginx writes (pid, logs, temp files) stays in $WORK, so it runs
# without root next to other runs. $1 name, $2 worker_processes, $3 the server blocks.
write_nginx_conf() {
  mkdir -p "$WORK/$1-temp"
  cat > "$WORK/$1.conf" <<EOF
daemon off;
worker_processes $2;
pid $WORK/$1.pid;
error_log $WORK/$1-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/$1-temp/body;
  proxy_temp_path $WORK/$1-temp/proxy;
  fastcgi_temp_path $WORK/$1-temp/fastcgi;
  uwsgi_temp_path $WORK/$1-temp/uwsgi;
  scgi_temp_path $WORK/$1-temp/scgi;
  keepalive_requests 100000;
$3
}
EOF
}

start_nginx() {  # NAME PORT: with the config write_nginx_conf made
  start_server "$1" "$NGINX" -p "$WORK" -e "$WORK/$1-error.log" -c "$WORK/$1.conf"
  wait_for_port "$1" "$2"
}

# The answer of the 64 KiB exchange is replayed by a second nginx: the sample unit cannot
# produce it (see bench/lib/make_answer.py and RESULTS.md). POST to a static file is a 405 in
# nginx; error_page turns it into the file's content with status 200.
start_replay_unit() {
  REPLAY_PORT=$(free_port) || exit 1
  write_nginx_conf replay 1 "
  server {
    listen 127.0.0.1:$REPLAY_PORT;
    keepalive_timeout 60s;
    root $WORK;
    default_type 'text/xml; charset=utf-8';
    location / { rewrite ^ /resp-64KiB.xml last; }
    location = /resp-64KiB.xml { error_page 405 =200 \$uri; }
  }"
  start_nginx replay "$REPLAY_PORT"
}

# The ceiling: a plain reverse proxy with upstream keepalive, one port per backend. The sample
# unit serves at most 64 connections (examples/common/unit_server.cpp) and leaves further ones
# in its accept backlog: nginx may cache only 48 idle upstream connections, for 2 s, so that
# after a run at many connections the next broker still finds the unit accepting. (At 256
# client connections nginx opens more than 64 upstream connections at once and the excess
# waits in the unit's backlog: that shows in nginx's p99, not in the broker's, whose forwarder
# never holds more connections than it has workers.)
start_ceiling_nginx() {
  NGINX_PORT_1KiB=$(free_port) || exit 1
  NGINX_PORT_64KiB=$(free_port) || exit 1
  local proxy="proxy_http_version 1.1; proxy_set_header Connection \"\";
      proxy_buffer_size 16k; proxy_buffers 8 16k;"
  write_nginx_conf nginx 2 "
  upstream juki { server 127.0.0.1:$UNIT_PORT; keepalive 48; keepalive_timeout 2s; }
  upstream replay { server 127.0.0.1:$REPLAY_PORT; keepalive 48; keepalive_timeout 2s; }
  server { listen 127.0.0.1:$NGINX_PORT_1KiB; location / { proxy_pass http://juki; $proxy } }
  server { listen 127.0.0.1:$NGINX_PORT_64KiB; location / { proxy_pass http://replay; $proxy } }"
  start_nginx nginx "$NGINX_PORT_1KiB"
  wait_for_port nginx "$NGINX_PORT_64KiB"
}

# start_broker NAME CONFIG: sets BROKER_PORT.
start_broker() {
  start_server "$1" "$RENKEI" serve --config "$2"
  wait_for_line "$1" 'renkei: listening on'
  BROKER_PORT=$LISTEN_PORT
}

# audit_breakdown DB: "outcome fault_code count" for every exchange the broker recorded.
audit_breakdown() {
  "$PYTHON" - "$1" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for outcome, code, n in db.execute(
        "SELECT outcome, fault_code, COUNT(*) FROM audit GROUP BY 1, 2 ORDER BY 3 DESC"):
    print(outcome, code or "-", n)
EOF
}

# ---- the wrk runs ------------------------------------------------------------------------
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
MEASURED=0  # wrk runs so far: each keeps its own report

# measure MODE SIZE CONNS URL TEMPLATE PID: warm-up, then a measured wrk run; appends a row.
# The broker is driven with post_statuses.lua, which names each kind of non-200 answer in the
# report (one copy of each body into Lua costs wrk little at the broker's rates); nginx, at
# ten times the rate, with the plain post.lua.
measure() {
  local mode=$1 size=$2 conns=$3 url=$4 template=$5 pid=$6
  MEASURED=$((MEASURED + 1))
  local report="$WORK/wrk-$MEASURED-$mode-$size-$conns.txt" threads=2 cpu_before cpu_after
  LAST_REPORT=$report
  local script="$LIB/post_statuses.lua"
  [[ $mode == nginx ]] && script="$LIB/post.lua"
  (( conns < threads )) && threads=$conns
  local wrk=(wrk -t"$threads" -c"$conns" --timeout 10s --latency -s "$script" "$url" -- "$template")
  if (( WARMUP > 0 )); then
    run_tracked wrk "${wrk[@]:0:3}" -d"${WARMUP}s" "${wrk[@]:3}" > /dev/null 2>&1
  fi
  cpu_before=$(cpu_seconds_tree "$pid")
  run_tracked wrk "${wrk[@]:0:3}" -d"${DURATION}s" "${wrk[@]:3}" > "$report" 2>&1
  cpu_after=$(cpu_seconds_tree "$pid")
  local summary rss="-"
  summary=$("$PYTHON" "$LIB/wrk_summary.py" "$report") || {
    cat "$report" >&2
    die "wrk failed against $mode ($size, $conns connections)"
  }
  [[ $mode != nginx ]] && rss=$(peak_rss_mib "$pid")
  local cpu
  cpu=$(awk -v a="$cpu_before" -v b="$cpu_after" 'BEGIN { printf "%.3f", b - a }')
  echo "$mode $size $conns $summary $cpu $rss" >> "$RESULTS"
  read -r rps p50 p99 requests non2xx errors <<< "$summary"
  printf 'bench: %-10s %-5s %4s conns: %9s req/s  p50 %8s ms  p99 %8s ms  non-2xx %s  socket errors %s\n' \
    "$mode" "$size" "$conns" "$rps" "$p50" "$p99" "$non2xx" "$errors"
  (( requests > 0 )) || die "$mode answered no request at all ($size, $conns connections)"
  LAST_NON2XX=$non2xx
}

# check_broker_run NAME DB NON2XX REPORT: after the broker stopped (its audit queue is
# committed then), refuse to go on when it faulted valid traffic: any fault in its audit trail,
# or any non-200 kind in the wrk report, other than Server.Overloaded. That one is load
# shedding, which a correct broker may do to valid traffic: counted and reported, not fatal
# (it may be audited in aggregate only, so the report's kinds are what tell it apart).
check_broker_run() {
  local name=$1 db=$2 non2xx=$3 report=$4 breakdown kinds faults
  breakdown=$(audit_breakdown "$db")
  kinds=$(grep '^non-2xx: ' "$report" | sort -u)
  # "admin" rows are the registry's own records (the configuration's links seeded at the first
  # start), not traffic.
  faults=$(awk '$1 != "routed" && $1 != "admin" && $2 != "Server.Overloaded"' <<< "$breakdown")
  if [[ -n $faults ]] || grep -v '^non-2xx: HTTP 503 Server.Overloaded' <<< "$kinds" | grep -q . ||
     { (( non2xx > 0 )) && [[ -z $kinds ]]; }; then
    echo "bench: the broker's audit trail for this run (outcome, fault code, count):" >&2
    sed 's/^/  /' <<< "$breakdown" >&2
    echo "bench: what wrk got back (first of each kind, per thread):" >&2
    sed 's/^/  /' <<< "${kinds:-  (none recorded)}" >&2
    log_tail "$name"
    die "the broker answered $non2xx non-2xx replies to valid traffic ($name); see above"
  fi
  if (( non2xx > 0 )); then
    # Eight connections must never overload the broker: in a smoke run shedding is a failure.
    (( SMOKE )) && die "the broker shed $non2xx requests with Server.Overloaded at smoke scale ($name)"
    echo "bench: warning: $non2xx requests shed with Server.Overloaded ($name): $(cut -c1-80 <<< "$kinds" | head -n 1)" >&2
  fi
}

echo "bench: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), kernel $(uname -r)"
echo "bench: binaries from $BUILD_DIR; temp dir $WORK"

start_server unit "$UNIT" --port 0
wait_for_line unit 'listening on'
UNIT_PORT=$LISTEN_PORT
"$PYTHON" "$LIB/post_one.py" "$UNIT_PORT" / "$REQUEST" "$WORK/resp-1KiB.xml" ||
  die "the sample 住基 unit did not answer the 1 KiB request"
"$PYTHON" "$LIB/make_answer.py" "$WORK/resp-1KiB.xml" 65536 "$WORK/resp-64KiB.xml" ||
  die "could not build the 64 KiB answer"
start_replay_unit
start_ceiling_nginx
for size in "${SIZES[@]}"; do
  port_var="NGINX_PORT_$size"
  "$PYTHON" "$LIB/post_one.py" "${!port_var}" "$SERVICE_PATH" "$REQUEST" ||
    die "nginx does not pass the $size exchange through (logs: $WORK/nginx-error.log)"
done

# Validation off needs a broker that knows <schemas validate="false">. A config schema that
# does not know it may refuse the file or ignore the attribute, so ask the broker itself: with
# validation off, a schema-invalid request must not come back as Client.SchemaViolation.
MODES=(nginx full)
NOTES=()
make_config "$WORK/probe.xml" "http://127.0.0.1:$UNIT_PORT/" "http://127.0.0.1:9/" false
start_server probe "$RENKEI" serve --config "$WORK/probe.xml"
probe_answer=""
if try_wait_for_line probe 'renkei: listening on'; then
  probe_answer=$("$PYTHON" "$LIB/post_one.py" "$LISTEN_PORT" "$SERVICE_PATH" \
                   "$ROOT/examples/traffic/ido-joho-shokai.schema-invalid.xml" 2>&1; echo "exit $?")
fi
stop_server probe
if [[ -n $probe_answer ]] && ! grep -q 'Client.SchemaViolation' <<< "$probe_answer"; then
  MODES+=(novalidate)
else
  why="the broker ignored it: a schema-invalid request was refused with Client.SchemaViolation"
  [[ -z $probe_answer ]] && why="the broker did not start with it: $(tail -n 1 "$WORK/probe.log")"
  echo "bench: validation-off mode: not supported by this build ($why)"
  NOTES+=("validation-off mode: not supported by this build (<schemas validate=\"false\">: $why)")
fi

# measure_broker MODE SIZE CONNS BACKEND [WORKERS]: one fresh broker for one row, so its peak
# RSS and audit trail belong to that row alone. MODE full | novalidate | full-wN.
measure_broker() {
  local mode=$1 size=$2 conns=$3 backend=$4 workers=${5:-} validate=true
  [[ $mode == novalidate ]] && validate=false
  run=$((run + 1))
  local name="broker-$run-$mode-$size-$conns"
  make_config "$WORK/$name.xml" "$backend" "http://127.0.0.1:9/" "$validate" "$workers"
  start_broker "$name" "$WORK/$name.xml"
  "$PYTHON" "$LIB/post_one.py" "$BROKER_PORT" "$SERVICE_PATH" "$REQUEST" || {
    log_tail "$name"
    die "the broker ($mode) does not route a valid $size exchange"
  }
  measure "$mode" "$size" "$conns" "http://127.0.0.1:$BROKER_PORT$SERVICE_PATH" "$REQUEST" \
    "${SERVER_PID[$name]}"
  stop_server "$name"
  check_broker_run "$name" "$WORK/$name.db" "$LAST_NON2XX" "$LAST_REPORT"
}

# The connection count the targets speak of: 32, or the first one asked for.
target_conns=${CONNS[0]}
for conns in "${CONNS[@]}"; do [[ $conns == 32 ]] && target_conns=32; done

run=0
for size in "${SIZES[@]}"; do
  backend="http://127.0.0.1:$UNIT_PORT/"
  [[ $size == 64KiB ]] && backend="http://127.0.0.1:$REPLAY_PORT/"
  for conns in "${CONNS[@]}"; do
    # Modes side by side per size and connection count: on a shared, noisy box the ratio of
    # neighbouring runs is steadier than that of runs minutes apart. The target's pair (nginx
    # and the full path) goes round --rounds times; validation off once, after the first round.
    rounds=1
    [[ $size == 1KiB && $conns == "$target_conns" ]] && rounds=$ROUNDS
    for ((round = 1; round <= rounds; round++)); do
      for mode in "${MODES[@]}"; do
        [[ $mode == novalidate ]] && (( round > 1 )) && continue
        if [[ $mode == nginx ]]; then
          port_var="NGINX_PORT_$size"
          measure nginx "$size" "$conns" "http://127.0.0.1:${!port_var}$SERVICE_PATH" "$REQUEST" \
            "${SERVER_PID[nginx]}"
          (( LAST_NON2XX == 0 )) || die "nginx answered $LAST_NON2XX non-2xx ($size, $conns conns): see $WORK/nginx-error.log"
          # Let nginx's idle upstream connections expire before the unit serves the broker.
          (( conns > 48 )) && sleep 3
          continue
        fi
        measure_broker "$mode" "$size" "$conns" "$backend"
      done
    done
  done
done

# The issue's "8 -> 32 workers: throughput does not fall": the full path at 1 KiB with the
# example config's workers replaced, at the target's connection count, alternated --rounds times.
for ((round = 1; round <= ROUNDS; round++)); do
  for workers in $WORKERS; do
    measure_broker "full-w$workers" 1KiB "$target_conns" "http://127.0.0.1:$UNIT_PORT/" "$workers"
  done
done

# ---- bare Xerces validation --------------------------------------------------------------
BARE=""
if [[ -x $VALIDATE ]]; then
  BARE="$WORK/bare.txt"
  run_tracked validate_bench "$VALIDATE" --xsd "$ROOT/xsd" --threads 2 --seconds "$BARE_SECONDS" \
    "req-1KiB=$REQUEST" "resp-1KiB=$WORK/resp-1KiB.xml" "resp-64KiB=$WORK/resp-64KiB.xml" \
    > "$BARE" 2> "$WORK/validate_bench.log" || {
    cat "$WORK/validate_bench.log" >&2
    die "validate_bench failed"
  }
  sed 's/^/bench: bare validation: /' "$BARE"
else
  echo "bench: warning: $VALIDATE not built; bare validation baseline skipped"
  NOTES+=("bare validation: $VALIDATE not built")
  BARE=""
fi

# ---- scenarios ---------------------------------------------------------------------------
SCENARIOS="$WORK/scenarios.txt"
: > "$SCENARIOS"

make_config "$WORK/slow.xml" "http://127.0.0.1:$UNIT_PORT/" "http://127.0.0.1:9/" true
start_broker broker-slow "$WORK/slow.xml"
echo "bench: scenario slow clients (${SLOW_ARGS[*]})"
if run_tracked slow_clients "$PYTHON" "$LIB/slow_clients.py" --port "$BROKER_PORT" \
     --path "$SERVICE_PATH" --template "$REQUEST" "${SLOW_ARGS[@]}" > "$WORK/slow.txt"; then :; else
  FAILURES+=("slow clients: fresh callers were not all answered")
fi
grep -v '^RESULT' "$WORK/slow.txt" | sed 's/^/bench:   /'
sed -n 's/^RESULT/slow/p' "$WORK/slow.txt" >> "$SCENARIOS"
stop_server broker-slow

start_server silent "$PYTHON" "$LIB/silent_server.py"
wait_for_line silent 'listening on'
SILENT_PORT=$LISTEN_PORT
make_config "$WORK/silent.xml" "http://127.0.0.1:$UNIT_PORT/" "http://127.0.0.1:$SILENT_PORT/" true
start_broker broker-silent "$WORK/silent.xml"
echo "bench: scenario silent unit (${SILENT_ARGS[*]})"
if run_tracked silent_unit "$PYTHON" "$LIB/silent_unit.py" --port "$BROKER_PORT" \
     --stuck-template "$STUCK_REQUEST" --healthy-template "$REQUEST" "${SILENT_ARGS[@]}" \
     > "$WORK/silent.txt"; then :; else
  FAILURES+=("silent unit: healthy-path requests failed")
fi
grep -v '^RESULT' "$WORK/silent.txt" | sed 's/^/bench:   /'
sed -n 's/^RESULT/silent/p' "$WORK/silent.txt" >> "$SCENARIOS"
stop_server broker-silent
stop_server silent

# ---- the table ---------------------------------------------------------------------------
TABLE="$WORK/table.md"
{
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), Linux $(uname -r)"
  echo "Command: \`$COMMAND_LINE\` ($(date -u +%Y-%m-%dT%H:%MZ); binaries: $BUILD_DIR)"
  workers=$(grep -o 'workers="[0-9]*"' "$ROOT/config/renkei.example.xml" | grep -o '[0-9]*')
  echo "wrk: 2 threads, ${DURATION} s per run after ${WARMUP} s warm-up; broker: config/renkei.example.xml" \
       "($workers workers, SQLite audit in a temp dir); 1 KiB = $(wc -c < "$REQUEST") B request /" \
       "$(wc -c < "$WORK/resp-1KiB.xml") B answer from unit_juki; 64 KiB = same request /" \
       "$(wc -c < "$WORK/resp-64KiB.xml") B answer ($(grep -o '<juki:Jumin>' "$WORK/resp-64KiB.xml" | wc -l) Jumin records) replayed by nginx"
  echo
  note_args=()
  for note in "${NOTES[@]}"; do note_args+=(--note "$note"); done
  "$PYTHON" "$LIB/table.py" "$RESULTS" ${BARE:+--bare "$BARE"} --scenarios "$SCENARIOS" \
    --sizes "resp_64k=$(wc -c < "$WORK/resp-64KiB.xml")" "${note_args[@]}"
} > "$TABLE" || die "could not render the table"
echo
cat "$TABLE"
[[ -n $OUT ]] && cp "$TABLE" "$OUT"

if (( ${#FAILURES[@]} > 0 )); then
  printf 'bench: FAILED: %s\n' "${FAILURES[@]}" >&2
  exit 1
fi
echo "bench: ok"
