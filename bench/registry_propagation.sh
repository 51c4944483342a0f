#!/usr/bin/env bash
# How long a registry change takes to govern a running broker: `renkei links suspend` from
# another process, then the same request is sent every 5 ms until the broker refuses it with
# Client.LinkNotRegistered. Repeated N times (suspend, measure, resume, wait until routed again),
# for each registryPollMs given. Prints median, p90 and max in milliseconds next to the poll
# interval: the ratio median/poll should stay near 0.5 (a change lands, on average, half an
# interval before the next poll) and max should not pass one interval plus a probe (~5-10 ms).
#
# Usage: bench/registry_propagation.sh [BUILD_DIR] [ROUNDS] [POLL_MS...]
#   defaults: build/, 20 rounds, poll intervals 50 250
# Uses loopback ports 28080 (broker), 28081 (admin) and 28181 (sample 住基 unit).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
ROUNDS="${2:-20}"
shift 2 2>/dev/null || shift $#
POLLS=("$@")
[[ ${#POLLS[@]} -eq 0 ]] && POLLS=(50 250)
RENKEI="$BUILD/broker/renkei"
UNIT="$BUILD/examples/unit_juki"
REQUEST="$ROOT/examples/traffic/ido-joho-shokai.kokuho-to-juki.xml"
URL="http://127.0.0.1:28080/services/IdoJohoShokai"

for tool in "$RENKEI" "$UNIT"; do
  [[ -x "$tool" ]] || { echo "bench: $tool is missing; build first (./renkei.sh build)" >&2; exit 2; }
done
WORK="$(mktemp -d /tmp/renkei-bench-XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_for_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "bench: nothing listens on 127.0.0.1:$1 (logs in $WORK)" >&2
  exit 1
}
now_ms() { date +%s%3N; }
answer_of() { curl -s -H 'Content-Type: text/xml; charset=utf-8' --data-binary @"$REQUEST" "$URL"; }
refused() { answer_of | grep -q 'Client.LinkNotRegistered'; }
routed() { ! answer_of | grep -q 'Fault'; }

"$UNIT" --port 28181 > "$WORK/unit.log" 2>&1 &
PIDS+=($!)
wait_for_port 28181

printf '%-14s %6s %8s %8s %8s %12s\n' registryPollMs rounds median p90 max median/poll
for poll in "${POLLS[@]}"; do
  config="$WORK/renkei-$poll.xml"
  sed -e 's/port="8080"/port="28080"/; s/port="8081"/port="28081"/' \
      -e "s#<store kind=\"sqlite\" path=\"../var/renkei.db\"/>#<store kind=\"sqlite\" path=\"$WORK/renkei-$poll.db\" registryPollMs=\"$poll\"/>#" \
      -e 's#http://127.0.0.1:18081/#http://127.0.0.1:28181/#' \
      -e "s#\"../xsd\"#\"$ROOT/xsd\"#; s#\"../wsdl\"#\"$ROOT/wsdl\"#" \
      "$ROOT/config/renkei.example.xml" > "$config"
  "$RENKEI" serve --config "$config" > "$WORK/broker-$poll.log" 2>&1 &
  broker=$!
  wait_for_port 28080
  link=$("$RENKEI" links list --config "$config" --sender 062022/kokuho --receiver 062022/juki \
           --service IdoJohoShokai --format csv | awk -F, 'NR == 2 { print $1 }')
  routed || { echo "bench: the link does not route before the first suspension" >&2; exit 1; }
  samples=()
  for _ in $(seq 1 "$ROUNDS"); do
    # "Routed again" is seen just after a poll; without a random pause every suspension would
    # land at the same phase of the poll cycle and measure the worst case, not the spread.
    sleep "$(awk -v ms=$((RANDOM % poll)) 'BEGIN { printf "%.3f", ms / 1000 }')"
    "$RENKEI" links suspend "$link" --reason bench --actor bench --config "$config" > /dev/null
    start=$(now_ms)
    until refused; do
      (( $(now_ms) - start > 10000 )) && { echo "bench: not refused after 10 s" >&2; exit 1; }
      sleep 0.005
    done
    samples+=($(( $(now_ms) - start )))
    "$RENKEI" links resume "$link" --actor bench --config "$config" > /dev/null
    until routed; do sleep 0.01; done
  done
  kill "$broker"; wait "$broker" 2>/dev/null
  sorted=($(printf '%s\n' "${samples[@]}" | sort -n))
  n=${#sorted[@]}
  median=${sorted[$(( n / 2 ))]}
  p90=${sorted[$(( (n * 9) / 10 < n ? (n * 9) / 10 : n - 1 ))]}
  max=${sorted[$(( n - 1 ))]}
  awk -v poll="$poll" -v n="$n" -v median="$median" -v p90="$p90" -v max="$max" \
    'BEGIN { printf "%-14s %6d %8d %8d %8d %12.2f\n", poll, n, median, p90, max, median / poll }'
done
