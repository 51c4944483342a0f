#include "broker/notify/outbox_types.h"

#include "broker/core/json_text.h"

namespace renkei {

std::string heldReceiversJson(const HeldReceivers& held) {
  std::string json = "[";
  for (const std::string& receiver : held.receivers) {
    if (json.size() > 1) json += ',';
    json += jsonString(receiver);
  }
  return json + "]";
}

const char* deliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending:
      return "pending";
    case DeliveryState::kDone:
      return "done";
    case DeliveryState::kDead:
      return "dead";
    case DeliveryState::kDiscarded:
      return "discarded";
  }
  return "pending";
}

bool parseDeliveryState(const std::string& text, DeliveryState* out) {
  for (DeliveryState s : {DeliveryState::kPending, DeliveryState::kDone, DeliveryState::kDead,
                          DeliveryState::kDiscarded}) {
    if (text == deliveryStateName(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

}  // namespace renkei
