#!/usr/bin/env bash
# Two builds of the broker alternated on the same load, to tell a change from this machine's
# noise (one run.sh row is a single sample that swings by ±20% on a shared box).
#
#   bench/ab.sh --a BUILD_DIR --b BUILD_DIR [--rounds N] [--duration S] [--connections C]
#               [--no-validation] [--b-store DIR] [--b-store-attr 'NAME="VALUE"']
#               [--a-sed 'SED-EXPRESSION'] [--b-sed 'SED-EXPRESSION'] [--keep]
#
# Each round runs a fresh broker from each build (A then B, B then A in the next round, so
# neither always follows the other), configured as bench/run.sh does (config/renkei.example.xml,
# SQLite in a temp dir) in front of build A's sample 住基 unit, driven by wrk (2 threads,
# bench/lib/post.lua: the 1 KiB IdoJohoShokai with a fresh MessageId and Timestamp each time)
# for a 2 s warm-up and then S seconds (default 5) at C connections (default 32); 4 rounds by
# default. Each run prints req/s (2xx answers) and the broker's CPU (user + system) per
# exchange; the end prints each build's medians and B as a ratio of A.
#
# --b-store DIR puts B's SQLite trail in DIR instead of the temp dir: with the same build as A
# and B and DIR on tmpfs (/dev/shm, where fdatasync does nothing), the difference is what the
# durable audit commit costs.
#
# --b-store-attr 'NAME="VALUE"' adds that attribute to B's <store> element: with the same build
# as A and B, the difference is what a store setting does, e.g. --b-store-attr
# 'auditCommitDelayMicros="0"' (the audit group commit not waiting for companions).
#
# --b-sed 'EXPR' edits B's configuration with that sed expression (any element, e.g.
# 's#maxConcurrentPerReceiver="16"#maxConcurrentPerReceiver="32"#'), --a-sed A's; a configuration
# an expression leaves unchanged is an error, so a mistyped one never passes for "no difference".
# With one build as both, e.g. --a-sed 's#workers="64"#workers="8"#' --b-sed
# 's#workers="64"#workers="32"#' compares 8 with 32 workers.
#
# Exit 0 when every run worked; 1 when a broker did not start or a run had non-2xx answers.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB="$ROOT/bench/lib"
A="" B="" ROUNDS=4 DURATION=5 CONNECTIONS=32 VALIDATE=true KEEP=0 B_STORE="" B_STORE_ATTR="" A_SED="" B_SED=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --a) A=$(cd "${2:?--a needs a build directory}" && pwd) || exit 2; shift ;;
    --b) B=$(cd "${2:?--b needs a build directory}" && pwd) || exit 2; shift ;;
    --rounds) ROUNDS=${2:?--rounds needs a number}; shift ;;
    --duration) DURATION=${2:?--duration needs seconds}; shift ;;
    --connections) CONNECTIONS=${2:?--connections needs a number}; shift ;;
    --no-validation) VALIDATE=false ;;
    --b-store) B_STORE=$(cd "${2:?--b-store needs a directory}" && pwd) || exit 2; shift ;;
    --b-store-attr) B_STORE_ATTR=${2:?--b-store-attr needs NAME=\"VALUE\"}; shift ;;
    --a-sed) A_SED=${2:?--a-sed needs a sed expression}; shift ;;
    --b-sed) B_SED=${2:?--b-sed needs a sed expression}; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "ab: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ -n $A && -n $B ]] || { echo "ab: --a and --b are both needed (see --help)" >&2; exit 2; }
for n in "$ROUNDS" "$DURATION" "$CONNECTIONS"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "ab: --rounds, --duration and --connections take whole numbers" >&2; exit 2; }
done
for tool in "$A/broker/renkei" "$B/broker/renkei" "$A/examples/unit_juki" "$(command -v wrk)"; do
  [[ -x $tool ]] || { echo "ab: FAILED: missing ${tool:-wrk}" >&2; exit 1; }
done
REQUEST="$ROOT/examples/traffic/ido-joho-shokai.kokuho-to-juki.xml"

WORK="$(mktemp -d /tmp/renkei-ab-XXXXXX)"
B_DIR=$WORK
[[ -n $B_STORE ]] && B_DIR=$(mktemp -d "$B_STORE/renkei-ab-XXXXXX")
source "$LIB/procs.sh"
source "$LIB/broker_config.sh"
cleanup() {
  (( KEEP )) || [[ $B_DIR == "$WORK" ]] || rm -rf "$B_DIR"
  finish_bench ab
}
trap cleanup EXIT
trap 'exit 130' INT TERM
start_watchdog $$

start_server unit "$A/examples/unit_juki" --port 0
wait_for_line unit 'listening on'
UNIT_PORT=$LISTEN_PORT

# run_one BUILD LABEL ROUND: one fresh broker, warm-up, measured run; appends "LABEL rps us".
run_one() {
  local build=$1 label=$2 round=$3 name="broker-$2-$3" dir=$WORK
  [[ $label == B ]] && dir=$B_DIR
  make_config "$dir/$name.xml" "http://127.0.0.1:$UNIT_PORT/" "http://127.0.0.1:9/" "$VALIDATE"
  if [[ $label == B && -n $B_STORE_ATTR ]]; then
    sed -i "s|<store |<store $B_STORE_ATTR |" "$dir/$name.xml"
    grep -qF "<store $B_STORE_ATTR " "$dir/$name.xml" || die "--b-store-attr: no <store> element to add it to"
  fi
  local edit=$A_SED
  [[ $label == B ]] && edit=$B_SED
  if [[ -n $edit ]]; then
    cp "$dir/$name.xml" "$dir/$name.unedited"
    sed -i -e "$edit" "$dir/$name.xml" || die "--${label,,}-sed: sed refused the expression"
    ! cmp -s "$dir/$name.xml" "$dir/$name.unedited" ||
      die "--${label,,}-sed: the expression changed nothing in $label's configuration"
  fi
  start_server "$name" "$build/broker/renkei" serve --config "$dir/$name.xml"
  wait_for_line "$name" 'renkei: listening on'
  local url="http://127.0.0.1:$LISTEN_PORT/services/IdoJohoShokai" pid=${SERVER_PID[$name]}
  local wrk=(wrk -t2 -c"$CONNECTIONS" --timeout 10s --latency -s "$LIB/post.lua")
  "${wrk[@]}" -d2s "$url" -- "$REQUEST" > /dev/null 2>&1
  local before after summary
  before=$(cpu_seconds "$pid")
  "${wrk[@]}" -d"${DURATION}s" "$url" -- "$REQUEST" > "$WORK/$name.wrk" 2>&1
  after=$(cpu_seconds "$pid")
  stop_server "$name"
  summary=$(/usr/bin/python3 "$LIB/wrk_summary.py" "$WORK/$name.wrk") ||
    die "wrk failed against build $label: $(head -c 300 "$WORK/$name.wrk")"
  local rps requests non2xx
  read -r rps _ _ requests non2xx _ <<< "$summary"
  (( non2xx == 0 )) || die "build $label answered $non2xx requests with non-2xx (round $round)"
  (( requests > 0 )) || die "build $label answered nothing (round $round)"
  local us
  us=$(awk -v a="$before" -v b="$after" -v n="$requests" 'BEGIN { printf "%.0f", (b - a) * 1e6 / n }')
  printf 'ab: round %d  %s  %9s req/s  %5s µs CPU per exchange\n' "$round" "$label" "$rps" "$us"
  echo "$label $rps $us" >> "$WORK/results"
}

echo "ab: A = $A, B = $B${B_STORE:+ (trail in $B_STORE)}${B_STORE_ATTR:+ (<store $B_STORE_ATTR>)}${A_SED:+ (A configuration edited: $A_SED)}${B_SED:+ (B configuration edited: $B_SED)}; $ROUNDS rounds of ${DURATION} s at $CONNECTIONS connections, validation $VALIDATE"
echo "ab: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then
    run_one "$A" A "$round"; run_one "$B" B "$round"
  else
    run_one "$B" B "$round"; run_one "$A" A "$round"
  fi
done

/usr/bin/python3 - "$WORK/results" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
median = {}
for label in "AB":
    rps = [float(r[1]) for r in rows if r[0] == label]
    us = [float(r[2]) for r in rows if r[0] == label]
    median[label] = (statistics.median(rps), statistics.median(us))
    print(f"ab: median {label}: {median[label][0]:,.0f} req/s (min {min(rps):,.0f}, max {max(rps):,.0f}), "
          f"{median[label][1]:.0f} µs CPU per exchange (min {min(us):.0f}, max {max(us):.0f})")
print(f"ab: B/A: req/s {median['B'][0] / median['A'][0]:.2f}, CPU per exchange {median['B'][1] / median['A'][1]:.2f}")
EOF
