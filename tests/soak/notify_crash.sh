#!/usr/bin/env bash
# 通知 crash test: posts N notifications to three subscribers through a real broker (SQLite),
# kill -9s the broker at a random moment while it posts and delivers, restarts it, waits until
# every acknowledged notification has reached every subscriber, and prints
#   acked=A delivered=D expected=A*3 lost=L duplicates=X
# Exits non-zero unless lost and duplicates are 0 (tests/soak/notify_count.py says what counts).
#
#   tests/soak/notify_crash.sh BUILD_DIR N      e.g. tests/soak/notify_crash.sh build 10000
set -euo pipefail

BUILD_DIR=$(cd "${1:?usage: notify_crash.sh BUILD_DIR N}" && pwd)
COUNT=${2:?usage: notify_crash.sh BUILD_DIR N}
HERE=$(cd "$(dirname "$0")" && pwd)
SOURCE_DIR=$(cd "$HERE/../.." && pwd)
RENKEI="$BUILD_DIR/broker/renkei"
RECEIVER="$BUILD_DIR/tests/renkei_notify_receiver"
WORK=$(mktemp -d /tmp/renkei-notify-crash.XXXXXX)
PIDS=()
BROKER_PID=""

cleanup() {
  [[ -n "$BROKER_PID" ]] && kill "$BROKER_PID" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ "${RENKEI_KEEP:-0}" != 1 ]]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Sets RECEIVER_PORT. Not called as $(start_receiver ...): in that subshell PIDS+= would be lost
# and cleanup would leave the receivers running after the test.
start_receiver() {  # name
  local name=$1
  "$RECEIVER" --port 0 --log "$WORK/$name.log" --name "$name" >"$WORK/$name.port" 2>>"$WORK/$name.err" &
  PIDS+=($!)
  for _ in $(seq 100); do
    grep -q '^port ' "$WORK/$name.port" 2>/dev/null && break
    sleep 0.05
  done
  RECEIVER_PORT=$(awk '/^port /{print $2}' "$WORK/$name.port")
}

start_receiver kokuho
KOKUHO=$RECEIVER_PORT
start_receiver juminzei
JUMINZEI=$RECEIVER_PORT
start_receiver kaigo
KAIGO=$RECEIVER_PORT
PORT=$(free_port)

cat >"$WORK/renkei.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<renkei xmlns="urn:renkei:config:v1">
  <listen host="127.0.0.1" port="$PORT" workers="16"/>
  <store kind="sqlite" path="$WORK/renkei.db"/>
  <admin enabled="false"/>
  <forwarding timeoutMs="5000"/>
  <notifications maxAttempts="1000" retryBaseMs="50" retryMaxMs="500" workers="12"
                 maxInFlightPerReceiver="4" pollMs="100"/>
  <schemas xsdDir="$SOURCE_DIR/xsd" wsdlDir="$SOURCE_DIR/wsdl"/>
  <services>
    <service name="JuminIdoTsuchi" version="1" wsdl="juki.wsdl" kind="notification">
      <request ns="urn:renkei:unit:juki:v1" element="JuminIdoTsuchi"/>
      <response ns="urn:renkei:unit:juki:v1" element="JuminIdoTsuchiUketsuke"/>
      <subject ns="urn:renkei:unit:juki:v1" element="AtenaNo"/>
    </service>
  </services>
  <units>
    <unit id="062022/juki" name="住民基本台帳" endpoint="http://127.0.0.1:9/" owner="市民課"/>
    <unit id="062022/kokuho" name="国保" endpoint="http://127.0.0.1:$KOKUHO/" owner="国保年金課"/>
    <unit id="062022/juminzei" name="住民税" endpoint="http://127.0.0.1:$JUMINZEI/" owner="税務課"/>
    <unit id="062022/kaigo" name="介護保険" endpoint="http://127.0.0.1:$KAIGO/" owner="介護保険課"/>
  </units>
  <links approver="情報政策課長">
    <link sender="062022/juki" receiver="062022/kokuho" service="JuminIdoTsuchi" version="1"
          purpose="KOKUHO-SHIKAKU" purposeName="国民健康保険の資格管理" legalBasis="国民健康保険法 第9条"
          status="active"/>
    <link sender="062022/juki" receiver="062022/juminzei" service="JuminIdoTsuchi" version="1"
          purpose="JUMINZEI-FUKA" purposeName="個人住民税の賦課" legalBasis="地方税法 第294条"
          status="active"/>
    <link sender="062022/juki" receiver="062022/kaigo" service="JuminIdoTsuchi" version="1"
          purpose="KAIGO-SHIKAKU" purposeName="介護保険の資格管理" legalBasis="介護保険法 第10条"
          status="active"/>
  </links>
</renkei>
XML

start_broker() {
  "$RENKEI" serve --config "$WORK/renkei.xml" >>"$WORK/broker.out" 2>>"$WORK/broker.err" &
  BROKER_PID=$!
  for _ in $(seq 200); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "broker did not start; see $WORK/broker.err" >&2
  cat "$WORK/broker.err" >&2
  return 1
}

delivered_all() {  # every acknowledged notification in every receiver's log
  local acked
  acked=$(sort -u "$WORK/acked" | wc -l)
  for name in kokuho juminzei kaigo; do
    [[ $(awk '{print $3}' "$WORK/$name.log" 2>/dev/null | sort -u | wc -l) -ge $acked ]] || return 1
  done
}

start_broker
touch "$WORK/acked"
python3 "$HERE/notify_post.py" 127.0.0.1 "$PORT" "$COUNT" "$WORK/acked" &
POSTER=$!
PIDS+=($POSTER)

# The kill lands at a random moment after some notifications were acknowledged: while posts are
# arriving and copies are going out.
TARGET=$(( (RANDOM % (COUNT / 2 + 1)) + 1 ))
while [[ $(wc -l <"$WORK/acked") -lt $TARGET ]] && kill -0 "$POSTER" 2>/dev/null; do sleep 0.01; done
sleep "0.$(( RANDOM % 10 ))"
kill -9 "$BROKER_PID"
wait "$BROKER_PID" 2>/dev/null || true
echo "killed the broker with kill -9 after $(wc -l <"$WORK/acked") acknowledged" >&2
start_broker

wait "$POSTER" || { echo "the poster failed" >&2; exit 1; }
for _ in $(seq 1200); do
  delivered_all && break
  sleep 0.1
done
# Let anything still in flight land, so a late duplicate would be seen too.
sleep 0.5
"$RENKEI" audit verify --config "$WORK/renkei.xml" >&2 || { echo "audit trail broken" >&2; exit 1; }
python3 "$HERE/notify_count.py" "$WORK/acked" "$WORK/renkei.db" \
  "$WORK/kokuho.log" "$WORK/juminzei.log" "$WORK/kaigo.log"
