#!/usr/bin/env bash
# Issue 14's targets, measured on loopback with the real broker, adapter and units:
#   (a) file adapter: records per second from a generated CP932 住民異動 file (the juki-ido
#       layout, examples/adapters/make_ido_file.py) through `renkei-file send` to 通知 the
#       broker acknowledged (a NotificationReceipt: durably in its outbox, one copy each for
#       国保 and 住民税), as a ratio of the broker's own notification throughput in the same run:
#       the same topic posted directly by wrk (lib/post_notify.lua) with 1 connection (one
#       sequential sender, like `--window 1`) and with C connections (the adapter's default
#       window is 16 records in flight; --window W sets it).
#   (b) REST bridge: 異動情報照会 (IdoJohoShokai, 国保 -> 住基) per second as JSON with a fresh
#       HS256 client assertion per request (lib/post_rest.lua), as a ratio of the same 照会 as
#       SOAP (lib/post.lua) on the same broker, same connections and duration.
#
# bench/adapters.sh [--smoke] [--build-dir DIR] [--records N] [--duration S] [--connections C]
#                   [--window W] [--keep]
# --build-dir: binaries there (default build/): broker/renkei, adapters/file/renkei-file,
#   examples/unit_juki, tests/renkei_notify_receiver. Needs wrk, python3 and sqlite3.
# --records: records in the file (default 5000; the issue's figure is --records 100000).
# --smoke: 200 records, 1 s runs; fails when anything is refused or a copy is not delivered;
#   no timing is asserted.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB="$ROOT/bench/lib"
SMOKE=0 KEEP=0 BUILD_DIR="$ROOT/build" RECORDS="" DURATION="" CONNECTIONS="" WINDOW=16
while (( $# )); do
  case $1 in
    --smoke) SMOKE=1 ;;
    --keep) KEEP=1 ;;
    --build-dir) BUILD_DIR=${2:?--build-dir needs a directory}; shift ;;
    --records) RECORDS=${2:?--records needs a number}; shift ;;
    --duration) DURATION=${2:?--duration needs seconds}; shift ;;
    --connections) CONNECTIONS=${2:?--connections needs a number}; shift ;;
    --window) WINDOW=${2:?--window needs a number}; shift ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "usage: bench/adapters.sh [--smoke] [--build-dir DIR] [--records N] [--duration S]" \
            "[--connections C] [--window W] [--keep]" >&2; exit 2 ;;
  esac
  shift
done
if (( SMOKE )); then
  : "${RECORDS:=200}" "${DURATION:=1}" "${CONNECTIONS:=4}"
  WARM_SECONDS=0
else
  : "${RECORDS:=5000}" "${DURATION:=10}" "${CONNECTIONS:=16}"
  WARM_SECONDS=2
fi
[[ $RECORDS =~ ^[1-9][0-9]*$ ]] || { echo "bench: --records takes a positive number" >&2; exit 2; }
[[ $DURATION =~ ^[1-9][0-9]*$ ]] || { echo "bench: --duration takes whole seconds (wrk's -d)" >&2; exit 2; }
PYTHON=/usr/bin/python3
[[ -x $PYTHON ]] || PYTHON=$(command -v python3)
BUILD_DIR=$(cd "$BUILD_DIR" && pwd) || exit 2
RENKEI="$BUILD_DIR/broker/renkei"
FILE_ADAPTER="$BUILD_DIR/adapters/file/renkei-file"
UNIT_JUKI="$BUILD_DIR/examples/unit_juki"
RECEIVER="$BUILD_DIR/tests/renkei_notify_receiver"
for tool in "$RENKEI" "$FILE_ADAPTER" "$UNIT_JUKI" "$RECEIVER" "$(command -v wrk)" "$PYTHON"; do
  [[ -x $tool ]] || { echo "bench: FAILED: missing ${tool:-wrk} (build the targets renkei renkei-file example_units renkei_notify_receiver; ./renkei.sh deps installs wrk)" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/renkei-adapterbench-XXXXXX)"
source "$LIB/procs.sh"
trap 'finish_bench bench' EXIT
trap 'exit 130' INT TERM
start_watchdog $$
now_ms() { date +%s%3N; }

# ---- servers: 住基, two subscribers, one broker with the topic, the 照会 and <rest> ----------
start_server juki "$UNIT_JUKI" --host 127.0.0.1 --port 0
wait_for_line juki 'listening on'
JUKI_URL="http://127.0.0.1:$LISTEN_PORT/"
SUB_URLS=()
for sub in kokuho juminzei; do
  start_server "sub-$sub" "$RECEIVER" --port 0 --log "$WORK/copies-$sub.log" --name "$sub"
  wait_for_line "sub-$sub" '^port '
  SUB_URLS+=("http://127.0.0.1:$(awk '/^port / { print $2; exit }' "$WORK/sub-$sub.log")/")
done
copies_logged() { cat "$WORK"/copies-*.log 2>/dev/null | wc -l; }
# Copies owed to the subscribers: two for every 通知 the broker took (its audit record of the
# post, receiver 062022/subscribers). Counted by the broker, not by wrk, which does not count
# requests still in flight when it stops.
copies_owed() {
  sqlite3 "$WORK/broker.db" "SELECT 2 * count(*) FROM audit WHERE receiver = '062022/subscribers'
    AND outcome = 'routed'" 2>/dev/null || echo 0
}
# Until the outbox has delivered every copy owed (at most 300 s): so that one phase's
# deliveries do not run on the next phase's time.
wait_for_copies() {
  local owed
  for _ in $(seq 1 3000); do
    owed=$(copies_owed)
    (( $(copies_logged) >= owed )) && return 0
    sleep 0.1
  done
  log_tail broker
  die "$(copies_logged) of $owed copies delivered after 300 s"
}

( umask 077; "$PYTHON" -c 'import secrets; print(secrets.token_hex(32))' > "$WORK/kokuho-rest.secret" )
AUDIENCE="https://broker.bench.example/api/v1"
"$PYTHON" "$ROOT/examples/adapters/make_adapter_config.py" "$WORK/broker.xml" --root "$ROOT" \
  --workers 32 --store "$WORK/broker.db" --audience "$AUDIENCE" \
  --rest-secret "$WORK/kokuho-rest.secret" --juki "$JUKI_URL" --kokuho "${SUB_URLS[0]}" \
  --juminzei "${SUB_URLS[1]}" \
  --tuning '<forwarding timeoutMs="5000" maxConcurrentPerReceiver="16" maxQueuedPerReceiver="8"/>' \
  --tuning '<notifications workers="8" maxInFlightPerReceiver="4" pollMs="100" retryBaseMs="50" retryMaxMs="500"/>'
start_server broker "$RENKEI" serve --config "$WORK/broker.xml"
wait_for_line broker 'renkei: listening on'
PORT=$LISTEN_PORT

# run_wrk NAME PATH SCRIPT CONNECTIONS ARGS... -> "rps p50 p99 requests non2xx errors";
# BEFORE_WRK, if set, is run before each wrk (the warm-up and the measured run).
run_wrk() {
  local name=$1 path=$2 script=$3 connections=$4 threads=2
  shift 4
  (( connections < threads )) && threads=$connections
  if (( WARM_SECONDS > 0 )); then
    ${BEFORE_WRK:-}
    wrk -t"$threads" -c"$connections" -d"${WARM_SECONDS}s" -s "$LIB/$script" \
        "http://127.0.0.1:$PORT$path" -- "$@" > "$WORK/wrk-$name-warmup.txt" 2>&1
  fi
  ${BEFORE_WRK:-}
  wrk -t"$threads" -c"$connections" -d"${DURATION}s" --latency -s "$LIB/$script" \
      "http://127.0.0.1:$PORT$path" -- "$@" > "$WORK/wrk-$name.txt" 2>&1
  "$PYTHON" "$LIB/wrk_summary.py" "$WORK/wrk-$name.txt" || { cat "$WORK/wrk-$name.txt"; die "wrk $name failed"; }
}
no_failures() {  # NAME NON2XX ERRORS
  (( $2 + $3 == 0 )) || { log_tail broker; cat "$WORK/wrk-$1.txt"; die "$1: $2 non-2xx answers, $3 socket errors"; }
}

# ---- (a) file adapter against direct 通知 ---------------------------------------------------
# The same topic from the same unit: the bench template's header names 062022/juki-batch.
sed 's#<hdr:Sender>062022/juki<#<hdr:Sender>062022/juki-batch<#' "$LIB/jumin-ido-tsuchi.xml" > "$WORK/tsuchi.xml"
NOTIFY_ACTION='"urn:renkei:unit:juki:v1#JuminIdoTsuchi"'
"$PYTHON" "$ROOT/examples/adapters/make_ido_file.py" "$WORK/ido.dat" --records "$RECORDS"
read -r direct1_rps _ _ _ bad err <<< "$(run_wrk notify-1 /services/JuminIdoTsuchi post_notify.lua 1 "$WORK/tsuchi.xml" "$NOTIFY_ACTION")"
no_failures notify-1 "$bad" "$err"
wait_for_copies

started=$(now_ms)
"$FILE_ADAPTER" send "$WORK/ido.dat" --layout "$ROOT/adapters/file/layouts/juki-ido.xml" \
  --gaiji "$ROOT/adapters/file/layouts/gaiji-yonezawa.txt" --broker "http://127.0.0.1:$PORT/services" \
  --unit 062022/juki-batch --state "$WORK/file-state.db" --reject "$WORK/ido.rejects.tsv" \
  --window "$WINDOW" > "$WORK/file-send.txt" 2> "$WORK/file-send.progress"
status=$?
file_ms=$(( $(now_ms) - started ))
sent=$(awk '$1 == "sent" { print $2; exit }' "$WORK/file-send.txt")
(( status == 0 && ${sent:-0} == RECORDS )) || {
  cat "$WORK/file-send.txt"; tail -5 "$WORK/file-send.progress"; head -5 "$WORK/ido.rejects.tsv" 2>/dev/null
  die "renkei-file send: exit $status, ${sent:-0} of $RECORDS records sent"; }
wait_for_copies

read -r directc_rps _ _ _ bad err <<< "$(run_wrk notify-c /services/JuminIdoTsuchi post_notify.lua "$CONNECTIONS" "$WORK/tsuchi.xml" "$NOTIFY_ACTION")"
no_failures notify-c "$bad" "$err"
drain_started=$(now_ms)
wait_for_copies
drain_ms=$(( $(now_ms) - drain_started ))

file_rps=$(awk -v n="$RECORDS" -v ms="$file_ms" 'BEGIN { printf "%.1f", n / (ms / 1000) }')
echo "== (a) file adapter: $RECORDS-record CP932 file (320-byte juki-ido records) to acknowledged 通知, 2 subscribers"
printf '%-52s %12s %12s\n' "" "通知/s" "file/this"  # 通知 is 6 bytes, 4 columns wide
printf '%-52s %10.1f %12s\n' "renkei-file send ($RECORDS records, window $WINDOW, $(awk -v ms="$file_ms" 'BEGIN { printf "%.1f", ms / 1000 }') s)" "$file_rps" "1"
awk -v f="$file_rps" -v a="$direct1_rps" -v b="$directc_rps" -v c="$CONNECTIONS" -v d="$DURATION" 'BEGIN {
  printf "%-52s %10.1f %12.2f\n", "direct SOAP posts, 1 connection (" d " s)", a, f / a
  printf "%-52s %10.1f %12.2f\n", "direct SOAP posts, " c " connections (" d " s)", b, f / b }'
echo "every copy delivered to both subscribers: $(copies_logged)/$(copies_owed) (the last wrk run's drained $(awk -v ms="$drain_ms" 'BEGIN { printf "%.1f", ms / 1000 }') s after it)"

# ---- (b) REST bridge against the SOAP path -------------------------------------------------
read -r soap_rps soap_p50 soap_p99 _ bad err <<< "$(run_wrk soap /services/IdoJohoShokai post.lua "$CONNECTIONS" "$ROOT/examples/traffic/ido-joho-shokai.kokuho-to-juki.xml")"
no_failures soap "$bad" "$err"
# One assertion per request, fresh for each wrk run (the warm-up's jtis are spent); room for
# the REST path to run up to 1.5 times the SOAP rate.
tokens=$(awk -v r="$soap_rps" -v d="$DURATION" 'BEGIN { printf "%d", r * d * 1.5 + 1000 }')
make_tokens() {
  "$PYTHON" "$LIB/make_jwts.py" "$WORK/kokuho-rest.secret" 062022/kokuho "$AUDIENCE" "$tokens" \
    "$WORK/tokens.txt" 3000 || die "could not make the client assertions"
}
printf '{"AtenaNo":"000000000000001"}' > "$WORK/shokai.json"
threads=$(( CONNECTIONS < 2 ? CONNECTIONS : 2 ))
make_tokens  # here first: a failure inside run_wrk's $(...) would only leave the subshell
read -r rest_rps rest_p50 rest_p99 _ bad err <<< "$(BEFORE_WRK=make_tokens run_wrk rest /api/v1/IdoJohoShokai post_rest.lua "$CONNECTIONS" "$WORK/tokens.txt" "$WORK/shokai.json" "$threads")"
no_failures rest "$bad" "$err"
echo
echo "== (b) REST bridge against SOAP: IdoJohoShokai 国保 -> 住基, $CONNECTIONS connections, ${DURATION} s each"
printf '%-52s %10s %9s %9s %7s\n' "" "req/s" "p50 ms" "p99 ms" ratio
printf '%-52s %10.1f %9.2f %9.2f %7s\n' "SOAP 1.1 (POST /services/IdoJohoShokai)" "$soap_rps" "$soap_p50" "$soap_p99" 1
awk -v r="$rest_rps" -v p="$rest_p50" -v q="$rest_p99" -v s="$soap_rps" 'BEGIN {
  printf "%-52s %10.1f %9.2f %9.2f %7.2f\n", "REST/JSON + HS256 JWT (POST /api/v1/IdoJohoShokai)", r, p, q, r / s }'

"$RENKEI" audit verify --config "$WORK/broker.xml" > "$WORK/verify.txt" 2>&1 ||
  { cat "$WORK/verify.txt"; die "the audit trail does not verify"; }
echo
echo "bench: ok (records=$RECORDS, ${DURATION} s runs, $CONNECTIONS connections; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
