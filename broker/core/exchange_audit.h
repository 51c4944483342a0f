#pragma once
// What an exchange leaves in the audit trail: identifiers, outcome and digests, never content.
#include "broker/core/audit_record.h"
#include "broker/core/exchange.h"

namespace renkei {

AuditRecord auditRecordOf(const Exchange& exchange, const HttpReply& reply);
// The same exchange as answered with Server.AuditUnavailable (`reply`) instead: what the trail
// keeps when the first record could not be committed in time.
AuditRecord unavailableRecordOf(const AuditRecord& record, const HttpReply& reply);

}  // namespace renkei
