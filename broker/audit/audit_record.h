#pragma once
// One audit record per exchange. No message content and no personal data: only identifiers,
// outcome and SHA-256 digests of the request and response bodies.
#include <cstdint>
#include <optional>
#include <string>

namespace renkei {

struct AuditRecord {
  int64_t seq = 0;           // assigned by the store, strictly increasing without gaps
  std::string time;          // UTC, ISO 8601 with milliseconds
  std::string message_id;
  std::string sender;
  std::string receiver;
  std::string service;       // "IdoJohoShokai:1"
  std::string purpose;
  std::optional<int64_t> link_id;
  std::string outcome;       // "routed" | "refused" | "failed"
  std::string fault_code;    // empty when routed
  int64_t latency_us = 0;
  std::string request_sha256;
  std::string response_sha256;
  std::string prev_hash;     // hash of record seq-1 ("" for the first)
  std::string hash;          // SHA-256 over prev_hash and every field above
};

}  // namespace renkei
