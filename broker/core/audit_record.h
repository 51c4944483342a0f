#pragma once
// One audit record per exchange. No message content and no personal data: only identifiers,
// outcome and SHA-256 digests of the request and response bodies.
#include <cstdint>
#include <optional>
#include <string>

namespace renkei {

// The chain hash format a record was written with (audit_hash.h). Stored with each record so a
// trail written by an older broker still verifies after an upgrade.
inline constexpr int kAuditFormatV1 = 1;  // exchange fields only
inline constexpr int kAuditFormatV2 = 2;  // + who acted: operator, case, peer, instance, unit
inline constexpr int kAuditFormatCurrent = kAuditFormatV2;

struct AuditRecord {
  int64_t seq = 0;  // assigned by the store, strictly increasing without gaps
  int format = kAuditFormatCurrent;
  std::string time;  // UTC, ISO 8601 with milliseconds
  std::string message_id;
  std::string sender;
  std::string receiver;
  std::string service;  // "IdoJohoShokai:1"
  std::string purpose;
  std::optional<int64_t> link_id;
  std::string outcome;     // "routed" | "refused" | "failed"
  std::string fault_code;  // empty when routed
  int64_t latency_us = 0;
  std::string request_sha256;
  std::string response_sha256;
  // Who acted (format 2). For 住基 access logs the operator is what matters.
  std::string operator_id;         // header UserId, "" when the header has none
  std::string case_reference;      // header CaseReference, "" when none
  std::string peer_address;        // "127.0.0.1:54321", the connection the request came on
  std::string instance_id;         // the broker instance that handled it
  std::string authenticated_unit;  // the unit its credential proved (mTLS); "" for plain
  std::string prev_hash;           // hash of record seq-1 ("" for the first)
  std::string hash;                // SHA-256 over prev_hash and every field above

  // Not part of the record: set by a store that found a column holding a value of another type
  // than the schema says (an edit the lossy conversion would hide). The verifier reports it.
  std::string read_problem;
};

}  // namespace renkei
