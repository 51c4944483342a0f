#!/usr/bin/env bash
# The demo scenario behind `./renkei.sh demo`: the broker on the embedded SQLite store with
# config/renkei.example.xml, the three sample units of 米沢市 (062022), and example traffic that
# shows what the broker routes, what it refuses and why, and what it records.
# Usage: examples/demo.sh BUILD_DIR
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
RENKEI="$BUILD/broker/renkei"
CLIENT="$BUILD/examples/renkei_sample_client"
CONFIG="$ROOT/config/renkei.example.xml"
BROKER_URL="http://127.0.0.1:8080/services"
LOG_DIR="$ROOT/var/demo-logs"
DEMO_LOGS="$LOG_DIR"
source "$ROOT/examples/demo_lib.sh"

require_free_ports 8080 8081 18081 18082 18083

mkdir -p "$LOG_DIR"
rm -f "$ROOT"/var/renkei.db "$ROOT"/var/renkei.db-wal "$ROOT"/var/renkei.db-shm
bold "== Starting the sample units (real gSOAP servers) =="
for spec in "juki 18081 住民基本台帳" "kokuho 18082 国民健康保険" "juminzei 18083 個人住民税"; do
  set -- $spec
  "$BUILD/examples/unit_$1" --port "$2" > "$LOG_DIR/unit_$1.log" 2>&1 &
  PIDS+=($!)
  echo "  062022/$1 ($3) on 127.0.0.1:$2"
done
for port in 18081 18082 18083; do wait_for_port "$port"; done

bold "== Starting the broker (store: var/renkei.db, SQLite) =="
"$RENKEI" serve --config "$CONFIG" > "$LOG_DIR/broker.log" 2>&1 &
PIDS+=($!)
wait_for_port 8080
sed 's/^/  /' "$LOG_DIR/broker.log"

step=0
exchange() {  # description, then the sample client's arguments
  step=$((step + 1))
  local what="$1"; shift
  bold "[$step] $what"
  "$CLIENT" --broker "$BROKER_URL" "$@" 2>&1 | sed 's/^/    /'
  case "${PIPESTATUS[0]}" in
    0) echo "    => routed: the link allowed it, the receiver answered, the answer validated." ;;
    2) echo "    => refused by the broker (see the fault code above); nothing reached the receiver." ;;
    *) echo "    => the client could not complete the call." ;;
  esac
}
raw() {  # description, traffic file, content type
  step=$((step + 1))
  bold "[$step] $1"
  local answer code reason
  answer=$(curl -s -H "Content-Type: $3" --data-binary @"$2" "$BROKER_URL/IdoJohoShokai")
  code=$(printf '%s' "$answer" | sed -n 's:.*<rf\:Code>\([^<]*\)</rf\:Code>.*:\1:p')
  reason=$(printf '%s' "$answer" | sed -n 's:.*<rf\:Reason>\([^<]*\)</rf\:Reason>.*:\1:p')
  echo "    fault: ${code:-none}"
  reason=$(printf '%s' "$reason" | sed "s/&gt;/>/g; s/&lt;/</g; s/&apos;/'/g; s/&quot;/\"/g; s/&amp;/\&/g")
  echo "    why:   ${reason:-?}"
  echo "    => refused by the broker; nothing reached the receiver."
}

echo
bold "== Example traffic =="
exchange "国保 asks 住基 for a resident's 異動情報 (IdoJohoShokai, purpose KOKUHO-SHIKAKU)" \
  --service IdoJohoShokai --sender 062022/kokuho --receiver 062022/juki \
  --purpose KOKUHO-SHIKAKU --atena 000000000000001
exchange "住民税 asks 住基 by カナ氏名 and 生年月日, in SOAP 1.2 (purpose JUMINZEI-FUKA)" \
  --service IdoJohoShokai --sender 062022/juminzei --receiver 062022/juki \
  --purpose JUMINZEI-FUKA --kana 'ナオエ　ケン' --birth 1990-01-20 --soap12
exchange "住基 asks 国保 for 資格情報 (ShikakuJohoShokai, purpose JUKI-KIROKU)" \
  --service ShikakuJohoShokai --sender 062022/juki --receiver 062022/kokuho \
  --purpose JUKI-KIROKU --atena 000000000000004
exchange "国保 asks 住民税 for 課税情報 (KazeiJohoShokai, purpose KOKUHO-HOKENRYO)" \
  --service KazeiJohoShokai --sender 062022/kokuho --receiver 062022/juminzei \
  --purpose KOKUHO-HOKENRYO --atena 000000000000001 --nendo 2024
exchange "住民税 asks 国保 for 資格情報: the link is only *proposed*, not approved" \
  --service ShikakuJohoShokai --sender 062022/juminzei --receiver 062022/kokuho \
  --purpose JUMINZEI-FUKA --atena 000000000000001
exchange "住基 asks 国保 for a purpose no link names (KOKUHO-HOKENRYO)" \
  --service ShikakuJohoShokai --sender 062022/juki --receiver 062022/kokuho \
  --purpose KOKUHO-HOKENRYO --atena 000000000000001
raw "山形市 (062014) 国保 asks 米沢市 住基: another municipality, no cross-tenant link" \
  "$ROOT/examples/traffic/ido-joho-shokai.cross-tenant.xml" "text/xml; charset=utf-8"
raw "A request whose body breaks the 住基 schema" \
  "$ROOT/examples/traffic/ido-joho-shokai.schema-invalid.xml" "text/xml; charset=utf-8"

# The registry id of the link sender -> receiver for a service (ids are the store's).
link_id() {
  "$RENKEI" links list --config "$CONFIG" --sender "$1" --receiver "$2" --service "$3" \
    --format csv | awk -F, 'NR == 2 { print $1 }'
}
# Registry changes reach the running broker within registryPollMs (250 ms in the example).
let_the_broker_see_it() { sleep 0.6; }

echo
bold "== IT governance changes the registry; the running broker follows, no restart =="
proposed=$(link_id 062022/juminzei 062022/kokuho ShikakuJohoShokai)
kokuho_juki=$(link_id 062022/kokuho 062022/juki IdoJohoShokai)
step=$((step + 1))
bold "[$step] 情報政策課 approves and activates the proposed link $proposed (住民税 -> 国保 資格情報)"
"$RENKEI" links approve "$proposed" --actor tanaka --reason "庁内連携審査会 承認" \
  --config "$CONFIG" | sed 's/^/    /'
"$RENKEI" links activate "$proposed" --actor tanaka --config "$CONFIG" | sed 's/^/    /'
let_the_broker_see_it
exchange "住民税 asks 国保 for 資格情報 again, now that the link is active" \
  --service ShikakuJohoShokai --sender 062022/juminzei --receiver 062022/kokuho \
  --purpose JUMINZEI-FUKA --atena 000000000000001
step=$((step + 1))
bold "[$step] 国保's vendor reports a fault: link $kokuho_juki (国保 -> 住基 異動情報) is suspended"
"$RENKEI" links suspend "$kokuho_juki" --actor suzuki --reason "ベンダー障害調査" \
  --config "$CONFIG" | sed 's/^/    /'
let_the_broker_see_it
exchange "国保 asks 住基 for 異動情報 while its link is suspended" \
  --service IdoJohoShokai --sender 062022/kokuho --receiver 062022/juki \
  --purpose KOKUHO-SHIKAKU --atena 000000000000001
"$RENKEI" links resume "$kokuho_juki" --actor suzuki --reason "復旧確認" \
  --config "$CONFIG" | sed 's/^/    /'
step=$((step + 1))
bold "[$step] 住民税 asks the broker which services it may call (ListAllowedServices, POST /registry)"
curl -s -H 'Content-Type: text/xml; charset=utf-8' --data-binary @- "http://127.0.0.1:8080/registry" <<'XML' \
  | grep -o '<reg:Service>.*</reg:Service>' | sed 's#</reg:Service>#\n#g' \
  | sed -n 's#.*<reg:Receiver>\([^<]*\)<.*<reg:ServiceName>\([^<]*\)<.*<reg:ServiceVersion>\([^<]*\)<.*<reg:PurposeCode>\([^<]*\)<.*#    \2:\3 at \1 for \4#p'
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<reg:ListAllowedServicesRequest xmlns:reg="urn:renkei:registry:v1"><reg:UnitId>062022/juminzei</reg:UnitId></reg:ListAllowedServicesRequest>
</soap:Body></soap:Envelope>
XML
echo "    => only its own active links; nothing about other units'."

echo
bold "== A link's append-only history (renkei links show $kokuho_juki) =="
"$RENKEI" links show "$kokuho_juki" --config "$CONFIG" | sed 's/^/  /'

echo
bold "== The link inventory (renkei links list) =="
"$RENKEI" links list --config "$CONFIG" | sed 's/^/  /'

echo
bold "== The audit trail: one record per exchange, no personal data =="
if command -v sqlite3 > /dev/null; then
  sqlite3 -header -column "$ROOT/var/renkei.db" \
    "SELECT seq, substr(time, 12, 12) AS time, sender, receiver, service, outcome,
            fault_code, latency_us, substr(hash, 1, 12) AS hash FROM audit ORDER BY seq" \
    | sed 's/^/  /'
fi
"$RENKEI" audit verify --config "$CONFIG" | sed 's/^/  /'

echo
bold "== Attempts without a link, the would-be spaghetti (renkei report refused) =="
"$RENKEI" report refused --config "$CONFIG" | sed 's/^/  /'
echo
bold "== Per-unit fan-in and fan-out (renkei report fan) =="
"$RENKEI" report fan --config "$CONFIG" | sed 's/^/  /'

"$ROOT/examples/demo_trust.sh" "$BUILD" || echo "demo: the trust scenes failed (see above)" >&2
"$ROOT/examples/demo_clouds.sh" "$BUILD" || echo "demo: the two-cloud scenes failed (see above)" >&2
"$ROOT/examples/demo_mynumber.sh" "$BUILD" || echo "demo: the My Number scenes failed (see above)" >&2
"$ROOT/examples/demo_adapters.sh" "$BUILD" || echo "demo: the adapter scenes failed (see above)" >&2

echo
echo "Logs: $LOG_DIR. More: renkei report --help (inventory, unused, no-legal-basis, review-due,"
echo "tenants, graph as SVG), renkei links --help."
if [[ "${RENKEI_DEMO_KEEP:-}" == 1 ]]; then
  bold "The broker keeps running: web view on http://127.0.0.1:8081/ (links, refused, graph)."
  echo "Press Ctrl-C to stop it."
  wait "${PIDS[@]}"
else
  echo "The broker stops now; RENKEI_DEMO_KEEP=1 ./renkei.sh demo keeps it running with its"
  echo "registry web view on http://127.0.0.1:8081/."
fi
