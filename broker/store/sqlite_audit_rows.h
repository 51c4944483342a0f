#pragma once
// Audit and checkpoint rows of the SQLite store, read strictly. SQLite keeps whatever type a
// value was written with, and its conversions are lossy ('1631 (edited)' reads as 1631, 7.5 as
// 7), so an edit made that way would hash like the original. Every column's stored type is
// checked; a mismatch is reported in read_problem for the verifier to name.
#include "broker/audit/audit_checkpoint.h"
#include "broker/core/audit_record.h"
#include "broker/store/sqlite_connection.h"

namespace renkei {

inline constexpr const char* kSqliteAuditColumns =
    "seq, time, message_id, sender, receiver, service, purpose, link_id, outcome, fault_code, "
    "latency_us, request_sha256, response_sha256, prev_hash, hash, format, operator_id, "
    "case_reference, peer_address, instance_id, authenticated_unit";
inline constexpr int kSqliteAuditColumnCount = 21;

inline constexpr const char* kSqliteCheckpointColumns =
    "id, seq, head_hash, time, instance_id, key_id, signature, tsa_token";

AuditRecord readSqliteAuditRow(const SqliteStatement& row);
// Binds every column of `r` in kSqliteAuditColumns order (parameters 1..21).
void bindSqliteAuditRow(SqliteStatement& insert, const AuditRecord& r);
AuditCheckpoint readSqliteCheckpointRow(const SqliteStatement& row);

}  // namespace renkei
