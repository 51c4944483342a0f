#include "broker/notify/outbox_types.h"

namespace renkei {

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
