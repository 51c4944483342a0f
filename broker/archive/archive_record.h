#pragma once
// One archived exchange. The metadata stays in clear so a record can be found without the key;
// it holds identifiers only (ids, unit names, the service, sizes), never message content, the
// same fields the audit trail keeps in clear. The bodies are sealed with AES-256-GCM, and the
// metadata is the cipher's associated data: a record moved to another exchange's metadata, or
// metadata edited, fails authentication.
#include <string>

#include "broker/core/archive_meta.h"

namespace renkei::archive {

struct SealedRecord {
  ArchiveMeta meta;
  std::string nonce;       // 12 random bytes, fresh for every record
  std::string ciphertext;  // request body then response body, request_bytes + response_bytes
  std::string tag;         // 16 bytes
};

}  // namespace renkei::archive
