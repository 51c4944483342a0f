#pragma once
// One archived exchange. The metadata stays in clear so a record can be found without the key;
// it holds identifiers only (ids, unit names, the service, sizes), never message content, the
// same fields the audit trail keeps in clear. The bodies are sealed with AES-256-GCM, and the
// metadata is the cipher's associated data: a record moved to another exchange's metadata, or
// metadata edited, fails authentication.
#include <cstdint>
#include <string>

namespace renkei::archive {

inline constexpr int kArchiveFormatV1 = 1;

struct ArchiveMeta {
  int format = kArchiveFormatV1;
  std::string time;        // UTC, ISO 8601 with milliseconds: the exchange's audit record time
  std::string message_id;  // "" when the request never got as far as a readable header
  std::string sender;
  std::string receiver;
  std::string service;  // "IdoJohoShokai:1"
  std::string outcome;  // "routed" | "refused" | "failed", as in the audit trail
  std::string fault_code;
  std::string instance_id;  // the broker instance that wrote it
  uint64_t request_bytes = 0;
  uint64_t response_bytes = 0;
  std::string key_id;  // ArchiveKey::keyId() of the key that sealed it
};

struct SealedRecord {
  ArchiveMeta meta;
  std::string nonce;       // 12 random bytes, fresh for every record
  std::string ciphertext;  // request body then response body, request_bytes + response_bytes
  std::string tag;         // 16 bytes
};

}  // namespace renkei::archive
