#pragma once
// What the inventory page (`/`) was asked for: partial-match filters, free-text search, sort
// order, page and output format, parsed from the query string. A value the page cannot honour
// (status=bogus, an unknown sort key, page=-1, a misspelt parameter) is an error naming the
// parameter and what it accepts: showing every link instead would look like an answer.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "broker/core/registry_types.h"
#include "broker/reports/traffic_summary.h"

namespace renkei::admin {

enum class InventorySort {
  kInventory,  // sender, receiver, service, version, id: links group by tenant
  kId,
  kStatus,
  kSender,
  kReceiver,
  kService,
  kPurpose,
  kLegalBasis,
  kDepartment,
  kReview,
  kRouted,
  kRefused,
  kLastSeen,
};

struct InventoryQuery {
  std::optional<LinkStatus> status;
  // Partial, case-insensitive matches. Units match on id or registered name.
  std::string sender, receiver, tenant, service, purpose, legal_basis, department, vendor;
  std::string q;  // every word must occur in the link's id, units, service, purpose, ...
  InventorySort sort = InventorySort::kInventory;
  bool descending = false;
  int64_t page = 1;  // 1-based
  int64_t per_page = 100;
  bool csv = false;
  bool cp932 = false;  // CSV in Excel's Japanese Windows encoding instead of UTF-8 with BOM
};

inline constexpr int64_t kMaxPerPage = 5000;

struct QueryError {
  std::string parameter;
  std::string value;
  std::string allowed;  // "one of proposed, approved, ..." or "a whole number from 1"

  std::string message() const;
};

// Every parameter of `params` is checked; the first bad one is returned.
std::optional<QueryError> parseInventoryQuery(const std::map<std::string, std::string>& params,
                                              InventoryQuery* out);
// The query string (without '?') that asks for `query`: what pagination, sort and CSV links
// carry so the filters survive a click. Defaults are left out.
std::string inventoryQueryString(const InventoryQuery& query);
// The name a sort key is typed as ("routed", "last_seen").
const char* sortKeyName(InventorySort sort);

struct InventoryRow {
  const Link* link = nullptr;
  const reports::LinkUsage* usage = nullptr;  // never null: zero counts when unused
};

struct InventoryPage {
  std::vector<InventoryRow> rows;  // this page's rows only
  int64_t matching = 0;            // rows over all pages
  int64_t pages = 1;
};

// Filters, sorts and cuts one page. The rows point into `registry` and `traffic`. A page past
// the last is an error (naming the last page), never an empty page that looks like "no links".
std::optional<QueryError> selectInventory(const RegistrySnapshot& registry,
                                          const reports::TrafficSummary& traffic,
                                          const InventoryQuery& query, InventoryPage* out);

}  // namespace renkei::admin
