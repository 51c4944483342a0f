#include "broker/audit/audit_hash.h"

#include <utility>

namespace renkei {

namespace {

// Each format has its own tag, so hashes of two formats can never be confused. Add a format
// (and keep the old ones) when the canonical serialization changes; never edit one.
constexpr std::string_view kChainFormatV1 = "renkei-audit-v1";
constexpr std::string_view kChainFormatV2 = "renkei-audit-v2";

}  // namespace

std::string chainHash(const AuditRecord& r) {
  if (r.format != kAuditFormatV1 && r.format != kAuditFormatV2) return std::string();
  std::string canonical;
  canonical.reserve(512);
  appendLengthPrefixed(canonical, r.format == kAuditFormatV1 ? kChainFormatV1 : kChainFormatV2);
  appendLengthPrefixed(canonical, std::to_string(r.seq));
  appendLengthPrefixed(canonical, r.time);
  appendLengthPrefixed(canonical, r.message_id);
  appendLengthPrefixed(canonical, r.sender);
  appendLengthPrefixed(canonical, r.receiver);
  appendLengthPrefixed(canonical, r.service);
  appendLengthPrefixed(canonical, r.purpose);
  // An absent link id and link id 0 must hash differently, hence the marker.
  appendLengthPrefixed(canonical, r.link_id ? "L" + std::to_string(*r.link_id) : std::string());
  appendLengthPrefixed(canonical, r.outcome);
  appendLengthPrefixed(canonical, r.fault_code);
  appendLengthPrefixed(canonical, std::to_string(r.latency_us));
  appendLengthPrefixed(canonical, r.request_sha256);
  appendLengthPrefixed(canonical, r.response_sha256);
  if (r.format >= kAuditFormatV2) {
    appendLengthPrefixed(canonical, r.operator_id);
    appendLengthPrefixed(canonical, r.case_reference);
    appendLengthPrefixed(canonical, r.peer_address);
    appendLengthPrefixed(canonical, r.instance_id);
    appendLengthPrefixed(canonical, r.authenticated_unit);
  }
  appendLengthPrefixed(canonical, r.prev_hash);
  return sha256Hex(canonical);
}

void linkToChain(std::vector<AuditRecord>& batch, int64_t head_seq, std::string head_hash) {
  int64_t seq = head_seq;
  std::string prev_hash = std::move(head_hash);
  for (AuditRecord& r : batch) {
    r.seq = ++seq;
    r.prev_hash = prev_hash;
    r.hash = chainHash(r);
    prev_hash = r.hash;
  }
}

}  // namespace renkei
