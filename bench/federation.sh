#!/usr/bin/env bash
# Issue 10's targets, measured on loopback with real brokers, units and stores:
#   (a) cross-cloud 照会 latency added by the peer hop: two brokers (cloud A, cloud B) over
#       ZeroMQ CURVE; p50/p99 of cross-cloud (unit -> A -> B -> unit) against local
#       (unit -> A -> unit) 照会, interleaved in the same run (lib/federation_latency.py).
#   (b) 通知 fan-out to 3 subscribers: notifications acknowledged per second (HTTP 200 with a
#       NotificationReceipt: durably in the outbox) on SQLite and on PostgreSQL, as a ratio of
#       synchronous 照会 throughput on the same broker in the same run (wrk, same connections and
#       duration), and how long the outbox takes to deliver every copy afterwards.
#
# bench/federation.sh [--smoke] [--build-dir DIR] [--n N] [--duration S] [--connections C]
#                     [--stores "sqlite postgresql"] [--keep]
# --build-dir: binaries there (default build/): broker/renkei, examples/unit_juki,
#   examples/unit_kokuho, tests/renkei_notify_receiver. Needs wrk and python3; PostgreSQL from
#   Debian's postgresql package (a throwaway cluster in the temp dir, run as user postgres when
#   started as root, fsync on as in service).
# --smoke: small N, 1 s runs; fails when anything is not answered as it should be or a copy is
#   not delivered; no timing is asserted (ctest: bench_federation_smoke).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LIB="$ROOT/bench/lib"
SMOKE=0 KEEP=0 BUILD_DIR="$ROOT/build" N="" DURATION="" CONNECTIONS="" STORES="sqlite postgresql"
while (( $# )); do
  case $1 in
    --smoke) SMOKE=1 ;;
    --keep) KEEP=1 ;;
    --build-dir) BUILD_DIR=$2; shift ;;
    --n) N=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --connections) CONNECTIONS=$2; shift ;;
    --stores) STORES=$2; shift ;;
    *) echo "usage: bench/federation.sh [--smoke] [--build-dir DIR] [--n N] [--duration S]" \
            "[--connections C] [--stores \"sqlite postgresql\"] [--keep]" >&2; exit 2 ;;
  esac
  shift
done
if (( SMOKE )); then
  : "${N:=20}" "${DURATION:=1}" "${CONNECTIONS:=4}"
  WARMUP=2 WARM_SECONDS=0
else
  : "${N:=500}" "${DURATION:=10}" "${CONNECTIONS:=16}"
  WARMUP=50 WARM_SECONDS=3
fi
PYTHON=/usr/bin/python3
[[ -x $PYTHON ]] || PYTHON=$(command -v python3)
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
RENKEI="$BUILD_DIR/broker/renkei"
UNIT_JUKI="$BUILD_DIR/examples/unit_juki"
UNIT_KOKUHO="$BUILD_DIR/examples/unit_kokuho"
RECEIVER="$BUILD_DIR/tests/renkei_notify_receiver"
for tool in "$RENKEI" "$UNIT_JUKI" "$UNIT_KOKUHO" "$RECEIVER" "$(command -v wrk)" "$PYTHON"; do
  [[ -x $tool ]] || { echo "bench: FAILED: missing ${tool:-wrk} (build the targets renkei example_units renkei_notify_receiver; ./renkei.sh deps installs wrk)" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/renkei-fedbench-XXXXXX)"
chmod 755 "$WORK"  # the PostgreSQL cluster below runs as user postgres
source "$LIB/procs.sh"
source "$LIB/postgres.sh"
cleanup() {
  stop_all_servers
  stop_postgres
  finish_bench bench
}
trap cleanup EXIT
trap 'exit 130' INT TERM
start_watchdog $$

xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }

# broker_config FILE STORE_XML UNITS_XML LINKS_XML EXTRA_XML [SERVICES_XML]: a broker on port 0
# (it prints the port it bound), admin off, the example's 照会 services.
broker_config() {
  cat > "$1" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<renkei xmlns="urn:renkei:config:v1">
  <listen host="127.0.0.1" port="0" workers="32"/>
  $2
  <admin enabled="false"/>
  <forwarding timeoutMs="5000" maxConcurrentPerReceiver="16" maxQueuedPerReceiver="8"/>
  $5
  <schemas xsdDir="$ROOT/xsd" wsdlDir="$ROOT/wsdl"/>
  $6
  <services>
    <service name="IdoJohoShokai" version="1" wsdl="juki.wsdl">
      <request ns="urn:renkei:unit:juki:v1" element="IdoJohoShokaiRequest"/>
      <response ns="urn:renkei:unit:juki:v1" element="IdoJohoShokaiResponse"/>
    </service>
    <service name="ShikakuJohoShokai" version="1" wsdl="kokuho.wsdl">
      <request ns="urn:renkei:unit:kokuho:v1" element="ShikakuJohoShokaiRequest"/>
      <response ns="urn:renkei:unit:kokuho:v1" element="ShikakuJohoShokaiResponse"/>
    </service>
    ${7:-}
  </services>
  <units>
$3
  </units>
  <links approver="情報政策課長">
$4
  </links>
</renkei>
XML
}
link_xml() {  # SENDER RECEIVER SERVICE PURPOSE
  echo "    <link sender=\"$1\" receiver=\"$2\" service=\"$3\" version=\"1\" purpose=\"$4\"" \
       "purposeName=\"bench\" legalBasis=\"bench\" status=\"active\"/>"
}
unit_xml() {  # ID [ENDPOINT]
  echo "    <unit id=\"$1\" name=\"$1\" owner=\"bench\"${2:+ endpoint=\"$2\"}/>"
}
start_broker() {  # NAME CONFIG -> LISTEN_PORT
  start_server "$1" "$RENKEI" serve --config "$2"
  wait_for_line "$1" 'renkei: listening on'
}

# ---- (a) cross-cloud latency ----------------------------------------------------------------
start_server juki "$UNIT_JUKI" --host 127.0.0.1 --port 0
wait_for_line juki 'listening on'
JUKI_URL="http://127.0.0.1:$LISTEN_PORT/"
start_server kokuho "$UNIT_KOKUHO" --host 127.0.0.1 --port 0
wait_for_line kokuho 'listening on'
KOKUHO_URL="http://127.0.0.1:$LISTEN_PORT/"

"$RENKEI" federation keygen --out "$WORK/cloud-a" > /dev/null || die "federation keygen failed"
"$RENKEI" federation keygen --out "$WORK/cloud-b" > /dev/null || die "federation keygen failed"
FED_A=$(free_port) || exit 1
FED_B=$(free_port) || exit 1
PUB_A=$(xml_escape < "$WORK/cloud-a.pub") PUB_B=$(xml_escape < "$WORK/cloud-b.pub")
broker_config "$WORK/a.xml" "<store kind=\"sqlite\" path=\"$WORK/a.db\"/>" \
  "$(unit_xml 062022/juki "$JUKI_URL"; unit_xml 062022/juminzei http://127.0.0.1:9/; unit_xml 062022/kokuho)" \
  "$(link_xml 062022/juki 062022/kokuho ShikakuJohoShokai JUKI-KIROKU; link_xml 062022/juminzei 062022/juki IdoJohoShokai JUMINZEI-FUKA)" \
  "" "<federation self=\"cloud-a\" listen=\"tcp://127.0.0.1:$FED_A\" curveSecretKeyFile=\"$WORK/cloud-a.key\">
    <peer name=\"cloud-b\" endpoint=\"tcp://127.0.0.1:$FED_B\" curvePublicKey=\"$PUB_B\"><hosts unit=\"062022/kokuho\"/></peer>
  </federation>"
broker_config "$WORK/b.xml" "<store kind=\"sqlite\" path=\"$WORK/b.db\"/>" \
  "$(unit_xml 062022/kokuho "$KOKUHO_URL"; unit_xml 062022/juki; unit_xml 062022/juminzei)" \
  "$(link_xml 062022/juki 062022/kokuho ShikakuJohoShokai JUKI-KIROKU)" \
  "" "<federation self=\"cloud-b\" listen=\"tcp://127.0.0.1:$FED_B\" curveSecretKeyFile=\"$WORK/cloud-b.key\">
    <peer name=\"cloud-a\" endpoint=\"tcp://127.0.0.1:$FED_A\" curvePublicKey=\"$PUB_A\"><hosts unit=\"062022/juki\"/><hosts unit=\"062022/juminzei\"/></peer>
  </federation>"
start_broker cloud-b "$WORK/b.xml"
start_broker cloud-a "$WORK/a.xml"
PORT_A=$LISTEN_PORT
for _ in $(seq 1 200); do grep -q 'connected to peer cloud-b' "$WORK/cloud-a.log" && break; sleep 0.05; done
grep -q 'connected to peer cloud-b' "$WORK/cloud-a.log" || { log_tail cloud-a; die "cloud A never connected to cloud B"; }

echo "== cross-cloud 照会 latency, loopback, $N sequential exchanges of each kind (after $WARMUP warm-up), interleaved"
"$PYTHON" "$LIB/federation_latency.py" "$PORT_A" "$N" "$WARMUP" "$ROOT/examples/traffic" > "$WORK/latency.txt" ||
  { cat "$WORK/latency.txt"; log_tail cloud-a; log_tail cloud-b; die "a 照会 failed"; }
awk '$1 == "cross" || $1 == "local" { printf "%-26s n=%-5s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms\n", ($1 == "cross" ? "cross-cloud (A -> B)" : "local (A)"), $2, $3, $4, $5 }
     $1 == "added" { printf "%-26s        p50 %7.2f ms   p99 %7.2f ms\n", "added by the peer hop", $2, $3 }' "$WORK/latency.txt"
for broker in a b; do
  "$RENKEI" audit verify --config "$WORK/$broker.xml" > "$WORK/verify-$broker.txt" 2>&1 ||
    { cat "$WORK/verify-$broker.txt"; die "the audit trail of cloud $broker does not verify"; }
done
stop_server cloud-a
stop_server cloud-b
stop_server kokuho

# ---- (b) 通知 fan-out to 3 subscribers ----------------------------------------------------------
NOTIFY_SERVICE='<service name="JuminIdoTsuchi" version="1" wsdl="juki.wsdl" kind="notification">
      <request ns="urn:renkei:unit:juki:v1" element="JuminIdoTsuchi"/>
      <response ns="urn:renkei:unit:juki:v1" element="JuminIdoTsuchiUketsuke"/>
      <subject ns="urn:renkei:unit:juki:v1" element="AtenaNo"/>
    </service>'
NOTIFY_ACTION='"urn:renkei:unit:juki:v1#JuminIdoTsuchi"'

run_wrk() {  # NAME PATH SCRIPT ARGS... -> "rps p50 p99 requests non2xx errors"
  local name=$1 path=$2 script=$3
  shift 3
  # Warm-up (not counted): first connections, the store's first statements and page cache.
  if (( WARM_SECONDS > 0 )); then
    wrk -t2 -c"$CONNECTIONS" -d"${WARM_SECONDS}s" -s "$LIB/$script" \
        "http://127.0.0.1:$PORT$path" -- "$@" > "$WORK/wrk-$name-warmup.txt" 2>&1
  fi
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$LIB/$script" \
      "http://127.0.0.1:$PORT$path" -- "$@" > "$WORK/wrk-$name.txt" 2>&1
  "$PYTHON" "$LIB/wrk_summary.py" "$WORK/wrk-$name.txt" || { cat "$WORK/wrk-$name.txt"; die "wrk $name failed"; }
}
copies_logged() { cat "$WORK"/copies-*.log 2>/dev/null | wc -l; }

echo
echo "== 通知 fan-out to 3 subscribers against 照会, $CONNECTIONS connections, ${DURATION} s each, same broker"
printf '%-11s %10s %13s %7s %17s %18s\n' store "照会/s" "通知 acked/s" ratio "copies delivered" "delivered copies/s"
for store in $STORES; do
  case $store in
    sqlite) STORE_XML="<store kind=\"sqlite\" path=\"$WORK/fanout.db\"/>" ;;
    postgresql)
      start_postgres || die "PostgreSQL did not start (Debian's postgresql package; see $WORK/postgres.log)"
      STORE_XML="<store kind=\"postgresql\" conninfo=\"$PG_CONNINFO\"/>" ;;
    *) die "unknown store $store (sqlite, postgresql)" ;;
  esac
  SUBS=()
  for sub in kokuho juminzei kaigo; do
    rm -f "$WORK/copies-$sub.log"
    start_server "sub-$sub" "$RECEIVER" --port 0 --log "$WORK/copies-$sub.log" --name "$sub"
    wait_for_line "sub-$sub" '^port '
    SUBS+=("http://127.0.0.1:$(awk '/^port / { print $2; exit }' "$WORK/sub-$sub.log")/")
  done
  broker_config "$WORK/fanout-$store.xml" "$STORE_XML" \
    "$(unit_xml 062022/juki "$JUKI_URL"; unit_xml 062022/kokuho "${SUBS[0]}"; unit_xml 062022/juminzei "${SUBS[1]}"; unit_xml 062022/kaigo "${SUBS[2]}")" \
    "$(link_xml 062022/kokuho 062022/juki IdoJohoShokai KOKUHO-SHIKAKU
       for sub in kokuho juminzei kaigo; do link_xml 062022/juki "062022/$sub" JuminIdoTsuchi JUKI-KIROKU; done)" \
    '<notifications workers="12" maxInFlightPerReceiver="4" pollMs="100" retryBaseMs="50" retryMaxMs="500"/>' \
    "" "$NOTIFY_SERVICE"
  start_broker "fanout-$store" "$WORK/fanout-$store.xml"
  PORT=$LISTEN_PORT
  read -r shokai_rps _ _ shokai_n shokai_bad shokai_err <<< "$(run_wrk "shokai-$store" /services/IdoJohoShokai post.lua "$ROOT/examples/traffic/ido-joho-shokai.kokuho-to-juki.xml")"
  started=$(date +%s%3N)
  read -r notify_rps _ _ notify_n notify_bad notify_err <<< "$(run_wrk "notify-$store" /services/JuminIdoTsuchi post_notify.lua "$LIB/jumin-ido-tsuchi.xml" "$NOTIFY_ACTION")"
  (( shokai_bad + shokai_err + notify_bad + notify_err == 0 )) || {
    log_tail "fanout-$store"; cat "$WORK/wrk-notify-$store.txt"
    die "$store: refused or failed requests (照会 non-2xx $shokai_bad, errors $shokai_err; 通知 non-2xx $notify_bad, errors $notify_err)"; }
  # Every notification wrk saw acknowledged, warm-up included, must reach all 3 subscribers.
  warm_n=0
  [[ -f $WORK/wrk-notify-$store-warmup.txt ]] &&
    warm_n=$(grep -oE '^ *[0-9]+ requests in' "$WORK/wrk-notify-$store-warmup.txt" | grep -oE '[0-9]+')
  expected=$(( (notify_n + ${warm_n:-0}) * 3 ))
  for _ in $(seq 1 1200); do (( $(copies_logged) >= expected )) && break; sleep 0.1; done
  drained=$(date +%s%3N)
  copies=$(copies_logged)
  (( copies >= expected )) || { log_tail "fanout-$store"; die "$store: $copies of $expected copies delivered after 120 s"; }
  awk -v s="$store" -v a="$shokai_rps" -v b="$notify_rps" -v c="$copies" -v e="$expected" \
      -v ms="$(( drained - started ))" \
      'BEGIN { printf "%-11s %10.1f %13.1f %7.2f %17s %18.1f\n", s, a, b, b / a, c "/" e, c / (ms / 1000) }'
  "$RENKEI" audit verify --config "$WORK/fanout-$store.xml" > "$WORK/verify-$store.txt" 2>&1 ||
    { cat "$WORK/verify-$store.txt"; die "$store: the audit trail does not verify"; }
  stop_server "fanout-$store"
  for sub in kokuho juminzei kaigo; do stop_server "sub-$sub"; done
done
echo
echo "bench: ok (n=$N, ${DURATION} s runs, $CONNECTIONS connections; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
