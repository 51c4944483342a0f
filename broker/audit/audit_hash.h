#pragma once
// Digests for the tamper-evident audit trail.
#include <optional>
#include <string>
#include <string_view>

#include "broker/audit/audit_record.h"

namespace renkei {

// Lowercase hex of raw bytes, and back (nullopt for odd length or a non-hex digit).
std::string hexEncode(std::string_view bytes);
std::optional<std::string> hexDecode(std::string_view hex);

// Appends "<decimal length>:<bytes>;": a field that cannot bleed into its neighbour, so a
// sequence of them serializes no two different inputs alike (the chain hash, the archive's
// associated data).
void appendLengthPrefixed(std::string& out, std::string_view value);

// Lowercase hex SHA-256 of arbitrary bytes (used for request/response body digests).
std::string sha256Hex(std::string_view data);

// The chain hash of a record: SHA-256 over a length-prefixed serialization of seq and every
// content field plus prev_hash (the record's own `hash` field is excluded). Length prefixes make
// the encoding unambiguous, so no two different records can serialize to the same bytes.
// record.format picks the serialization; an unknown format yields "" (never a stored hash).
std::string chainHash(const AuditRecord& record);

}  // namespace renkei
