#pragma once
// 全国地方公共団体コード: five digits plus a check digit,
// check = (11 - (d1*6 + d2*5 + d3*4 + d4*3 + d5*2) mod 11) mod 10; e.g. 06202 -> 062022.
#include <string_view>

namespace renkei {

bool isValidTenantCode(std::string_view code);
// The tenant part of a unit id ("062022/juki" -> "062022"). An id without a '/' is its own
// tenant ("juki" -> "juki"): never the empty tenant two such ids would share, so the registry's
// cross-tenant rule, the authorize stage and the reports all see two tenants there. The one
// definition; tenantOf (registry/link_filter.h) adds the registry's own tenant of a unit.
std::string_view tenantOfUnit(std::string_view unit_id);

}  // namespace renkei
