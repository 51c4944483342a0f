#pragma once
// What the sender of a notification is answered once it is durable in the outbox: the
// broker's own receipt (xsd/platform-notify.xsd), not the topic's response element, which is
// what each subscriber answers its copy with. A receipt says "the broker has it", never "the
// receivers have it", and claiming a receiver's answer before any receiver answered would lie.
#include <string>

#include "broker/core/exchange.h"

namespace renkei {

struct ReceiptFacts {
  std::string message_id;   // the posted notification's
  std::string accepted_at;  // UTC ISO 8601
  int deliveries = 0;
};

// A SOAP envelope in the sender's version, with a platform header answering the post
// (CorrelationId = its MessageId, Sender and Receiver swapped) and the NotificationReceipt.
std::string renderReceipt(SoapVersion version, const PlatformHeader& posted,
                          const ReceiptFacts& facts);

}  // namespace renkei
