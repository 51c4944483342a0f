#!/usr/bin/env bash
# Where the broker's time goes per exchange, thread by thread: CPU and context switches of the
# event loop, the workers, the audit writer (threads are named, `top -H` shows the same names),
# and of the sample unit behind it. The measure of issue 7's remaining gap: a thread handoff
# costs a switch and a wake-up, and on a 2-core VM those cost more than the work they carry.
#
#   bench/threads.sh [--build-dir DIR] [--connections C] [--duration S] [--workers N]
#                    [--no-validation] [--smoke] [--keep]
#
# Starts the sample 住基 unit and the broker (config/renkei.example.xml as bench/run.sh
# configures it, SQLite trail in a temp dir) on kernel-chosen loopback ports, drives the broker
# with wrk (2 threads, bench/lib/post.lua: the 1 KiB 異動情報照会 with a fresh MessageId each time)
# for a 2 s warm-up and then S seconds, and reads every thread's run time
# (/proc/PID/task/TID/schedstat, nanoseconds) and voluntary and involuntary switches
# (/proc/PID/task/TID/status) before and after the measured run. It prints, per thread name and
# per exchange answered: CPU µs, voluntary switches (the thread waited: for work, a socket, a
# lock, a commit) and involuntary ones (preempted), and how many threads of that name ran at all.
# Threads that exited during the run (the unit's, one per connection it closed) are counted from
# the process's own CPU time (/proc/PID/stat). Last, the whole machine (/proc/stat): what every
# process used per exchange, wrk and the kernel's own threads included, and what stayed idle.
#
#   --build-dir D    binaries in D (default: build/ of this checkout, as ./renkei.sh build makes)
#   --connections C  wrk connections (default 32)
#   --duration S     measured seconds (default 5)
#   --workers N      the broker's <listen workers> (default: the example's)
#   --no-validation  the broker with <schemas validate="false">
#   --smoke          1 s warm-up and 1 s at 4 connections: checks that it runs and that the
#                    threads it names exist; no figures worth quoting. What ctest runs
#                    (bench_threads_smoke).
#   --keep           keep the temp dir (config, logs, wrk report) and print its path
#
# Exit 0 when the run worked; 1 when a server did not start, an answer was not 2xx, or the
# broker's event loop, workers or audit writer were not found by name.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB="$ROOT/bench/lib"
BUILD="$ROOT/build" CONNECTIONS=32 DURATION=5 WARMUP=2 WORKERS="" VALIDATE=true KEEP=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --build-dir) BUILD=$(cd "${2:?--build-dir needs a directory}" && pwd) || exit 2; shift ;;
    --connections) CONNECTIONS=${2:?--connections needs a number}; shift ;;
    --duration) DURATION=${2:?--duration needs seconds}; shift ;;
    --workers) WORKERS=${2:?--workers needs a number}; shift ;;
    --no-validation) VALIDATE=false ;;
    --smoke) CONNECTIONS=4 DURATION=1 WARMUP=1 ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "threads: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for n in "$CONNECTIONS" "$DURATION" ${WORKERS:+"$WORKERS"}; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "threads: --connections, --duration and --workers take whole numbers" >&2; exit 2; }
done
for tool in "$BUILD/broker/renkei" "$BUILD/examples/unit_juki" "$(command -v wrk)"; do
  [[ -x $tool ]] || { echo "threads: FAILED: missing ${tool:-wrk} (./renkei.sh build makes the binaries; ./renkei.sh deps installs wrk)" >&2; exit 1; }
done
REQUEST="$ROOT/examples/traffic/ido-joho-shokai.kokuho-to-juki.xml"

WORK="$(mktemp -d /tmp/renkei-threads-XXXXXX)"
source "$LIB/procs.sh"
source "$LIB/broker_config.sh"
trap 'finish_bench threads' EXIT
trap 'exit 130' INT TERM
start_watchdog $$

# sample PID LABEL: one line per thread: "LABEL TID NAME RUN_NS VOLUNTARY INVOLUNTARY".
sample() {
  local pid=$1 label=$2 task name run volunteered preempted
  for task in /proc/"$pid"/task/*; do
    name=$(cat "$task/comm" 2>/dev/null) || continue
    read -r run _ < "$task/schedstat" 2>/dev/null || continue
    volunteered=$(awk '/^voluntary_ctxt_switches:/ { print $2 }' "$task/status" 2>/dev/null)
    preempted=$(awk '/^nonvoluntary_ctxt_switches:/ { print $2 }' "$task/status" 2>/dev/null)
    echo "$label ${task##*/} ${name// /_} $run ${volunteered:-0} ${preempted:-0}"
  done
  # The process's own user + system time counts its exited threads too: the sample unit serves
  # each connection on a thread of its own, and a connection that ends during the run (the unit
  # closes it after 1,000 requests) takes its thread's CPU out of the lines above.
  local ticks
  ticks=$(awk '{ print $14 + $15 }' /proc/"$pid"/stat 2>/dev/null) || return
  echo "$label 0 @process $(( ticks * 1000000000 / $(getconf CLK_TCK) )) 0 0"
}

# box: the whole machine's busy and idle nanoseconds, from /proc/stat (every CPU, in USER_HZ).
box() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / {
    busy = $2 + $3 + $4 + $7 + $8 + $9; idle = $5 + $6
    printf "box busy @busy %.0f 0 0\nbox idle @idle %.0f 0 0\n", busy * 1e9 / hz, idle * 1e9 / hz }' /proc/stat
}

start_server unit "$BUILD/examples/unit_juki" --port 0
wait_for_line unit 'listening on'
make_config "$WORK/broker.xml" "http://127.0.0.1:$LISTEN_PORT/" "http://127.0.0.1:9/" "$VALIDATE" "$WORKERS"
start_server broker "$BUILD/broker/renkei" serve --config "$WORK/broker.xml"
wait_for_line broker 'renkei: listening on'
URL="http://127.0.0.1:$LISTEN_PORT/services/IdoJohoShokai"
BROKER_PID=${SERVER_PID[broker]} UNIT_PID=${SERVER_PID[unit]}

echo "threads: broker $BUILD/broker/renkei, $CONNECTIONS connections, ${DURATION} s, validation $VALIDATE${WORKERS:+, $WORKERS workers}"
echo "threads: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
WRK=(wrk -t2 -c"$CONNECTIONS" --timeout 10s --latency -s "$LIB/post.lua")
"${WRK[@]}" -d"${WARMUP}s" "$URL" -- "$REQUEST" > /dev/null 2>&1
# The machine is read right before and right after the measured run: reading the threads takes
# a moment during which the box is idle, and that idle is not the broker's.
{ sample "$BROKER_PID" broker; sample "$UNIT_PID" unit; box; } > "$WORK/before"
"${WRK[@]}" -d"${DURATION}s" "$URL" -- "$REQUEST" > "$WORK/wrk.txt" 2>&1
{ box; sample "$BROKER_PID" broker; sample "$UNIT_PID" unit; } > "$WORK/after"
SUMMARY=$(/usr/bin/python3 "$LIB/wrk_summary.py" "$WORK/wrk.txt") || die "wrk failed: $(head -c 300 "$WORK/wrk.txt")"
read -r RPS _ _ REQUESTS NON2XX _ <<< "$SUMMARY"
(( NON2XX == 0 )) || die "the broker answered $NON2XX requests with non-2xx"
(( REQUESTS > 0 )) || die "the broker answered nothing"
echo "threads: $REQUESTS exchanges answered, $RPS req/s"

/usr/bin/python3 - "$WORK/before" "$WORK/after" "$REQUESTS" <<'EOF'
import sys
from collections import defaultdict

def read(path):
    rows = {}
    for line in open(path):
        label, tid, name, run, vol, invol = line.split()
        rows[(label, tid)] = (name, int(run), int(vol), int(invol))
    return rows

before, after, exchanges = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
groups = defaultdict(lambda: [0, 0, 0, 0, 0])  # threads that ran, ns, voluntary, involuntary, all
process_ns = {}  # label -> the process's CPU over the run, exited threads included
box_ns = {}      # "@busy" / "@idle" -> the machine's, every CPU
for key, (name, run, vol, invol) in after.items():
    if name.startswith("@"):
        spent = run - before.get(key, (name, 0, 0, 0))[1]
        if key[0] == "box":
            box_ns[name] = spent
        else:
            process_ns[key[0]] = spent
        continue
    was = before.get(key, (name, 0, 0, 0))  # a thread started during the run counts from zero
    group = groups[(key[0], name)]
    group[4] += 1
    if run > was[1]:
        group[0] += 1
    group[1] += run - was[1]
    group[2] += vol - was[2]
    group[3] += invol - was[3]

print()
print("| process | thread | threads (ran) | CPU µs / exch | voluntary switches / exch | involuntary / exch |")
print("|---|---|--:|--:|--:|--:|")
totals = defaultdict(lambda: [0, 0, 0])
for (label, name), (ran, ns, vol, invol, count) in sorted(groups.items(), key=lambda g: (g[0][0], -g[1][1])):
    if ns == 0 and vol == 0 and invol == 0:
        continue
    print(f"| {label} | {name} | {count} ({ran}) | {ns / 1e3 / exchanges:.1f} | {vol / exchanges:.2f} | {invol / exchanges:.2f} |")
    totals[label][0] += ns
    totals[label][1] += vol
    totals[label][2] += invol
for label, (ns, vol, invol) in sorted(totals.items()):
    # Exited threads' CPU is known only as the process total's excess (10 ms ticks; switches not).
    # Ticks and schedstat disagree by a few percent: less than 5% more is not taken for exits.
    exited = process_ns.get(label, 0) - ns
    if exited > 0.05 * ns:
        print(f"| {label} | (threads that exited) | | {exited / 1e3 / exchanges:.1f} | | |")
        ns += exited
    print(f"| {label} | **all** | | **{ns / 1e3 / exchanges:.1f}** | **{vol / exchanges:.2f}** | **{invol / exchanges:.2f}** |")
if box_ns:
    busy, idle = box_ns.get("@busy", 0), box_ns.get("@idle", 0)
    others = busy - sum(process_ns.values())
    print(f"| machine | busy, every process (besides these two: wrk, kernel threads, anything else running: {others / 1e3 / exchanges:.1f}) | | **{busy / 1e3 / exchanges:.1f}** | | |")
    print(f"| machine | idle | | {idle / 1e3 / exchanges:.1f} | | |")
print()

names = {name for (label, name) in groups if label == "broker"}
missing = [n for n in ("renkei-loop", "renkei-worker", "audit-writer") if n not in names]
if missing:
    print(f"threads: FAILED: no broker thread named {', '.join(missing)} (thread_name.h)")
    sys.exit(1)
EOF
