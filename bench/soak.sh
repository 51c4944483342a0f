#!/usr/bin/env bash
# The broker's memory over a long run at a steady load below its peak: issue 7's "RSS flat
# (under 5% growth) over a 10-minute run at half of peak load".
#
#   bench/soak.sh [--build-dir DIR] [--minutes M] [--load FRACTION] [--connections C]
#                 [--interval S] [--skew S] [--out FILE] [--smoke] [--keep]
#
# Starts the sample 住基 unit and the broker (config/renkei.example.xml, SQLite trail) on
# kernel-chosen loopback ports, finds the peak (wrk flat out, the 1 KiB 異動情報照会 with a fresh
# MessageId per request), then paces wrk (bench/lib/post_paced.lua: a pause after each answer,
# calibrated in a short trial) to FRACTION of that peak for M minutes, sampling the broker's
# VmRSS every S seconds. Growth is the last sample against a baseline sample taken once the
# broker is in its steady state: after the first minute (parser pools, idle unit connections
# and SQLite's page cache filled) and after the replay window (see --skew), when the run is
# long enough for both; what grows after that is what a broker running for weeks would keep
# growing. When the window is longer than the run, the baseline is at one minute and the
# report says that the growth includes the window filling. At the end
# the broker is stopped and `renkei audit verify` must find the trail intact, with at least one
# record for every exchange answered (refusals have records too, so it may hold more).
#
#   --build-dir D    binaries in D (default: build/ of this checkout, as ./renkei.sh build makes)
#   --minutes M      length of the paced run, whole minutes (default 10)
#   --load F         the paced rate as a fraction of the peak, 0 < F <= 1 (default 0.5)
#   --connections C  wrk connections, for the peak and the paced run (default 32)
#   --interval S     seconds between RSS samples (default 10)
#   --skew S         <replay maxClockSkewSeconds> for the run (default: the example's 300). The
#                    replay guard keeps every claimed MessageId for twice the skew, so with the
#                    default it grows through the first 10 minutes of any run by design (rate x
#                    600 s x the bytes of a claim); a smaller skew shows what follows once the
#                    window is full. The report names the window.
#   --out FILE       also write the report (markdown) to FILE
#   --smoke          tiny scale (1 s peak, 8 s paced, 1 s samples, 4 connections): checks that
#                    every step works and every answer is audited; no growth verdict. What ctest
#                    runs (bench_soak_smoke).
#   --keep           keep the temp dir (config, logs, wrk reports, samples) and print its path
#
# Exit 0 when every step worked, whatever the growth (the report says whether the target is
# met); 1 when a server did not start, an answer was not 2xx, or the audit check failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB="$ROOT/bench/lib"
SKEW="" BUILD_DIR="$ROOT/build" MINUTES=10 LOAD=0.5 CONNECTIONS=32 INTERVAL=10 OUT="" SMOKE=0 KEEP=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --build-dir) BUILD_DIR=${2:?--build-dir needs a directory}; shift ;;
    --minutes) MINUTES=${2:?--minutes needs a number}; shift ;;
    --load) LOAD=${2:?--load needs a fraction}; shift ;;
    --connections) CONNECTIONS=${2:?--connections needs a number}; shift ;;
    --interval) INTERVAL=${2:?--interval needs seconds}; shift ;;
    --skew) SKEW=${2:?--skew needs seconds}; shift ;;
    --out) OUT=${2:?--out needs a file}; shift ;;
    --smoke) SMOKE=1 ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "soak: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for n in "$MINUTES" "$CONNECTIONS" "$INTERVAL" ${SKEW:+"$SKEW"}; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "soak: --minutes, --connections, --interval and --skew take whole numbers" >&2; exit 2; }
done
awk -v f="$LOAD" 'BEGIN { exit !(f + 0 > 0 && f + 0 <= 1) }' ||
  { echo "soak: --load takes a fraction of the peak, above 0 and at most 1 (got $LOAD)" >&2; exit 2; }
if (( SMOKE )); then
  SOAK_SECONDS=8 BASELINE_AT=2 INTERVAL=1 CONNECTIONS=4 PEAK_SECONDS=1 TRIAL_SECONDS=1
else
  SOAK_SECONDS=$((MINUTES * 60)) BASELINE_AT=60 PEAK_SECONDS=5 TRIAL_SECONDS=5
  (( SOAK_SECONDS > 2 * BASELINE_AT )) || BASELINE_AT=$((SOAK_SECONDS / 4))
fi
PYTHON=/usr/bin/python3
[[ -x $PYTHON ]] || PYTHON=$(command -v python3)
RENKEI="$BUILD_DIR/broker/renkei"
UNIT="$BUILD_DIR/examples/unit_juki"
for tool in "$RENKEI" "$UNIT" "$(command -v wrk)" "$PYTHON"; do
  [[ -x $tool ]] || { echo "soak: FAILED: missing ${tool:-wrk or python3} (./renkei.sh build makes the binaries; ./renkei.sh deps installs wrk)" >&2; exit 1; }
done
REQUEST="$ROOT/examples/traffic/ido-joho-shokai.kokuho-to-juki.xml"

WORK="$(mktemp -d /tmp/renkei-soak-XXXXXX)"
source "$LIB/procs.sh"
source "$LIB/broker_config.sh"
cleanup() {
  [[ -n ${WRK_PID:-} ]] && kill -TERM "$WRK_PID" 2>/dev/null
  finish_bench soak
}
trap cleanup EXIT
trap 'exit 130' INT TERM
start_watchdog $$

say() { echo "soak: $*" >&2; }
rss_mib() { awk '/^VmRSS:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status" 2>/dev/null; }

start_server unit "$UNIT" --port 0
wait_for_line unit 'listening on'
make_config "$WORK/broker.xml" "http://127.0.0.1:$LISTEN_PORT/" "http://127.0.0.1:9/" true
if [[ -n $SKEW ]]; then
  sed -i "s#<replay maxClockSkewSeconds=\"[0-9]*\"#<replay maxClockSkewSeconds=\"$SKEW\"#" "$WORK/broker.xml"
  grep -qF "maxClockSkewSeconds=\"$SKEW\"" "$WORK/broker.xml" ||
    die "config/renkei.example.xml changed: no <replay maxClockSkewSeconds> to set (fix soak.sh)"
fi
SKEW_USED=$(sed -n 's#.*<replay maxClockSkewSeconds="\([0-9]*\)".*#\1#p' "$WORK/broker.xml")
[[ -n $SKEW_USED ]] || die "config/renkei.example.xml changed: no <replay maxClockSkewSeconds> (fix soak.sh)"
# Claims are kept for twice the skew; a baseline after that leaves a quarter of the run at least.
WINDOW=$((2 * SKEW_USED))
WINDOW_FILLS=0
if (( ! SMOKE && WINDOW + INTERVAL > BASELINE_AT && 4 * (WINDOW + INTERVAL) <= 3 * SOAK_SECONDS )); then
  BASELINE_AT=$((WINDOW + INTERVAL))
elif (( WINDOW + INTERVAL > BASELINE_AT )); then
  WINDOW_FILLS=1
fi
start_server broker "$RENKEI" serve --config "$WORK/broker.xml"
wait_for_line broker 'renkei: listening on'
URL="http://127.0.0.1:$LISTEN_PORT/services/IdoJohoShokai"
BROKER_PID=${SERVER_PID[broker]}
ANSWERED=0

# drive NAME SECONDS [PAUSE_MS]: one wrk run (flat out, or paced), in the background so the
# caller can sample meanwhile; sets WRK_PID. finish NAME: waits, checks, counts its answers and
# sets SUMMARY (req/s p50 p99 requests non2xx socket_errors). Globals, not output: a $(...)
# subshell could neither wait for wrk nor count, and die() there would only leave it.
drive() {
  local name=$1 seconds=$2 pause=${3:-}
  local script=(-s "$LIB/post.lua" "$URL" -- "$REQUEST")
  [[ -n $pause ]] && script=(-s "$LIB/post_paced.lua" "$URL" -- "$REQUEST" "$pause")
  wrk -t2 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s --latency "${script[@]}" \
    > "$WORK/$name.wrk" 2>&1 &
  WRK_PID=$!
  echo "$WRK_PID wrk-$name" >> "$WORK/pids"
}
finish() {
  local name=$1 summary
  wait "$WRK_PID"
  WRK_PID=""
  summary=$("$PYTHON" "$LIB/wrk_summary.py" "$WORK/$name.wrk") ||
    die "wrk failed ($name): $(head -c 300 "$WORK/$name.wrk")"
  local _rps _p50 _p99 requests non2xx errors
  read -r _rps _p50 _p99 requests non2xx errors <<< "$summary"
  (( non2xx == 0 )) || die "the broker answered $non2xx requests with non-2xx ($name run)"
  (( requests > 0 )) || die "the broker answered nothing ($name run)"
  ANSWERED=$((ANSWERED + requests))
  SUMMARY=$summary
}

say "broker pid $BROKER_PID; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
drive warmup 2; finish warmup
drive peak "$PEAK_SECONDS"
finish peak
read -r PEAK _ <<< "$SUMMARY"
TARGET=$(awk -v p="$PEAK" -v f="$LOAD" 'BEGIN { printf "%.0f", p * f }')
(( TARGET > 0 )) || die "the peak run answered too little to pace ($PEAK req/s)"
# A connection's cycle is its latency plus the pause; the trial measures the latency at about
# the target rate, and the pause is set so that the cycle gives the target.
CYCLE_MS=$(awk -v c="$CONNECTIONS" -v t="$TARGET" 'BEGIN { printf "%.3f", 1000 * c / t }')
PAUSE=$(awk -v c="$CYCLE_MS" 'BEGIN { printf "%.0f", c }')
drive trial "$TRIAL_SECONDS" "$PAUSE"
finish trial
read -r TRIAL _ <<< "$SUMMARY"
PAUSE=$(awk -v c="$CYCLE_MS" -v conns="$CONNECTIONS" -v got="$TRIAL" -v p="$PAUSE" \
  'BEGIN { lat = 1000 * conns / got - p; if (lat < 0) lat = 0; q = c - lat; if (q < 0) q = 0; printf "%.0f", q }')
say "peak $PEAK req/s at $CONNECTIONS connections; pacing to $TARGET req/s ($LOAD of peak): pause $PAUSE ms after each answer"

SAMPLES="$WORK/samples"
drive soak "$SOAK_SECONDS" "$PAUSE"
START=$(date +%s.%N)
printf '%s %s %s\n' 0 "$(rss_mib "$BROKER_PID")" "$(cpu_seconds "$BROKER_PID")" > "$SAMPLES"
next=$INTERVAL
while kill -0 "$WRK_PID" 2>/dev/null; do
  now=$(awk -v s="$START" -v n="$(date +%s.%N)" 'BEGIN { print n - s }')
  if awk -v a="$now" -v b="$next" 'BEGIN { exit !(a >= b) }'; then
    printf '%s %s %s\n' "$next" "$(rss_mib "$BROKER_PID")" "$(cpu_seconds "$BROKER_PID")" >> "$SAMPLES"
    (( SMOKE )) || say "$next s: RSS $(tail -n 1 "$SAMPLES" | cut -d' ' -f2) MiB"
    next=$((next + INTERVAL))
  fi
  sleep 0.2
done
finish soak
read -r SOAK_RPS SOAK_P50 SOAK_P99 _ <<< "$SUMMARY"
kill -0 "$BROKER_PID" 2>/dev/null || die "the broker exited during the run"
stop_server broker

VERIFY=$("$RENKEI" audit verify --config "$WORK/broker.xml" 2>&1)
VERIFY_STATUS=$?
RECORDS=$(sed -n 's/^audit trail OK: \([0-9]*\) records.*/\1/p' <<< "$VERIFY")
(( VERIFY_STATUS == 0 )) && [[ -n $RECORDS ]] ||
  die "renkei audit verify failed after the run: $(head -c 400 <<< "$VERIFY")"
(( RECORDS >= ANSWERED )) ||
  die "the trail holds $RECORDS records but $ANSWERED exchanges were answered: some were not audited"

REPORT=$("$PYTHON" - "$SAMPLES" "$BASELINE_AT" "$SMOKE" "$WINDOW_FILLS" <<EOF
import sys
samples = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
baseline_at, smoke, window_fills = float(sys.argv[2]), sys.argv[3] == "1", sys.argv[4] == "1"
base = next((s for s in samples if s[0] >= baseline_at), samples[-1])
last = samples[-1]
growth = 100 * (last[1] - base[1]) / base[1]
after = [s[1] for s in samples if s[0] >= baseline_at]
print("| after s | RSS MiB | broker CPU % since the previous sample |")
print("|--:|--:|--:|")
step = max(1, len(samples) // 12)  # about a dozen rows, the first, the baseline and the last
shown = sorted(set(samples[::step]) | {samples[0], base, last})
prev = None
for s in shown:
    cpu = "-" if prev is None else f"{100 * (s[2] - prev[2]) / (s[0] - prev[0]):.0f}"
    print(f"| {s[0]:.0f} | {s[1]:.1f} | {cpu} |")
    prev = s
print()
print(f"- paced run: $SOAK_RPS req/s for ${SOAK_SECONDS} s at $CONNECTIONS connections "
      f"({100 * $SOAK_RPS / $PEAK:.0f}% of the peak, $PEAK req/s); p50 $SOAK_P50 ms, p99 $SOAK_P99 ms")
print(f"- RSS {base[1]:.1f} MiB at {base[0]:.0f} s, {last[1]:.1f} MiB at the end ({growth:+.1f}%); "
      f"highest after {base[0]:.0f} s: {max(after):.1f} MiB")
if not smoke:
    verdict = "met" if growth < 5 else "NOT met"
    print(f"- RSS growth over the run: {growth:+.1f}% (target: under 5%) — {verdict}")
print(f"- replay window (claims kept): $WINDOW s (maxClockSkewSeconds $SKEW_USED)"
      + ("; longer than the time after the baseline, so the growth includes the replay guard "
         "filling with the window's claims (by design; --skew shows the steady state)"
         if window_fills else "; the baseline is after it"))
print(f"- audit trail after the run: intact, $RECORDS records for $ANSWERED answered exchanges")
EOF
) || die "could not summarise the samples"
{
  echo "bench/soak.sh: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, build $BUILD_DIR"
  echo
  echo "$REPORT"
} | tee ${OUT:+"$OUT"}
