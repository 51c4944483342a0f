#!/usr/bin/env bash
# The trust scenes of `./renkei.sh demo`: a second broker on 127.0.0.1:8443 with TLS, units that
# prove who they are (client certificates, WS-Security signatures), replay protection and signed
# audit checkpoints. It makes a throw-away PKI with the openssl command line, signs with xmlsec1,
# and talks to the broker with curl, as a vendor system would.
# Usage: examples/demo_trust.sh BUILD_DIR   (the sample units must be up on 127.0.0.1:18081-18083)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
RENKEI="$BUILD/broker/renkei"
TRAFFIC="$ROOT/examples/traffic"
WORK="$ROOT/var/demo-trust"
PKI="$WORK/pki"
CONFIG="$WORK/renkei.trust.xml"
URL="https://127.0.0.1:8443/services"
LOG="$ROOT/var/demo-logs/broker-trust.log"
BROKER_PID=""

bold() { printf '\033[1m%s\033[0m\n' "$*"; }
stop_broker() {
  [ -n "$BROKER_PID" ] || return 0
  kill "$BROKER_PID" 2>/dev/null
  wait "$BROKER_PID" 2>/dev/null
  BROKER_PID=""
}
trap stop_broker EXIT
fail() { echo "demo: $*" >&2; exit 1; }

for port in 8443 8444; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port on 127.0.0.1 is in use; stop what uses it first"
  fi
done

# --- A small PKI: one CA for the units, the broker's server certificate, one per unit ---------
rm -rf "$WORK"
mkdir -p "$PKI"
ossl() { openssl "$@" >> "$PKI/openssl.log" 2>&1 || fail "openssl $1 failed; see $PKI/openssl.log"; }
ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/C=JP/O=Yonezawa City/CN=Yonezawa Units CA" -keyout "$PKI/ca.key" -out "$PKI/ca.crt" \
  -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign
issue() {  # name, subject, extensions
  printf '%s\n' "$3" > "$PKI/$1.ext"
  ossl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "$2" \
    -keyout "$PKI/$1.key" -out "$PKI/$1.csr"
  ossl x509 -req -in "$PKI/$1.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 30 -sha256 -extfile "$PKI/$1.ext" -out "$PKI/$1.crt"
}
issue broker "/CN=localhost" "subjectAltName=DNS:localhost,IP:127.0.0.1"
for unit in kokuho juminzei juki; do
  issue "$unit" "/C=JP/O=Yonezawa City/CN=062022-$unit" "basicConstraints=CA:false"
done
chmod 600 "$PKI"/*.key
fingerprint() { openssl x509 -noout -fingerprint -sha256 -in "$PKI/$1.crt" | cut -d= -f2; }
"$RENKEI" audit keygen --out "$WORK/checkpoint" > /dev/null || fail "renkei audit keygen failed"

# --- The configuration: the example's services, units and links, hardened ----------------------
# 国保 and 住民税 connect with their client certificates (mtls); 住基 signs its messages (signed).
sed -e 's#<listen host="127.0.0.1" port="8080"#<listen host="127.0.0.1" port="8443"#' \
    -e 's#maxConnectionsPerPeer="2000"/>#maxConnectionsPerPeer="2000">\
    <tls certificate="pki/broker.crt" key="pki/broker.key" ca="pki/ca.crt" clientCertificate="optional"/>\
  </listen>#' \
    -e 's#<store kind="sqlite" path="../var/renkei.db"/>#<store kind="sqlite" path="trust.db"/>\
  <audit instanceId="demo-trust:8443" checkpointKey="checkpoint.key" checkpointEveryRecords="3"/>#' \
    -e 's#<admin host="127.0.0.1" port="8081"/>#<admin host="127.0.0.1" port="8444"/>#' \
    -e "s#<schemas xsdDir=\"../xsd\" wsdlDir=\"../wsdl\"/>#<schemas xsdDir=\"$ROOT/xsd\" wsdlDir=\"$ROOT/wsdl\"/>\\
  <signatures caFile=\"pki/ca.crt\"/>#" \
    -e "s#owner=\"米沢市 国保年金課\" connection=\"plain\"#owner=\"米沢市 国保年金課\" connection=\"mtls\" certificateSha256=\"$(fingerprint kokuho)\"#" \
    -e "s#owner=\"米沢市 税務課\" connection=\"plain\"#owner=\"米沢市 税務課\" connection=\"mtls\" certificateSha256=\"$(fingerprint juminzei)\"#" \
    -e "s#owner=\"米沢市 市民課\" connection=\"plain\"#owner=\"米沢市 市民課\" connection=\"signed\" signingCertSha256=\"$(fingerprint juki)\"#" \
    "$ROOT/config/renkei.example.xml" > "$CONFIG"
"$RENKEI" config check --config "$CONFIG" > "$WORK/config-check.log" 2>&1 \
  || { cat "$WORK/config-check.log"; fail "the generated configuration $CONFIG does not load"; }

echo
bold "== Trust: TLS, units that prove who they are, replay, signed evidence =="
echo "  PKI in var/demo-trust/pki (openssl): a units CA, the broker's certificate, one per unit."
echo "  062022/kokuho and 062022/juminzei: connection=\"mtls\" (certificate fingerprint);"
echo "  062022/juki: connection=\"signed\" (WS-Security, its signing certificate's fingerprint)."
"$RENKEI" serve --config "$CONFIG" > "$LOG" 2>&1 &
BROKER_PID=$!
for _ in $(seq 1 100); do
  (exec 3<>/dev/tcp/127.0.0.1/8443) 2>/dev/null && break
  sleep 0.05
done
(exec 3<>/dev/tcp/127.0.0.1/8443) 2>/dev/null || { cat "$LOG"; fail "the trust broker did not start"; }
echo "  broker on https://127.0.0.1:8443 (store var/demo-trust/trust.db, checkpoints signed)"

# A traffic file as a sender would send it now: a new MessageId and the current Timestamp.
fresh() {
  sed -e "s#<hdr:MessageId>[^<]*</hdr:MessageId>#<hdr:MessageId>$(cat /proc/sys/kernel/random/uuid)</hdr:MessageId>#" \
      -e "s#<hdr:Timestamp>[^<]*</hdr:Timestamp>#<hdr:Timestamp>$(date +%Y-%m-%dT%H:%M:%S%:z)</hdr:Timestamp>#" \
      "$1"
}

step=0
# description, message file, service, then curl's certificate arguments (none: no certificate)
call() {
  step=$((step + 1))
  bold "[T$step] $1"
  local answer status code reason
  answer=$(curl -s --cacert "$PKI/ca.crt" -H 'Content-Type: text/xml; charset=utf-8' \
    --data-binary @"$2" -w '\n%{http_code}' "${@:4}" "$URL/$3")
  status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  code=$(printf '%s' "$answer" | sed -n 's:.*<rf\:Code>\([^<]*\)</rf\:Code>.*:\1:p')
  if [ -z "$code" ] && [ "$status" = 200 ]; then
    echo "    HTTP 200: $(printf '%s' "$answer" | grep -o '<[a-z]*:[A-Za-z]*Response' | head -1 | tr -d '<') from the receiver"
    echo "    => routed."
    return
  fi
  reason=$(printf '%s' "$answer" | sed -n 's:.*<rf\:Reason>\([^<]*\)</rf\:Reason>.*:\1:p' \
    | sed "s/&gt;/>/g; s/&lt;/</g; s/&apos;/'/g; s/&quot;/\"/g; s/&amp;/\&/g")
  echo "    HTTP $status, fault: ${code:-none}"
  echo "    why:   ${reason:-?}"
  echo "    => refused by the broker; nothing reached the receiver."
}
as() { echo --cert "$PKI/$1.crt" --key "$PKI/$1.key"; }

fresh "$TRAFFIC/ido-joho-shokai.kokuho-to-juki.xml" > "$WORK/kokuho.xml"
# shellcheck disable=SC2046  # as() prints separate curl arguments on purpose
call "国保 asks 住基 for 異動情報 over mutual TLS, with 国保's client certificate" \
  "$WORK/kokuho.xml" IdoJohoShokai $(as kokuho)
fresh "$TRAFFIC/ido-joho-shokai.kokuho-to-juki.xml" > "$WORK/nocert.xml"
call "The same request claiming to be 国保, from a caller with no certificate" \
  "$WORK/nocert.xml" IdoJohoShokai
fresh "$TRAFFIC/ido-joho-shokai.kokuho-to-juki.xml" > "$WORK/impostor.xml"
# shellcheck disable=SC2046
call "住民税's certificate, in a message that claims to come from 国保" \
  "$WORK/impostor.xml" IdoJohoShokai $(as juminzei)
# shellcheck disable=SC2046
call "国保's first request sent again, byte for byte (a replay)" \
  "$WORK/kokuho.xml" IdoJohoShokai $(as kokuho)

# 住基 signs with xmlsec1: a wsse:Security header with its certificate as a
# BinarySecurityToken, a signed Timestamp, and references to the platform header and the Body.
wsse=http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd
wsu=http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd
x509=http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3
b64=http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary
excc14n=http://www.w3.org/2001/10/xml-exc-c14n#
reference() {
  printf '<ds:Reference URI="#%s"><ds:Transforms><ds:Transform Algorithm="%s"/></ds:Transforms>' "$1" "$excc14n"
  printf '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>'
}
{
  printf '<wsse:Security><wsse:BinarySecurityToken wsu:Id="X509-1" EncodingType="%s" ValueType="%s">' "$b64" "$x509"
  openssl x509 -in "$PKI/juki.crt" -outform DER | base64 -w0
  printf '</wsse:BinarySecurityToken><wsu:Timestamp wsu:Id="TS-1"><wsu:Created>%s</wsu:Created>' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '<wsu:Expires>%s</wsu:Expires></wsu:Timestamp>' "$(date -u -d '+5 minutes' +%Y-%m-%dT%H:%M:%SZ)"
  printf '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>'
  printf '<ds:CanonicalizationMethod Algorithm="%s"/>' "$excc14n"
  printf '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>'
  reference TS-1; reference PH-1; reference Body-1
  printf '</ds:SignedInfo><ds:SignatureValue/><ds:KeyInfo><wsse:SecurityTokenReference>'
  printf '<wsse:Reference URI="#X509-1" ValueType="%s"/></wsse:SecurityTokenReference>' "$x509"
  printf '</ds:KeyInfo></ds:Signature></wsse:Security>\n'
} > "$WORK/security.xml"
fresh "$TRAFFIC/shikaku-joho-shokai.juki-to-kokuho.xml" \
  | sed -e "s#<soapenv:Envelope #<soapenv:Envelope xmlns:wsse=\"$wsse\" xmlns:wsu=\"$wsu\" #" \
        -e 's#<hdr:PlatformHeader>#<hdr:PlatformHeader wsu:Id="PH-1">#' \
        -e 's#<soapenv:Body>#<soapenv:Body wsu:Id="Body-1">#' \
        -e "/<soapenv:Header>/r $WORK/security.xml" > "$WORK/juki.template.xml"
xmlsec1 --sign --privkey-pem "$PKI/juki.key" --id-attr:Id Timestamp --id-attr:Id PlatformHeader \
  --id-attr:Id Body --output "$WORK/juki.signed.xml" "$WORK/juki.template.xml" \
  > "$WORK/xmlsec1.log" 2>&1 || fail "xmlsec1 could not sign; see $WORK/xmlsec1.log"
call "住基 asks 国保 for 資格情報, its message signed by xmlsec1 with 住基's key (no client certificate)" \
  "$WORK/juki.signed.xml" ShikakuJohoShokai
sed 's#<kokuho:AtenaNo>000000000000004<#<kokuho:AtenaNo>000000000000005<#' \
  "$WORK/juki.signed.xml" > "$WORK/juki.tampered.xml"
call "The signed message with one digit of the 宛名番号 changed on the way" \
  "$WORK/juki.tampered.xml" ShikakuJohoShokai

# --- Evidence: signed checkpoints, and a trail cut short ----------------------------------------
stop_broker  # a clean stop signs a last checkpoint of the chain head
step=$((step + 1))
bold "[T$step] The trail and its signed checkpoints (renkei audit verify --key checkpoint.pub)"
sqlite3 -header -column "$WORK/trust.db" \
  "SELECT seq, sender, authenticated_unit AS proved, service, outcome, fault_code FROM audit
   ORDER BY seq" 2>/dev/null | sed 's/^/    /'
"$RENKEI" audit verify --config "$CONFIG" --key "$WORK/checkpoint.pub" 2>&1 | sed 's/^/    /'
step=$((step + 1))
bold "[T$step] Someone with the database file drops the append-only guard and deletes the last two records"
sqlite3 "$WORK/trust.db" "DROP TRIGGER audit_no_delete;
  DELETE FROM audit WHERE seq > (SELECT max(seq) - 2 FROM audit);" \
  || fail "sqlite3 could not edit $WORK/trust.db"
echo "    the remaining chain is intact, so the hash chain alone cannot tell; the checkpoints can:"
"$RENKEI" audit verify --config "$CONFIG" --key "$WORK/checkpoint.pub" 2>&1 | sed 's/^/    /'
echo "    => exit status ${PIPESTATUS[0]}: the trail is shorter than a signed checkpoint says."
echo
echo "Trust demo files: var/demo-trust (PKI, configuration, signed message); broker log: $LOG."
