#pragma once
// The link inventory as plain text, for `renkei links list`: what IT governance reads to see
// who exchanges what with whom, for which purpose and on which legal basis.
#include <ostream>

#include "broker/core/registry_types.h"

namespace renkei {

// One aligned table, links grouped by the sender's tenant and sorted by sender, receiver,
// service, id; then a summary line such as
// "7 links: 5 active, 1 suspended, 1 proposed; 4 units in 2 tenants".
void printLinkInventory(const RegistrySnapshot& snapshot, std::ostream& out);

}  // namespace renkei
