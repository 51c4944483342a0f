#pragma once
// Digests for the tamper-evident audit trail.
#include <cstdint>
#include <string>
#include <vector>

#include "broker/core/audit_record.h"
#include "broker/core/digest.h"  // hexEncode, sha256Hex: the digests the chain is made of

namespace renkei {

// The chain hash of a record: SHA-256 over a length-prefixed serialization of seq and every
// content field plus prev_hash (the record's own `hash` field is excluded). Length prefixes make
// the encoding unambiguous, so no two different records can serialize to the same bytes.
// record.format picks the serialization; an unknown format yields "" (never a stored hash).
std::string chainHash(const AuditRecord& record);

// Links `batch` onto the end of a trail whose last record has `head_seq` and `head_hash` (0 and
// "" while the trail is empty): gives each record, in order, the next seq, the previous record's
// hash as prev_hash, and its own chainHash. The one place the chain's linking rule lives; a
// store only reads its head and inserts what this returns, inside one transaction.
void linkToChain(std::vector<AuditRecord>& batch, int64_t head_seq, std::string head_hash);

}  // namespace renkei
