#!/usr/bin/env bash
# The My Number scenes of `./renkei.sh demo` (issue 11, docs/mynumber.md): the broker, the My
# Number gateway (renkei-mynumber-gateway, its own store) and the stand-in network side
# (examples/mynumber_network, answering as 山形市 062014). 住基 obtains a resident's 符号, 国保 asks
# 山形市 for the resident's 地方税関係情報 to assess 国民健康保険料, an item outside the 事務 and a
# message carrying a 個人番号 are refused; 住民税 registers a 副本 batch (re-sent without
# duplicating), 山形市 asks 米沢市 through the network and is answered from that 副本, and the
# resident's 情報提供等記録 are shown.
# Usage: examples/demo_mynumber.sh BUILD_DIR
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
RENKEI="$BUILD/broker/renkei"
GATEWAY="$BUILD/adapters/mynumber/renkei-mynumber-gateway"
NETWORK="$BUILD/examples/mynumber_network"
DIR="$ROOT/var/mynumber"
BROKER_URL="http://127.0.0.1:8096/services"
MY_NUMBER="123456789018"  # a valid check digit: what a careless vendor might put in a message
DEMO_LOGS="$DIR"
source "$ROOT/examples/demo_lib.sh"
require_free_ports 8096 18301 18401
rm -rf "$DIR"
mkdir -p "$DIR"

cat > "$DIR/renkei.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<renkei xmlns="urn:renkei:config:v1">
  <listen host="127.0.0.1" port="8096" workers="64"/>
  <store kind="sqlite" path="$DIR/renkei.db"/>
  <admin enabled="false"/>
  <forwarding timeoutMs="8000"/>
  <notifications retryBaseMs="200" retryMaxMs="1000" pollMs="100"/>
  <log access="$DIR/access.log"/>
  <schemas xsdDir="$ROOT/xsd" wsdlDir="$ROOT/wsdl"/>
  <mynumber gatewayUnit="062022/mynumber-gw"/>
  <services>
    <service name="JohoShokai" version="1" wsdl="mynumber-gateway.wsdl">
      <request ns="urn:renkei:mynumber:gateway:v1" element="JohoShokaiRequest"/>
      <response ns="urn:renkei:mynumber:gateway:v1" element="JohoShokaiResponse"/>
    </service>
    <service name="FugoShutoku" version="1" wsdl="mynumber-gateway.wsdl">
      <request ns="urn:renkei:mynumber:gateway:v1" element="FugoShutokuRequest"/>
      <response ns="urn:renkei:mynumber:gateway:v1" element="FugoShutokuResponse"/>
    </service>
    <service name="TeikyoKirokuShokai" version="1" wsdl="mynumber-gateway.wsdl">
      <request ns="urn:renkei:mynumber:gateway:v1" element="TeikyoKirokuShokaiRequest"/>
      <response ns="urn:renkei:mynumber:gateway:v1" element="TeikyoKirokuShokaiResponse"/>
    </service>
    <service name="FukuhonToroku" version="1" wsdl="mynumber-gateway.wsdl" kind="notification">
      <request ns="urn:renkei:mynumber:gateway:v1" element="FukuhonTorokuRequest"/>
      <response ns="urn:renkei:mynumber:gateway:v1" element="FukuhonTorokuResponse"/>
    </service>
  </services>
  <units>
    <unit id="062022/juki" name="住民基本台帳システム" endpoint="http://127.0.0.1:18081/"
          owner="米沢市 市民課" connection="plain"/>
    <unit id="062022/kokuho" name="国民健康保険システム" endpoint="http://127.0.0.1:18082/"
          owner="米沢市 国保年金課" connection="plain"/>
    <unit id="062022/juminzei" name="個人住民税システム" endpoint="http://127.0.0.1:18083/"
          owner="米沢市 税務課" connection="plain"/>
    <unit id="062022/mynumber-gw" name="マイナンバー連携ゲートウェイ" endpoint="http://127.0.0.1:18401/"
          owner="米沢市 情報政策課" connection="plain"/>
  </units>
  <links approver="情報政策課長">
    <link sender="062022/kokuho" receiver="062022/mynumber-gw" service="JohoShokai" version="1"
          purpose="KOKUHO-HOKENRYO" purposeName="国民健康保険料の賦課に関する事務"
          legalBasis="番号法第19条第8号" status="active"/>
    <link sender="062022/juki" receiver="062022/mynumber-gw" service="FugoShutoku" version="1"
          purpose="JUKI-FUGO" purposeName="符号の取得に関する事務"
          legalBasis="番号法第19条第8号、住民基本台帳法 第30条の9" status="active"/>
    <link sender="062022/juki" receiver="062022/mynumber-gw" service="TeikyoKirokuShokai"
          version="1" purpose="JIKO-JOHO-KAIJI" purposeName="情報提供等記録の開示に関する事務"
          legalBasis="番号法第23条" status="active"/>
    <link sender="062022/juminzei" receiver="062022/mynumber-gw" service="FukuhonToroku"
          version="1" purpose="FUKUHON-TOROKU" purposeName="情報提供用副本の登録に関する事務"
          legalBasis="番号法第19条第8号" status="active"/>
  </links>
</renkei>
XML

echo
bold "== My Number: the broker, the gateway (062022/mynumber-gw) and the stand-in network side =="
"$NETWORK" --port 18301 --no-answer-ms 4000 --provider 062022=http://127.0.0.1:18401/ > "$DIR/network.log" 2>&1 &
PIDS+=($!)
"$RENKEI" serve --config "$DIR/renkei.xml" > "$DIR/broker.log" 2>&1 &
PIDS+=($!)
wait_for_port 8096
"$RENKEI" mynumber rules load "$ROOT/examples/mynumber/purpose-rules.xml" --actor 情報政策課 \
  --config "$DIR/renkei.xml" | sed 's/^/  /'
"$GATEWAY" --port 18401 --db "$DIR/gateway.db" --config "$DIR/renkei.xml" \
  --network http://127.0.0.1:18301/network --network-timeout-ms 1500 --network-plain-http \
  > "$DIR/gateway.out" 2> "$DIR/gateway.log" &
PIDS+=($!)
wait_for_port 18401
sed 's/^/  /' "$DIR/gateway.log"

# A traffic file with a new MessageId, the current Timestamp and ELEMENT=TEXT replacements.
message() {
  local file="$1"; shift
  local edits=(-e "s#<hdr:MessageId>[^<]*#<hdr:MessageId>$(cat /proc/sys/kernel/random/uuid)#"
    -e "s#<hdr:Timestamp>[^<]*#<hdr:Timestamp>$(date -u +%Y-%m-%dT%H:%M:%SZ)#")
  for edit in "$@"; do edits+=(-e "s#<mng:${edit%%=*}>[^<]*#<mng:${edit%%=*}>${edit#*=}#"); done
  sed "${edits[@]}" "$ROOT/examples/traffic/$file"
}
# The platform code and reason of the fault in answer.xml (the broker's or the gateway's).
show_fault() {
  echo "    fault: $(grep -o '<[a-z]*:Code>[^<]*' "$DIR/answer.xml" | head -1 | sed 's/<[a-z]*:Code>//')"
  echo "    reason: $(grep -o '<[a-z]*:Reason>[^<]*' "$DIR/answer.xml" | head -1 | sed 's/<[a-z]*:Reason>//')"
}
step=0
call() {  # description, service, traffic file, ELEMENT=TEXT...
  step=$((step + 1))
  bold "[M$step] $1"
  local service="$2" file="$3"; shift 3
  message "$file" "$@" | curl -s -H 'Content-Type: text/xml; charset=utf-8' \
    --data-binary @- "$BROKER_URL/$service" > "$DIR/answer.xml"
  if grep -q "Fault>" "$DIR/answer.xml"; then
    show_fault
  else
    grep -o '<mng:\(Kekka\|KoumokuMei\|Atai\|FukaijiCode\|ShokaiNo\)>[^<]*' "$DIR/answer.xml" \
      | sed 's/<mng:\([A-Za-z]*\)>/    \1: /'
  fi
}
call "住基 obtains the 符号 of 宛名番号 000000000000101 (住民票コード 12345678901); the unit never sees it" \
  FugoShutoku mynumber-fugo-shutoku.juki-to-gateway.xml
call "国保 asks 山形市 (062014) for the resident's 地方税関係情報 to assess 国民健康保険料 (事務 JM0030)" \
  JohoShokai mynumber-joho-shokai.kokuho-to-gateway.xml
call "国保 asks for 住民票関係情報 (TM00000000000004), an item the purpose rules do not give 事務 JM0030" \
  JohoShokai mynumber-joho-shokai.kokuho-to-gateway.xml TokuteiKojinJohoMeiCode=TM00000000000004
step=$((step + 1))
bold "[M$step] A vendor's message to the gateway carries a 個人番号 in its header (UserId)"
message mynumber-joho-shokai.kokuho-to-gateway.xml \
  | sed "s#<hdr:UserId>[^<]*#<hdr:UserId>$MY_NUMBER#" \
  | curl -s -H 'Content-Type: text/xml; charset=utf-8' --data-binary @- "$BROKER_URL/JohoShokai" \
  > "$DIR/answer.xml"
show_fault

echo
bold "== 副本登録 and 情報提供: 米沢市 as the provider, answering 山形市 from its 副本 =="
# 102's 符号 too: its 副本 says 不開示 (DV 等支援措置).
message mynumber-fugo-shutoku.juki-to-gateway.xml AtenaNo=000000000000102 JuminhyoCode=23456789012 \
  | curl -s -H 'Content-Type: text/xml; charset=utf-8' --data-binary @- "$BROKER_URL/FugoShutoku" \
  > /dev/null
fukuhon_rows() { sqlite3 "$DIR/gateway.db" "SELECT count(*) FROM fukuhon" 2> /dev/null || echo 0; }
wait_for_fukuhon() {  # rows, then the batch records, once the broker has delivered
  for _ in $(seq 1 50); do [ "$(fukuhon_rows)" -ge "$1" ] && break; sleep 0.2; done
  sqlite3 -separator '  ' "$DIR/gateway.db" "SELECT atena_no, item, 'version ' || version,
    CASE fukaiji_code WHEN '' THEN '提供情報' ELSE '不開示 ' || fukaiji_code END FROM fukuhon
    ORDER BY atena_no" | sed 's/^/    副本: /'
  echo "    副本 rows: $(fukuhon_rows), batch records applied: $(sqlite3 "$DIR/gateway.db" \
    "SELECT count(*) FROM fukuhon_batch_records")"
}
step=$((step + 1))
bold "[M$step] 住民税 registers a 副本 batch (ZEI-2026-0603-001: 101's 地方税関係情報, 102 withheld F04), a 通知 the broker delivers durably"
message mynumber-fukuhon-toroku.juminzei-to-gateway.xml \
  | curl -s -H 'Content-Type: text/xml; charset=utf-8' --data-binary @- "$BROKER_URL/FukuhonToroku" \
  > "$DIR/answer.xml"
echo "    broker: $(grep -o '<ntf:Deliveries>[^<]*' "$DIR/answer.xml" | sed 's/<ntf:Deliveries>/delivery copies: /')"
wait_for_fukuhon 2
step=$((step + 1))
bold "[M$step] The sender is unsure the batch arrived and sends it again (same BatchId): nothing doubles"
message mynumber-fukuhon-toroku.juminzei-to-gateway.xml \
  | curl -s -H 'Content-Type: text/xml; charset=utf-8' --data-binary @- "$BROKER_URL/FukuhonToroku" \
  > /dev/null
for _ in $(seq 1 50); do
  [ "$(sqlite3 "$DIR/renkei.db" "SELECT count(*) FROM deliveries WHERE state = 'done'")" -ge 2 ] && break
  sleep 0.2
done
echo "    broker: copies delivered to the gateway: $(sqlite3 "$DIR/renkei.db" \
  "SELECT count(*) FROM deliveries WHERE state = 'done'") (the second answered 再送済)"
wait_for_fukuhon 2
# 山形市's own side: its 符号 for the resident from the network, then its 照会 to 米沢市.
ask_as_yamagata() {  # 住民票コード, item
  local fugo
  fugo=$(sed "s#<mnn:JuminhyoCode>[^<]*#<mnn:JuminhyoCode>$1#" \
      "$ROOT/examples/mynumber_network/net-fugo-hakko.yamagata.xml" \
    | curl -s -H 'Content-Type: text/xml; charset=utf-8' --data-binary @- http://127.0.0.1:18301/network \
    | grep -o '<[a-z]*:Fugo>[^<]*' | sed 's/.*>//')
  sed -e "s#<mnn:Fugo>[^<]*#<mnn:Fugo>$fugo#" \
      -e "s#<mnn:TokuteiKojinJohoMeiCode>[^<]*#<mnn:TokuteiKojinJohoMeiCode>$2#" \
      "$ROOT/examples/mynumber_network/net-joho-shokai.yamagata-to-yonezawa.xml" \
    | curl -s -H 'Content-Type: text/xml; charset=utf-8' --data-binary @- http://127.0.0.1:18301/network \
    > "$DIR/answer.xml"
  if grep -q "Fault>" "$DIR/answer.xml"; then
    echo "    fault: $(grep -o '<faultstring>[^<]*' "$DIR/answer.xml" | sed 's/<faultstring>//')"
  else
    grep -o '<[a-z]*:\(KoumokuMei\|Atai\|FukaijiCode\)>[^<]*' "$DIR/answer.xml" \
      | sed 's/<[a-z]*:\([A-Za-z]*\)>/    \1: /'
  fi
}
step=$((step + 1))
bold "[M$step] 山形市 (062014) asks 米沢市 (062022) for 101's 地方税関係情報 (事務 JM0030); the network turns its 符号 into 米沢市's, the gateway answers from the 副本"
ask_as_yamagata 12345678901 TM00000000000021
step=$((step + 1))
bold "[M$step] 山形市 asks for 102 (住民票コード 23456789012), whose 副本 is withheld"
ask_as_yamagata 23456789012 TM00000000000021
step=$((step + 1))
bold "[M$step] 山形市 asks for 住民票関係情報 (TM00000000000004), which 事務 JM0030 does not allow: refused by 米沢市's gateway"
ask_as_yamagata 12345678901 TM00000000000004

echo
bold "== The resident's 情報提供等記録 (番号法 §23), as disclosed to them =="
"$RENKEI" mynumber records --db "$DIR/gateway.db" --person 000000000000101 | sed 's/^/  /'
"$RENKEI" mynumber records verify --db "$DIR/gateway.db" | sed 's/^/  /'

echo
bold "== No 個人番号 the demo traffic carried is in any file the broker or the gateway wrote =="
if grep -rlF "$MY_NUMBER" "$DIR" --include='*.db' --include='*.log' --include='*.db-wal' > "$DIR/leaks.txt"; then
  echo "  LEAK: $(tr '\n' ' ' < "$DIR/leaks.txt")"
else
  echo "  no file under var/mynumber holds $MY_NUMBER (store, WAL, logs, access log)"
fi
