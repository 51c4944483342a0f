#pragma once
// The inventory page's rows as CSV (`/?format=csv`): the same filters, order and page as the
// table, so "export what I see" means exactly that. UTF-8 with a BOM, which Excel on Japanese
// Windows needs to read it as UTF-8, or CP932 when asked; a character CP932 cannot carry is an
// error naming the link and the character, never a silent '?'.
#include <optional>
#include <string>

#include "broker/admin/inventory_query.h"

namespace renkei::admin {

struct InventoryCsv {
  std::string body;
  std::optional<std::string> error;  // set instead of body when CP932 cannot carry a value
};

InventoryCsv inventoryCsv(const RegistrySnapshot& registry, const InventoryPage& page, bool cp932);

}  // namespace renkei::admin
