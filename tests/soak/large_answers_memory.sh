#!/usr/bin/env bash
# Large answers leave no memory behind: a real broker (the renkei binary, SQLite) in front of a
# unit answering 8 MiB per request takes three bursts of 8 concurrent requests, then goes quiet.
# Within 45 s its resident memory must be back within 16 MiB of what it was before the bursts
# (issue 7: "eight concurrent 8 MB answers leave RSS at 223 MB for good"). On jemalloc, freed
# pages go back after the dirty-page decay (from its background thread once the broker is quiet);
# with purging off (MALLOC_CONF=dirty_decay_ms:-1) the pages stay and this test fails.
#
#   tests/soak/large_answers_memory.sh BUILD_DIR [SANITIZED]
#
# SANITIZED=1 (an ASan build): exit 77, skipped. ASan holds freed memory in its quarantine on
# purpose, so resident memory says nothing about the broker there.
set -uo pipefail

BUILD_DIR=$(cd "${1:?usage: large_answers_memory.sh BUILD_DIR [SANITIZED]}" && pwd) || exit 2
if [[ ${2:-0} == 1 || ${2:-0} == ON ]]; then
  echo "large_answers_memory: skipped: a sanitizer build keeps freed memory on purpose"
  exit 77
fi
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIB="$ROOT/bench/lib" PYTHON=/usr/bin/python3
WORK=$(mktemp -d /tmp/renkei-large-answers.XXXXXX)
source "$LIB/procs.sh"
source "$LIB/broker_config.sh"
trap 'finish_bench large_answers_memory' EXIT
trap 'exit 130' INT TERM
start_watchdog $$

BURSTS=3 CONCURRENT=8 SLACK_MIB=16 WAIT_S=45
REQUEST="$ROOT/examples/traffic/ido-joho-shokai.kokuho-to-juki.xml"

start_server unit "$PYTHON" "$ROOT/tests/soak/big_answer_unit.py"
wait_for_line unit 'listening on'
make_config "$WORK/broker.xml" "http://127.0.0.1:$LISTEN_PORT/" "http://127.0.0.1:9/" true ""
# Every answer here is refused: the unit's breaker would open after 5 and spare the broker the
# very reading this test is about.
sed -i 's#breakerFailures="5"#breakerFailures="1000"#' "$WORK/broker.xml"
grep -q 'breakerFailures="1000"' "$WORK/broker.xml" || die "config/renkei.example.xml changed: no breakerFailures=\"5\""
start_server broker "$BUILD_DIR/broker/renkei" serve --config "$WORK/broker.xml"
wait_for_line broker 'renkei: listening on'
BROKER_PID=${SERVER_PID[broker]}
for _ in $(seq 1 50); do grep -q 'memory allocator' "$WORK/broker.log" && break; sleep 0.1; done
echo "large_answers_memory: $(grep -o 'memory allocator.*' "$WORK/broker.log")"

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$BROKER_PID/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

# One request first, so what every exchange allocates once (parsers, pools) is in the baseline.
"$PYTHON" "$LIB/post_one.py" "$LISTEN_PORT" /services/IdoJohoShokai "$REQUEST" > "$WORK/first" 2>&1
grep -q 'Server.InvalidResponse' "$WORK/first" ||
  die "the broker did not refuse the 8 MiB answer as expected: $(head -c 300 "$WORK/first")"
BASE=$(rss_kib)
echo "large_answers_memory: before the bursts $(mib "$BASE")"

PEAK=$BASE
for burst in $(seq 1 "$BURSTS"); do
  pids=()
  for i in $(seq 1 "$CONCURRENT"); do
    "$PYTHON" "$LIB/post_one.py" "$LISTEN_PORT" /services/IdoJohoShokai "$REQUEST" \
      > "$WORK/post.$burst.$i" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  for i in $(seq 1 "$CONCURRENT"); do
    grep -q 'Server.InvalidResponse' "$WORK/post.$burst.$i" ||
      die "burst $burst, request $i: no Server.InvalidResponse: $(head -c 300 "$WORK/post.$burst.$i")"
  done
  now=$(rss_kib)
  (( now > PEAK )) && PEAK=$now
  echo "large_answers_memory: after burst $burst $(mib "$now")"
done

LIMIT=$(( BASE + SLACK_MIB * 1024 ))
for second in $(seq 1 "$WAIT_S"); do
  sleep 1
  now=$(rss_kib)
  if (( now <= LIMIT )); then
    echo "large_answers_memory: PASS: $(mib "$now") after ${second} s quiet (peak $(mib "$PEAK"), limit $(mib "$LIMIT"))"
    exit 0
  fi
  (( second % 5 == 0 )) && echo "large_answers_memory: ${second} s quiet: $(mib "$now")"
done
echo "large_answers_memory: FAILED: $(mib "$(rss_kib)") after ${WAIT_S} s quiet, more than ${SLACK_MIB} MiB over $(mib "$BASE") before the bursts (peak $(mib "$PEAK"))" >&2
exit 1
