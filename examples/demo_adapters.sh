#!/usr/bin/env bash
# The adapter scenes of `./renkei.sh demo` (issue 14, docs/file-adapter.md, docs/rest.md): a
# legacy 住基 system's nightly 異動 file (CP932, fixed width, one vendor 外字, two broken
# records) sent by `renkei-file send` as the unit 062022/juki-batch becomes 住民異動通知 for
# 国保 and 住民税, whose legacy systems are played by `renkei-file receive` writing CP932 files;
# the same file sent again is skipped; a unit built to the national standard calls 住基's
# 異動情報照会 over REST/JSON with a JWT, and tokens that are expired or meant for another
# audience are refused with problem details.
# Usage: examples/demo_adapters.sh BUILD_DIR
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
RENKEI="$BUILD/broker/renkei"
FILE_ADAPTER="$BUILD/adapters/file/renkei-file"
LAYOUT="$ROOT/adapters/file/layouts/juki-ido.xml"
GAIJI="$ROOT/adapters/file/layouts/gaiji-yonezawa.txt"
DIR="$ROOT/var/adapters"
BROKER="http://127.0.0.1:8097"
AUDIENCE="$BROKER/api/v1"
DEMO_LOGS="$DIR"
source "$ROOT/examples/demo_lib.sh"
require_free_ports 8097 18501 18502 18503
rm -rf "$DIR"
mkdir -p "$DIR/kokuho-in" "$DIR/juminzei-in" "$DIR/secrets"

# 国保's REST client authenticates with client_secret_jwt: a secret shared with the broker,
# readable by its owner only (the broker refuses anything looser).
( umask 077; openssl rand -hex 32 > "$DIR/secrets/kokuho-rest.secret" )

# The same units, topic and links as config/renkei.example.xml, written by the generator the
# bench uses too.
python3 "$ROOT/examples/adapters/make_adapter_config.py" "$DIR/renkei.xml" --root "$ROOT" \
  --port 8097 --store "$DIR/renkei.db" --audience "$AUDIENCE" \
  --rest-secret "$DIR/secrets/kokuho-rest.secret" --juki http://127.0.0.1:18503/ \
  --kokuho http://127.0.0.1:18501/ --juminzei http://127.0.0.1:18502/ \
  --tuning '<notifications retryBaseMs="200" retryMaxMs="1000" pollMs="100"/>' \
  --tuning "<log access=\"$DIR/access.log\"/>"

echo
bold "== Adapters: the broker, 住基 (SOAP), and 国保 / 住民税 as legacy systems taking CP932 files =="
"$BUILD/examples/unit_juki" --port 18503 > "$DIR/unit_juki.log" 2>&1 &
PIDS+=($!)
for spec in "kokuho 18501" "juminzei 18502"; do
  set -- $spec
  # Rotating every 4 records: the night's 4 good records make one published file each.
  "$FILE_ADAPTER" receive --layout "$LAYOUT" --gaiji "$GAIJI" --out "$DIR/$1-in" --port "$2" \
    --prefix "ido-$1" --rotate-records 4 > "$DIR/receive-$1.log" 2>&1 &
  PIDS+=($!)
done
"$RENKEI" serve --config "$DIR/renkei.xml" > "$DIR/broker.log" 2>&1 &
PIDS+=($!)
for port in 18501 18502 18503 8097; do wait_for_port "$port"; done
echo "  broker on 127.0.0.1:8097 (SOAP /services, REST /api/v1), 住基 on 18503"
echo "  062022/kokuho:   renkei-file receive -> $DIR/kokuho-in (CP932, juki-ido layout)"
echo "  062022/juminzei: renkei-file receive -> $DIR/juminzei-in"

FILE="$DIR/ido-20260602.dat"
python3 "$ROOT/examples/adapters/make_ido_file.py" "$FILE" --records 6 --demo
send_file() {
  "$FILE_ADAPTER" send "$FILE" --layout "$LAYOUT" --gaiji "$GAIJI" --broker "$BROKER/services" \
    --unit 062022/juki-batch --state "$DIR/file-state.db" --reject "$DIR/ido-20260602.rejects.tsv" \
    2> "$DIR/send.progress" | sed 's/^/    /'
  echo "    => exit status ${PIPESTATUS[0]} (0 all sent, 2 done with rejected records)"
}

echo
bold "[A1] The nightly 異動 file ido-20260602.dat: 6 records, 320 bytes each, CP932; record 3 has the 外字 F040, records 4 and 5 are broken"
echo "    record 3's 氏名 bytes: $(python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); print(d[2*322+48:2*322+58].hex(" ").upper())' "$FILE") (F0 40 = 𠮷 in gaiji-yonezawa.txt)"
send_file
bold "    the reject file (record, line, byte offset, field, kind, reason):"
sed 's/^/      /' "$DIR/ido-20260602.rejects.tsv"
# The broker delivers each 通知 to both subscribers; each publishes its file after 4 records.
published() { ls "$DIR/$1-in/ido-$1-"*.dat 2> /dev/null | head -1; }
for _ in $(seq 1 100); do
  [ -n "$(published kokuho)" ] && [ -n "$(published juminzei)" ] && break
  sleep 0.1
done
for who in "kokuho 国保" "juminzei 住民税"; do
  set -- $who
  out="$(published "$1")"
  bold "    $2 (062022/$1) received, as its legacy system reads it: $(basename "${out:-nothing}")"
  [ -n "$out" ] && python3 - "$out" "$GAIJI" <<'PY' | sed 's/^/      /'
import sys
data = open(sys.argv[1], "rb").read()
# The receiving system reads its 外字 through the same table.
gaiji = {}
for line in open(sys.argv[2], encoding="utf-8"):
    parts = line.split()
    if len(parts) >= 3 and parts[0] == "CP932":
        gaiji[bytes.fromhex(parts[1])] = chr(int(parts[2][2:], 16))
records = [r for r in data.split(b"\r\n") if r]
for r in records:
    name = r[48:88]
    head = name[:2]
    shimei = (gaiji[head] + name[2:].decode("cp932") if head in gaiji else name.decode("cp932"))
    note = " (外字 %s written back as the vendor's code)" % head.hex().upper() if head in gaiji else ""
    print("%s  %s  %s  %s%s" % (r[0:15].decode(), r[30:33].decode(), r[33:40].decode(),
                                shimei.rstrip("\u3000 "), note))
print("%d records of %d bytes, CP932, CRLF" % (len(records), len(records[0])))
PY
done

echo
bold "[A2] The night operator is unsure the job ran and sends the same file again"
send_file
echo "    通知 the broker holds for the file: $(sqlite3 "$DIR/renkei.db" \
  "SELECT count(*) FROM audit WHERE service = 'JuminIdoTsuchi:1' AND receiver = '062022/subscribers' AND outcome = 'routed'" 2> /dev/null)"

# A client assertion (RFC 7523) signed with HS256: iss = sub = the unit, aud, iat, exp, jti.
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
jwt() {  # audience, seconds from now the token expires (negative: already expired)
  local now header payload
  now=$(date +%s)
  header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"062022/kokuho","sub":"062022/kokuho","aud":"%s","iat":%d,"exp":%d,"jti":"%s"}' \
    "$1" $((now - 120)) $((now + $2)) "$(cat /proc/sys/kernel/random/uuid)" | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$(printf '%s.%s' "$header" "$payload" \
    | openssl dgst -sha256 -hmac "$(cat "$DIR/secrets/kokuho-rest.secret")" -binary | b64url)"
}
rest_call() {  # token
  curl -s -w '\n%{http_code} %{content_type}\n' "$AUDIENCE/IdoJohoShokai" \
    -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d '{"AtenaNo":"000000000000001"}' > "$DIR/rest-answer.txt"
  echo "    HTTP $(tail -1 "$DIR/rest-answer.txt")"
  head -n -1 "$DIR/rest-answer.txt" | python3 -c '
import json, sys
body = json.load(sys.stdin)
if "code" in body:
    print("    problem details: code %s, status %s" % (body["code"], body["status"]))
    print("    detail: %s" % body["detail"])
else:
    text = json.dumps(body, ensure_ascii=False)
    print("    " + (text if len(text) <= 200 else text[:200] + " …"))
    jumin = body["Jumin"][0]
    print("    => %s (%s), %s%s" % (jumin["Shimei"], jumin["AtenaNo"], jumin["Jusho"]["Shikuchoson"],
                                   jumin["Jusho"].get("Banchi", "")))'
}
echo
bold "[A3] 国保's new system (national standard, REST/JSON) asks 住基 for 異動情報 with a JWT (client_secret_jwt, HS256)"
echo "    POST $AUDIENCE/IdoJohoShokai  {\"AtenaNo\":\"000000000000001\"}"
rest_call "$(jwt "$AUDIENCE" 300)"
bold "[A4] The same call with a token that expired 2 minutes ago"
rest_call "$(jwt "$AUDIENCE" -120)"
bold "[A5] The same call with a token made for another audience (住民税's own API)"
rest_call "$(jwt "https://juminzei.yonezawa.example.lg.jp/api/v1" 300)"

echo
bold "== The adapters' trail: the file's 通知 and the REST calls, audited like SOAP traffic =="
sqlite3 -header -column "$DIR/renkei.db" \
  "SELECT sender, receiver, service, outcome, fault_code, count(*) AS records FROM audit
   GROUP BY 1, 2, 3, 4, 5 ORDER BY min(seq)" 2> /dev/null | sed 's/^/  /'
"$RENKEI" audit verify --config "$DIR/renkei.xml" | sed 's/^/  /'
