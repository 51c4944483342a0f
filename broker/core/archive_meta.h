#pragma once
// The identifiers of one archived exchange (archive_record.h has the whole sealed record). Here,
// below the archive, because the pipeline fills them in before it hands the bodies over.
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

}  // namespace renkei::archive
