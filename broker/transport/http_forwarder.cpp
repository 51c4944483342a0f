#include "broker/transport/http_forwarder.h"

namespace renkei {

const char* forwardOutcomeName(ForwardResult::Outcome outcome) {
  switch (outcome) {
    case ForwardResult::kAnswered:
      return "answered";
    case ForwardResult::kUnavailable:
      return "unavailable";
    case ForwardResult::kTimeout:
      return "timeout";
    case ForwardResult::kTooLarge:
      return "too-large";
    case ForwardResult::kMalformedAnswer:
      return "malformed-answer";
    case ForwardResult::kError:
      return "error";
  }
  return "error";
}

}  // namespace renkei
