#pragma once
// What the outbox keeps: a posted notification (its bytes, until every copy is delivered or
// given up) and one delivery row per subscriber, each with its own state and retry schedule.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace renkei {

// pending -> done (the receiver acknowledged) | dead (too many attempts or too old)
// dead -> pending (retry) ; pending | dead -> discarded (an operator gave it up)
enum class DeliveryState { kPending, kDone, kDead, kDiscarded };
const char* deliveryStateName(DeliveryState state);
bool parseDeliveryState(const std::string& text, DeliveryState* out);

struct OutboxNotification {
  int64_t id = 0;  // assigned by the store
  std::string message_id;
  std::string sender;
  std::string topic;  // service name
  std::string topic_version;
  std::string purpose;       // the header's PurposeCode as posted
  std::string subject;       // the subject element's text; "" when the topic has none
  std::string content_type;  // as posted, so a copy goes out in the sender's SOAP version
  std::string soap_action;
  std::string body;       // emptied once no copy can be sent any more (done or discarded)
  std::string posted_at;  // UTC ISO 8601
};

// One subscriber's copy.
struct OutboxDelivery {
  int64_t id = 0;
  int64_t notification_id = 0;
  std::string message_id;  // the notification's, what receivers deduplicate by
  std::string sender;
  std::string receiver;
  std::string topic;
  std::string topic_version;
  int64_t link_id = 0;  // the subscription link it was fanned out for
  std::string purpose;  // that link's purpose code
  std::string subject;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;             // started attempts, counted when one is claimed
  int64_t next_attempt_ms = 0;  // Unix epoch ms
  int64_t created_ms = 0;
  int64_t finished_ms = 0;  // when it became done, dead or discarded; 0 while pending
  std::string last_error;
};

// A new delivery row: who gets a copy, under which subscription link.
struct DeliveryTarget {
  std::string receiver;
  int64_t link_id = 0;
  std::string purpose;
};

// Copies the dispatcher holds back because their receivers' peer broker is unreachable
// (federation): those created at or after `created_from_ms` are not due. Older ones are, so
// that deadLetterAfterHours still applies while a peer is down.
struct HeldReceivers {
  std::vector<std::string> receivers;
  int64_t created_from_ms = 0;
};

// As a JSON array of strings: one bound parameter for either store's SQL.
std::string heldReceiversJson(const HeldReceivers& held);

struct DeliveryFilter {
  std::string topic;
  std::string receiver;
  std::optional<DeliveryState> state;
  int64_t limit = 1000;
};

}  // namespace renkei
