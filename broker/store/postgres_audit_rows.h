#pragma once
// Audit and checkpoint rows of the PostgreSQL store, read strictly: an integer must read as a
// whole integer. An owner who retypes a column to numeric or text (so that '1631 (edited)' or
// 7.5 fit) gets that row reported in read_problem, instead of a conversion that hashes like the
// original.
#include "broker/audit/audit_checkpoint.h"
#include "broker/core/audit_record.h"
#include "broker/store/postgres_connection.h"

namespace renkei {

inline constexpr const char* kPgAuditColumns =
    "seq, time, message_id, sender, receiver, service, purpose, link_id, outcome, fault_code, "
    "latency_us, request_sha256, response_sha256, prev_hash, hash, format, operator_id, "
    "case_reference, peer_address, instance_id, authenticated_unit";
inline constexpr int kPgAuditFields = 21;

inline constexpr const char* kPgCheckpointColumns =
    "id, seq, head_hash, time, instance_id, key_id, signature, tsa_token";

AuditRecord readPgAuditRow(const PgResult& rows, int i);
void appendPgAuditParams(PgParams& params, const AuditRecord& r);
AuditCheckpoint readPgCheckpointRow(const PgResult& rows, int i);

}  // namespace renkei
