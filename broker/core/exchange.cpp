#include "broker/core/exchange.h"

namespace renkei {

// Out of line, as declared: the members are the header's to name, not every includer's to build.
Exchange::Exchange() = default;
Exchange::~Exchange() = default;

}  // namespace renkei
