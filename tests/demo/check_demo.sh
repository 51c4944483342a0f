#!/usr/bin/env bash
# Runs `examples/demo.sh` as a newcomer would (after `./renkei.sh build`) and checks that every
# scene ends as the README says: what is routed, what is refused and with which code, and that
# the audit checks pass on the intact trails and catch the truncated one.
# Usage: tests/demo/check_demo.sh BUILD_DIR
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:?usage: check_demo.sh BUILD_DIR}"
OUT="$(mktemp)"
trap 'rm -f "$OUT"' EXIT

if ! timeout 200 "$ROOT/examples/demo.sh" "$BUILD" > "$OUT" 2>&1; then
  cat "$OUT"
  echo "check_demo: examples/demo.sh failed" >&2
  exit 1
fi

failures=0
# Each trail opens with one record per link the configuration seeds (the example's 7 links), so
# the record counts below are the scenes' records plus 7 (the adapters' trail: plus its 3 links).
expect() {  # description, fixed string the output must contain
  if ! grep -qF -- "$2" "$OUT"; then
    echo "check_demo: missing: $1 (expected the text: $2)" >&2
    failures=$((failures + 1))
  fi
}
expect_count() {  # description, fixed string, how many times
  local n
  n=$(grep -cF -- "$2" "$OUT")
  if [ "$n" -ne "$3" ]; then
    echo "check_demo: $1: '$2' appears $n times, expected $3" >&2
    failures=$((failures + 1))
  fi
}

# The registry scenes (the sample client's exit status decides these lines).
expect_count "routed exchanges of the registry scenes" "=> routed: the link allowed it" 5
expect "the proposed link refused" "Client.LinkNotRegistered"
expect "the cross-tenant call refused" "062014/kokuho"
expect "the schema-invalid body refused" "fault: Client.SchemaViolation"
expect "the first trail verified" "audit trail OK: 21 records, hash chain intact"
expect "the registry replayed from its history" "registry OK: "
# The trust scenes.
expect "mTLS call routed" "HTTP 200: juki:IdoJohoShokaiResponse"
expect "no certificate" "fault: Client.Unauthenticated"
expect "住民税's certificate claiming 国保" "fault: Client.SenderMismatch"
expect "replay" "fault: Client.DuplicateMessage"
expect "xmlsec1-signed message routed" "HTTP 200: kokuho:ShikakuJohoShokaiResponse"
expect "tampered signed message" "fault: Client.SignatureInvalid"
expect "the trust trail with checkpoints verified" "audit trail OK: 13 records, hash chain intact"
expect "the truncated trail caught" "audit trail BROKEN: records 12 to 13 were deleted"
expect "verify's exit status on tampering" "=> exit status 1"
# The two-cloud scenes (examples/demo_clouds.sh).
expect "the notification fanned out to both clouds" "通知 301 (宛名番号 000000000000301): accepted by cloud A, copies: 2"
expect "住民税 caught up in order" "住民税 back; it acknowledged: 301 302-1 302-2"
expect "a 照会 across the clouds" "=> routed across clouds"
expect "the cross-cloud 照会 failing fast on the cut line" "fault: Server.PeerUnavailable"
expect "local traffic going on" "local 照会 in cloud A (住民税 -> 住基): routed"
expect "cloud B's copies held in cloud A" "waiting in cloud A's outbox for 国保 (cloud B): 2 copies (held, no attempts spent)"
expect "the backlog arriving in order" "国保 (cloud B) acknowledged:   301 302-1 302-2 304-1 304-2"
expect "cloud A's outbox drained" "waiting in cloud A's outbox for 国保: 0 copies"
expect "cloud A's trail verified" "cloud-a: audit trail OK"
expect "cloud B's trail verified" "cloud-b: audit trail OK"
expect "cloud A's record names the peer" "peer:cloud-b"
expect "cloud B's record names the peer" "peer:cloud-a"
# The My Number scenes (examples/demo_mynumber.sh).
expect "the 符号 obtained" "Kekka: 取得済"
expect "地方税関係情報 provided for 国保料 assessment" "Atai: 187200"
expect "an item outside the 事務 refused" "fault: Client.PurposeNotPermitted"
expect "a 個人番号 towards the gateway refused" "fault: Client.PersonalNumberExposed"
expect "a 副本 batch accepted by the broker's outbox" "broker: delivery copies: 1"
expect "the 副本 registered" "副本: 000000000000101  TM00000000000021  version 1  提供情報"
expect "a withheld 副本 registered" "副本: 000000000000102  TM00000000000021  version 1  不開示 F04"
expect "the re-sent batch delivered too" "broker: copies delivered to the gateway: 2"
expect_count "the batch re-sent without duplicates" "副本 rows: 2, batch records applied: 2" 2
expect "山形市 answered from 米沢市's 副本" "Atai: 143600"
expect "a withheld 副本 answered 不開示" "FukaijiCode: F04"
expect "山形市's item outside the 事務 refused by the gateway" "answered: Client.PurposeNotPermitted"
expect "the resident's records" "情報提供等記録 for 宛名番号 000000000000101: 4 record(s)"
expect "the records' chain verified" "OK, 5 record(s), chain intact"
expect "no 個人番号 left behind" "no file under var/mynumber holds 123456789018"
# The adapter scenes (examples/demo_adapters.sh).
expect "the 異動 file's good records sent" "sent      4 (this run: 8 subscriber copies queued)"
expect "the cut record rejected with line and offset" $'4\t4\t966\t-\terror\tthe record has 300 bytes'
expect "the impossible 和暦 date rejected on its field" $'5\t5\t1301\tIdoDate\terror\t平成31年5月1日'
expect_count "国保 and 住民税 each wrote the 外字 back" "𠮷田　花子 (外字 F040 written back" 2
expect_count "each subscriber's file holds the 4 records" "4 records of 320 bytes, CP932, CRLF" 2
expect "the same file sent again skipped" "4 record(s) sent, 2 rejected; skipped"
expect "no 通知 doubled by the second send" "通知 the broker holds for the file: 4"
expect "the REST call answered in JSON" "=> 上杉 太郎 (000000000000001), 米沢市"
expect_count "expired and wrong-audience tokens refused" "problem details: code Client.Unauthenticated, status 401" 2
expect "the expired token named" "detail: the JWT has expired"
expect "the wrong audience named" "detail: the JWT's aud does not name this broker"
expect "the adapters' trail verified" "audit trail OK: 18 records, hash chain intact (sqlite:$ROOT/var/adapters/renkei.db)"

if [ "$failures" -ne 0 ]; then
  echo "---- demo output ----" >&2
  cat "$OUT" >&2
  exit 1
fi
echo "check_demo: every scene ended as documented"
