#pragma once
// The one error every persistence interface throws (RegistryStore, AuditTrail, Store, the
// outbox and purpose-rule stores). Here, in core, so the components that declare those
// interfaces can catch it without depending on the store that implements them.
#include <stdexcept>

namespace renkei {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace renkei
