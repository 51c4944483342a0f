#pragma once
// Digests for the tamper-evident audit trail.
#include <string>
#include <string_view>

#include "broker/audit/audit_record.h"

namespace renkei {

// Lowercase hex SHA-256 of arbitrary bytes (used for request/response body digests).
std::string sha256Hex(std::string_view data);

// The chain hash of a record: SHA-256 over a length-prefixed serialization of seq and every
// content field plus prev_hash (the record's own `hash` field is excluded). Length prefixes make
// the encoding unambiguous, so no two different records can serialize to the same bytes.
std::string chainHash(const AuditRecord& record);

}  // namespace renkei
