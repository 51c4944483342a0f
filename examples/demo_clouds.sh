#!/usr/bin/env bash
# The two-cloud scenes of `./renkei.sh demo` (issue 10, docs/federation.md): 米沢市's units run in
# two vendors' clouds, each cloud with its own broker and store, the brokers federated over
# ZeroMQ CURVE. Cloud A: 住基 (unit_juki) and 住民税; cloud B: 国保. 住民税 and 国保 subscribe to
# 住民異動通知 (JuminIdoTsuchi); the stand-in subscribers are tests/renkei_notify_receiver,
# which log every copy they acknowledge.
# Usage: examples/demo_clouds.sh BUILD_DIR
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
RENKEI="$BUILD/broker/renkei"
CLIENT="$BUILD/examples/renkei_sample_client"
RECEIVER="$BUILD/tests/renkei_notify_receiver"
DIR="$ROOT/var/clouds"
DEMO_LOGS="$DIR"
source "$ROOT/examples/demo_lib.sh"
declare -A PID_OF
# Until FILE holds PATTERN at least N times (at most 20 s).
wait_for_lines() {
  for _ in $(seq 1 400); do
    [ "$(grep -c -- "$2" "$1" 2>/dev/null)" -ge "$3" ] && return 0
    sleep 0.05
  done
  echo "demo: $1 never held $3 line(s) with '$2'" >&2
  return 1
}

require_free_ports 8090 8092 17701 17702 18191 18192 18193
rm -rf "$DIR"
mkdir -p "$DIR"

# Z85 keys use & < >, which an XML attribute writes as entities.
xml_key() { sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g' "$1"; }
"$RENKEI" federation keygen --out "$DIR/cloud-a" > /dev/null
"$RENKEI" federation keygen --out "$DIR/cloud-b" > /dev/null

# What both registries hold: the services, the topic, and the links (each link is registered on
# both sides, as across clouds it must be).
shared() {
  cat <<XML
  <notifications maxAttempts="50" retryBaseMs="200" retryMaxMs="1000" pollMs="100"/>
  <schemas xsdDir="$ROOT/xsd" wsdlDir="$ROOT/wsdl"/>
  $1
  <services>
    <service name="IdoJohoShokai" version="1" wsdl="juki.wsdl">
      <request ns="urn:renkei:unit:juki:v1" element="IdoJohoShokaiRequest"/>
      <response ns="urn:renkei:unit:juki:v1" element="IdoJohoShokaiResponse"/>
    </service>
    <service name="ShikakuJohoShokai" version="1" wsdl="kokuho.wsdl">
      <request ns="urn:renkei:unit:kokuho:v1" element="ShikakuJohoShokaiRequest"/>
      <response ns="urn:renkei:unit:kokuho:v1" element="ShikakuJohoShokaiResponse"/>
    </service>
    <service name="JuminIdoTsuchi" version="1" wsdl="juki.wsdl" kind="notification">
      <request ns="urn:renkei:unit:juki:v1" element="JuminIdoTsuchi"/>
      <response ns="urn:renkei:unit:juki:v1" element="JuminIdoTsuchiUketsuke"/>
      <subject ns="urn:renkei:unit:juki:v1" element="AtenaNo"/>
    </service>
  </services>
  <units>
$2
  </units>
  <links approver="情報政策課長">
    <link sender="062022/kokuho" receiver="062022/juki" service="IdoJohoShokai" version="1"
          purpose="KOKUHO-SHIKAKU" purposeName="国民健康保険の資格管理に関する事務"
          legalBasis="国民健康保険法 第9条" status="active"/>
    <link sender="062022/juminzei" receiver="062022/juki" service="IdoJohoShokai" version="1"
          purpose="JUMINZEI-FUKA" purposeName="個人住民税の賦課に関する事務"
          legalBasis="地方税法 第294条" status="active"/>
    <link sender="062022/juki" receiver="062022/kokuho" service="ShikakuJohoShokai" version="1"
          purpose="JUKI-KIROKU" purposeName="住民基本台帳の記録に関する事務"
          legalBasis="住民基本台帳法 第7条" status="active"/>
    <link sender="062022/juki" receiver="062022/kokuho" service="JuminIdoTsuchi" version="1"
          purpose="KOKUHO-SHIKAKU" purposeName="国民健康保険の資格管理に関する事務"
          legalBasis="国民健康保険法 第9条" status="active"/>
    <link sender="062022/juki" receiver="062022/juminzei" service="JuminIdoTsuchi" version="1"
          purpose="JUMINZEI-FUKA" purposeName="個人住民税の賦課に関する事務"
          legalBasis="地方税法 第294条" status="active"/>
  </links>
</renkei>
XML
}
config_head() {  # port, store
  cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<renkei xmlns="urn:renkei:config:v1">
  <listen host="127.0.0.1" port="$1" workers="16"/>
  <store kind="sqlite" path="$DIR/$2.db"/>
  <admin enabled="false"/>
  <forwarding timeoutMs="5000"/>
XML
}
{
  config_head 8090 cloud-a
  shared "<federation self=\"cloud-a\" listen=\"tcp://127.0.0.1:17701\" curveSecretKeyFile=\"$DIR/cloud-a.key\" heartbeatMs=\"500\">
    <peer name=\"cloud-b\" endpoint=\"tcp://127.0.0.1:17702\" curvePublicKey=\"$(xml_key "$DIR/cloud-b.pub")\">
      <hosts unit=\"062022/kokuho\"/>
    </peer>
  </federation>" '    <unit id="062022/juki" name="住民基本台帳システム" endpoint="http://127.0.0.1:18191/"
          owner="米沢市 市民課" connection="plain"/>
    <unit id="062022/juminzei" name="個人住民税システム" endpoint="http://127.0.0.1:18193/"
          owner="米沢市 税務課" connection="plain"/>
    <unit id="062022/kokuho" name="国民健康保険システム (cloud B)" owner="米沢市 国保年金課"/>'
} > "$DIR/cloud-a.xml"
{
  config_head 8092 cloud-b
  shared "<federation self=\"cloud-b\" listen=\"tcp://127.0.0.1:17702\" curveSecretKeyFile=\"$DIR/cloud-b.key\" heartbeatMs=\"500\">
    <peer name=\"cloud-a\" endpoint=\"tcp://127.0.0.1:17701\" curvePublicKey=\"$(xml_key "$DIR/cloud-a.pub")\">
      <hosts unit=\"062022/juki\"/><hosts unit=\"062022/juminzei\"/>
    </peer>
  </federation>" '    <unit id="062022/kokuho" name="国民健康保険システム" endpoint="http://127.0.0.1:18192/"
          owner="米沢市 国保年金課" connection="plain"/>
    <unit id="062022/juki" name="住民基本台帳システム (cloud A)" owner="米沢市 市民課"/>
    <unit id="062022/juminzei" name="個人住民税システム (cloud A)" owner="米沢市 税務課"/>'
} > "$DIR/cloud-b.xml"

start() {  # name, command...
  local name="$1"; shift
  "$@" >> "$DIR/$name.out" 2>> "$DIR/$name.err" &
  PID_OF[$name]=$!
  PIDS+=($!)
}
stop() { kill -9 "${PID_OF[$1]}" 2>/dev/null; wait "${PID_OF[$1]}" 2>/dev/null; }
start_receiver() { start "$1" "$RECEIVER" --port "$2" --log "$DIR/$1.log" --name "$1"; wait_for_port "$2"; }
start_broker() { start "$1" "$RENKEI" serve --config "$DIR/$1.xml"; wait_for_port "$2"; }

# A traffic file with MessageId $2 (default: a new one) and the current Timestamp.
fresh() {
  sed -e "s#<hdr:MessageId>[^<]*#<hdr:MessageId>${2:-$(cat /proc/sys/kernel/random/uuid)}#" \
    -e "s#<hdr:Timestamp>[^<]*#<hdr:Timestamp>$(date -u +%Y-%m-%dT%H:%M:%SZ)#" "$1"
}
# A 住民異動通知 from 住基 to every subscriber about 宛名番号 $1, posted at cloud A's broker;
# the subscribers' logs show it as $2. Copies about one 宛名番号 arrive in posting order.
declare -A LABEL_OF
post_notice() {
  local id body answer
  id=$(cat /proc/sys/kernel/random/uuid)
  LABEL_OF[$id]=$2
  body=$(fresh "$ROOT/examples/traffic/jumin-ido-tsuchi.juki-to-kokuho.xml" "$id" \
    | sed -e "s#<hdr:Receiver>[^<]*#<hdr:Receiver>062022/subscribers#" \
      -e "s#<juki:AtenaNo>[^<]*#<juki:AtenaNo>$1#")
  answer=$(printf '%s' "$body" | curl -s -H 'Content-Type: text/xml; charset=utf-8' \
    --data-binary @- http://127.0.0.1:8090/services/JuminIdoTsuchi)
  echo "    通知 $2 (宛名番号 $1): accepted by cloud A, copies: $(printf '%s' "$answer" \
    | sed -n 's:.*<ntf\:Deliveries>\([0-9]*\)<.*:\1:p')"
}
received() {  # receiver name: the copies it acknowledged, in the order it did
  local ms name id atena line=""
  while read -r ms name id atena; do line+="${LABEL_OF[$id]:-$atena} "; done < "$DIR/$1.log"
  echo "$line"
}
pending_on_a() {  # receiver unit: its copies still waiting in cloud A's outbox
  "$RENKEI" deliveries list --config "$DIR/cloud-a.xml" --receiver "$1" --state pending \
    | awk -F'\t' '$2 == "pending"' | wc -l
}
step=0
scene() { step=$((step + 1)); echo; bold "[$step] $*"; }

echo
bold "== Two clouds: cloud A (住基, 住民税) and cloud B (国保), one broker each =="
start unit_juki "$BUILD/examples/unit_juki" --port 18191
wait_for_port 18191
start_receiver juminzei 18193
start_receiver kokuho 18192
start_broker cloud-b 8092
start_broker cloud-a 8090
wait_for_lines "$DIR/cloud-a.err" "connected to peer cloud-b" 1 || exit 1
echo "  cloud A: broker on 127.0.0.1:8090, peer link tcp://127.0.0.1:17701 (CURVE)"
echo "  cloud B: broker on 127.0.0.1:8092, peer link tcp://127.0.0.1:17702 (CURVE)"
grep -h "federation: connected" "$DIR/cloud-a.err" "$DIR/cloud-b.err" | sed 's/^/  /'

scene "住基 posts a 住民異動通知 at cloud A: 住民税 (cloud A) and 国保 (cloud B) subscribe"
post_notice 000000000000301 301
wait_for_lines "$DIR/juminzei.log" " juminzei " 1 && wait_for_lines "$DIR/kokuho.log" " kokuho " 1
echo "    住民税 (cloud A) acknowledged: $(received juminzei)"
echo "    国保 (cloud B) acknowledged:   $(received kokuho)"
echo "    => fanned out: 国保's copy crossed to cloud B, which delivered it from its own outbox."

scene "住民税's system is down; two more 住民異動通知 about one resident are posted"
stop juminzei
post_notice 000000000000302 302-1
post_notice 000000000000302 302-2
wait_for_lines "$DIR/kokuho.log" " kokuho " 3
echo "    国保 (cloud B) acknowledged:   $(received kokuho)"
sleep 1
echo "    waiting in cloud A's outbox for 住民税: $(pending_on_a 062022/juminzei) copies (retried with backoff)"
start_receiver juminzei 18193
wait_for_lines "$DIR/juminzei.log" " juminzei " 3
echo "    住民税 back; it acknowledged: $(received juminzei)"
echo "    => 住民税 caught up, in order."

scene "A 照会 across the clouds: 国保 (cloud B) asks 住基 (cloud A) for 異動情報"
"$CLIENT" --broker http://127.0.0.1:8092/services --service IdoJohoShokai \
  --sender 062022/kokuho --receiver 062022/juki --purpose KOKUHO-SHIKAKU \
  --atena 000000000000001 2>&1 | sed 's/^/    /'
[ "${PIPESTATUS[0]}" -eq 0 ] && echo "    => routed across clouds: cloud B -> cloud A -> 住基, and back."

scene "The line between the clouds is cut (cloud B's broker stops)"
stop cloud-b
wait_for_lines "$DIR/cloud-a.err" "lost the connection to peer cloud-b" 1
grep -h "lost the connection" "$DIR/cloud-a.err" | sed 's/^/    cloud A: /'
post_notice 000000000000304 304-1
post_notice 000000000000304 304-2
wait_for_lines "$DIR/juminzei.log" " juminzei " 5
echo "    住民税 (cloud A) acknowledged: $(received juminzei)"
echo "    waiting in cloud A's outbox for 国保 (cloud B): $(pending_on_a 062022/kokuho) copies (held, no attempts spent)"
echo "    住基 (cloud A) asks 国保 (cloud B) for 資格情報:"
fresh "$ROOT/examples/traffic/shikaku-joho-shokai.juki-to-kokuho.xml" \
  | curl -s -o "$DIR/shokai.answer" -w '%{http_code} %{time_total}\n' \
    -H 'Content-Type: text/xml; charset=utf-8' --data-binary @- \
    http://127.0.0.1:8090/services/ShikakuJohoShokai > "$DIR/shokai.status"
read -r http seconds < "$DIR/shokai.status"
echo "    HTTP $http after ${seconds}s, fault: $(sed -n 's:.*<rf\:Code>\([^<]*\)</rf\:Code>.*:\1:p' "$DIR/shokai.answer")"
"$CLIENT" --broker http://127.0.0.1:8090/services --service IdoJohoShokai \
  --sender 062022/juminzei --receiver 062022/juki --purpose JUMINZEI-FUKA \
  --atena 000000000000001 > /dev/null 2>&1 \
  && echo "    local 照会 in cloud A (住民税 -> 住基): routed"
echo "    => cloud A keeps serving its own units; the cross-cloud 照会 fails fast."

scene "The line returns (cloud B's broker starts again)"
start_broker cloud-b 8092
wait_for_lines "$DIR/kokuho.log" " kokuho " 5
echo "    国保 (cloud B) acknowledged:   $(received kokuho)"
for _ in $(seq 1 100); do  # A marks a copy done right after cloud B's receipt
  [ "$(pending_on_a 062022/kokuho)" -eq 0 ] && break
  sleep 0.1
done
echo "    waiting in cloud A's outbox for 国保: $(pending_on_a 062022/kokuho) copies"
echo "    => the backlog arrived, in order."

scene "Both audit trails"
for cloud in cloud-a cloud-b; do
  printf '    %s: ' "$cloud"
  "$RENKEI" audit verify --config "$DIR/$cloud.xml"
done
if command -v sqlite3 > /dev/null; then
  echo "    cloud A's record of each copy it handed to cloud B names the peer:"
  sqlite3 "$DIR/cloud-a.db" "SELECT DISTINCT peer_address FROM audit WHERE receiver = '062022/kokuho'
    AND case_reference LIKE 'delivery %' AND outcome = 'routed'" | sed 's/^/      /'
  echo "    cloud B's record of each copy it received names the peer it came from:"
  sqlite3 "$DIR/cloud-b.db" "SELECT DISTINCT peer_address FROM audit WHERE service = 'JuminIdoTsuchi:1'
    AND peer_address LIKE 'peer:%'" | sed 's/^/      /'
fi
echo
echo "Two-cloud files (configurations, keys, stores, logs): $DIR"
