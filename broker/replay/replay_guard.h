#pragma once
// Who has already sent which message: the memory behind Client.DuplicateMessage.
//
// A message is claimed by (sender, MessageId) once it has been authorized, so refusals before
// that (bad XML, an unknown unit, no link) never use up an id, and one unit cannot block another
// unit's ids. A claim is kept for `retention`: twice the allowed clock skew, because a message
// is fresh for skew either side of its Timestamp, so a copy can arrive at most 2 x skew after
// the first one and still look fresh.
#include <chrono>
#include <stdexcept>
#include <string>

namespace renkei {

// The store behind a claim cannot be reached: the exchange gets Server.AuditUnavailable (the
// claims live in the audit store).
class ReplayStoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ReplayGuard {
 public:
  virtual ~ReplayGuard() = default;
  // True when (sender, message_id) was not claimed within the retention and is now; false for
  // a duplicate. Throws ReplayStoreError when the claim could not be recorded.
  virtual bool claim(const std::string& sender, const std::string& message_id) = 0;
};

}  // namespace renkei
