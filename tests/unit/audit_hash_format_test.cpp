// The chain hash format, pinned: a change to the serialization breaks these vectors, which is
// the point. Trails written by earlier brokers must keep verifying after every upgrade, so a new
// serialization needs a new format number, never an edit of an old one. The expected values were
// computed independently of this code (a few lines of Python over the documented netstring
// layout: "<length>:<bytes>;" per field, format tag first, prev_hash last).
#include <gtest/gtest.h>

#include "broker/audit/audit_hash.h"

namespace renkei {
namespace {

AuditRecord fixedRecord(int format) {
  AuditRecord r;
  r.seq = 42;
  r.format = format;
  r.time = "2026-04-01T09:30:00.123Z";
  r.message_id = "3f2b8c1e-6a4d-4e7f-9b0a-1c2d3e4f5a6b";
  r.sender = "062022/kokuho";
  r.receiver = "062022/juki";
  r.service = "IdoJohoShokai:1";
  r.purpose = "KOKUHO-01";
  r.link_id = 7;
  r.outcome = "routed";
  r.latency_us = 1631;
  r.request_sha256 = std::string(64, 'a');
  r.response_sha256 = std::string(64, 'b');
  r.operator_id = "yonezawa-kokuho-017";
  r.case_reference = "R8-000123";
  r.peer_address = "10.0.0.5:51234";
  r.instance_id = "broker-a:8080";
  r.prev_hash = std::string(64, 'c');
  return r;
}

TEST(AuditHashFormat, Version1KnownAnswer) {
  EXPECT_EQ(chainHash(fixedRecord(kAuditFormatV1)),
            "ab5cb1ad8eeaa8b0fd6c7c933e17c578cf0cda048d23f6b64e1a0285bb026bc0");
}

TEST(AuditHashFormat, Version2KnownAnswer) {
  EXPECT_EQ(chainHash(fixedRecord(kAuditFormatV2)),
            "871c80bc4fb677d7a5fef44a1468da53ff3f5e0276873bcdbdf2ac13bc149ed6");
}

TEST(AuditHashFormat, Version1IgnoresWhoActedVersion2CoversIt) {
  AuditRecord v1 = fixedRecord(kAuditFormatV1);
  AuditRecord v1_other = v1;
  v1_other.operator_id = "someone-else";
  EXPECT_EQ(chainHash(v1), chainHash(v1_other));

  const AuditRecord v2 = fixedRecord(kAuditFormatV2);
  for (auto field :
       {&AuditRecord::operator_id, &AuditRecord::case_reference, &AuditRecord::peer_address,
        &AuditRecord::instance_id, &AuditRecord::authenticated_unit}) {
    AuditRecord changed = v2;
    changed.*field += "x";
    EXPECT_NE(chainHash(changed), chainHash(v2));
  }
}

TEST(AuditHashFormat, UnknownFormatNeverMatchesAStoredHash) {
  EXPECT_EQ(chainHash(fixedRecord(99)), "");
}

}  // namespace
}  // namespace renkei
