#pragma once
// What the broker's answer to one posted record means for that record.
#include <string>

#include "adapters/file/soap_poster.h"

namespace renkei::file {

enum class ReplyVerdict {
  kAccepted,   // a NotificationReceipt: the broker holds it durably
  kDuplicate,  // Client.DuplicateMessage: it already holds this record's MessageId
  kRejected,   // a fault about this record's content: it never will be accepted
  kRetry,      // the broker is unavailable or overloaded: try again later
  kStop,       // a fault about the adapter itself (link, identity, setup): fix, then rerun
};

struct ReplyMeaning {
  ReplyVerdict verdict = ReplyVerdict::kRetry;
  std::string fault_code;  // "Client.SchemaViolation"
  std::string detail;      // the fault string, or the receipt's delivery count
  int deliveries = 0;
};

ReplyMeaning interpretReply(const PostReply& reply);

}  // namespace renkei::file
