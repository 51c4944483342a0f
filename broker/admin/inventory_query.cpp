#include "broker/admin/inventory_query.h"

#include <algorithm>
#include <charconv>
#include <tuple>
#include <unordered_map>

#include "broker/admin/html.h"
#include "broker/registry/link_filter.h"

namespace renkei::admin {
namespace {

constexpr const char* kTextParams[] = {"sender",      "receiver",   "tenant", "service", "purpose",
                                       "legal_basis", "department", "vendor", "q"};

struct SortKey {
  const char* name;
  InventorySort sort;
};
constexpr SortKey kSortKeys[] = {
    {"inventory", InventorySort::kInventory},   {"id", InventorySort::kId},
    {"status", InventorySort::kStatus},         {"sender", InventorySort::kSender},
    {"receiver", InventorySort::kReceiver},     {"service", InventorySort::kService},
    {"purpose", InventorySort::kPurpose},       {"legal_basis", InventorySort::kLegalBasis},
    {"department", InventorySort::kDepartment}, {"review", InventorySort::kReview},
    {"routed", InventorySort::kRouted},         {"refused", InventorySort::kRefused},
    {"last_seen", InventorySort::kLastSeen},
};

std::string allowedList(std::initializer_list<std::string> names) {
  std::string out = "one of ";
  bool first = true;
  for (const auto& name : names) {
    out += (first ? "" : ", ") + name;
    first = false;
  }
  return out;
}

std::string sortKeysList() {
  std::string out;
  for (const auto& key : kSortKeys) out += (out.empty() ? "one of " : ", ") + std::string(key.name);
  return out;
}

std::optional<int64_t> positiveNumber(const std::string& text, int64_t max) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > max) {
    return std::nullopt;
  }
  return value;
}

// ASCII case folding only: unit ids and service names are ASCII; Japanese has no case.
std::string folded(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool has(const std::string& haystack_folded, const std::string& needle_folded) {
  return haystack_folded.find(needle_folded) != std::string::npos;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find(' ', pos);
    const std::string word = text.substr(pos, end == std::string::npos ? end : end - pos);
    if (!word.empty()) out.push_back(folded(word));
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return out;
}

// One link's searchable text, folded once per request.
struct LinkText {
  std::string sender, receiver, tenants, service, purpose, legal_basis, department, vendor, all;
};

LinkText textOf(const RegistrySnapshot& registry,
                const std::unordered_map<std::string, std::string>& unit_names, const Link& link) {
  auto unit = [&](const std::string& id) {
    const auto it = unit_names.find(id);
    return folded(it == unit_names.end() ? id : id + " " + it->second);
  };
  LinkText text;
  text.sender = unit(link.sender);
  text.receiver = unit(link.receiver);
  text.tenants = tenantOf(registry, link.sender) + " " + tenantOf(registry, link.receiver);
  text.service = folded(link.service_name + ":" + link.service_version);
  text.purpose = folded(link.purpose_code + " " + link.purpose_name);
  text.legal_basis = folded(link.legal_basis);
  text.department = folded(link.department);
  text.vendor = folded(link.vendor);
  // "#12#": typing "#12" finds link 12 alone, a bare "12" also finds 112 and units named so.
  text.all = "#" + std::to_string(link.id) + "# " + text.sender + " " + text.receiver + " " +
             text.service + " " + text.purpose + " " + text.legal_basis + " " + text.department +
             " " + text.vendor;
  return text;
}

bool matches(const LinkText& text, const Link& link, const InventoryQuery& query,
             const std::vector<std::string>& q_words) {
  if (query.status && link.status != *query.status) return false;
  const std::pair<const std::string*, const std::string*> fields[] = {
      {&text.sender, &query.sender},         {&text.receiver, &query.receiver},
      {&text.tenants, &query.tenant},        {&text.service, &query.service},
      {&text.purpose, &query.purpose},       {&text.legal_basis, &query.legal_basis},
      {&text.department, &query.department}, {&text.vendor, &query.vendor},
  };
  for (const auto& [haystack, wanted] : fields) {
    if (!wanted->empty() && !has(*haystack, folded(*wanted))) return false;
  }
  for (const auto& word : q_words) {
    if (!has(text.all, word)) return false;
  }
  return true;
}

bool inventoryBefore(const Link& x, const Link& y) {
  return std::tie(x.sender, x.receiver, x.service_name, x.service_version, x.id) <
         std::tie(y.sender, y.receiver, y.service_name, y.service_version, y.id);
}

template <typename T>
int compare(const T& left, const T& right) {
  return left < right ? -1 : right < left ? 1 : 0;
}

// How two rows compare on the sort key alone (-1, 0, 1); ties are left to the inventory order.
int compareOn(InventorySort sort, const InventoryRow& a, const InventoryRow& b) {
  const Link& x = *a.link;
  const Link& y = *b.link;
  switch (sort) {
    case InventorySort::kInventory:
    case InventorySort::kSender:
      return inventoryBefore(x, y) ? -1 : inventoryBefore(y, x) ? 1 : 0;
    case InventorySort::kId:
      return compare(x.id, y.id);
    case InventorySort::kStatus:
      return compare(std::string(linkStatusName(x.status)), std::string(linkStatusName(y.status)));
    case InventorySort::kReceiver:
      return compare(x.receiver, y.receiver);
    case InventorySort::kService:
      return compare(x.service_name + ":" + x.service_version,
                     y.service_name + ":" + y.service_version);
    case InventorySort::kPurpose:
      return compare(x.purpose_code, y.purpose_code);
    case InventorySort::kLegalBasis:
      return compare(x.legal_basis, y.legal_basis);
    case InventorySort::kDepartment:
      return compare(x.department, y.department);
    case InventorySort::kReview:
      return compare(x.review_date, y.review_date);
    case InventorySort::kRouted:
      return compare(a.usage->routed, b.usage->routed);
    case InventorySort::kRefused:
      return compare(a.usage->refused, b.usage->refused);
    case InventorySort::kLastSeen:
      return compare(a.usage->last_seen, b.usage->last_seen);
  }
  return 0;
}

}  // namespace

std::string QueryError::message() const {
  return parameter + "='" + value + "' is not allowed: " + parameter + " must be " + allowed;
}

const char* sortKeyName(InventorySort sort) {
  for (const auto& key : kSortKeys) {
    if (key.sort == sort) return key.name;
  }
  return "inventory";
}

std::optional<QueryError> parseInventoryQuery(const std::map<std::string, std::string>& params,
                                              InventoryQuery* out) {
  InventoryQuery query;
  for (const auto& [key, value] : params) {
    std::string* text = nullptr;
    if (key == "sender") text = &query.sender;
    if (key == "receiver") text = &query.receiver;
    if (key == "tenant") text = &query.tenant;
    if (key == "service") text = &query.service;
    if (key == "purpose") text = &query.purpose;
    if (key == "legal_basis") text = &query.legal_basis;
    if (key == "department") text = &query.department;
    if (key == "vendor") text = &query.vendor;
    if (key == "q") text = &query.q;
    if (text != nullptr) {
      *text = value;
    } else if (key == "status") {
      LinkStatus status;
      if (value.empty()) continue;  // the form's "(all)"
      if (!parseLinkStatus(value, &status)) {
        return QueryError{key, value,
                          allowedList({"proposed", "approved", "active", "suspended", "retired"}) +
                              " (or empty for all)"};
      }
      query.status = status;
    } else if (key == "sort") {
      // Named, not captured as the binding: clang before 16 cannot capture a structured binding.
      const std::string& wanted = value;
      const auto it = std::find_if(std::begin(kSortKeys), std::end(kSortKeys),
                                   [&](const SortKey& k) { return wanted == k.name; });
      if (it == std::end(kSortKeys)) return QueryError{key, value, sortKeysList()};
      query.sort = it->sort;
    } else if (key == "dir") {
      if (value != "asc" && value != "desc")
        return QueryError{key, value, allowedList({"asc", "desc"})};
      query.descending = value == "desc";
    } else if (key == "page") {
      const auto page = positiveNumber(value, 1'000'000);
      if (!page) return QueryError{key, value, "a whole number from 1"};
      query.page = *page;
    } else if (key == "per_page") {
      const auto per_page = positiveNumber(value, kMaxPerPage);
      if (!per_page) {
        return QueryError{key, value, "a whole number from 1 to " + std::to_string(kMaxPerPage)};
      }
      query.per_page = *per_page;
    } else if (key == "format") {
      if (value != "html" && value != "csv")
        return QueryError{key, value, allowedList({"html", "csv"})};
      query.csv = value == "csv";
    } else if (key == "encoding") {
      if (value != "utf-8" && value != "cp932") {
        return QueryError{key, value, allowedList({"utf-8", "cp932"})};
      }
      query.cp932 = value == "cp932";
    } else {
      std::string allowed = "one of status, ";
      for (const char* name : kTextParams) allowed += std::string(name) + ", ";
      allowed += "sort, dir, page, per_page, format, encoding";
      return QueryError{"parameter '" + key + "'", value, allowed};
    }
  }
  *out = std::move(query);
  return std::nullopt;
}

std::string inventoryQueryString(const InventoryQuery& query) {
  std::string out;
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    out += (out.empty() ? "" : "&") + std::string(key) + "=" + urlEncode(value);
  };
  if (query.status) add("status", linkStatusName(*query.status));
  add("sender", query.sender);
  add("receiver", query.receiver);
  add("tenant", query.tenant);
  add("service", query.service);
  add("purpose", query.purpose);
  add("legal_basis", query.legal_basis);
  add("department", query.department);
  add("vendor", query.vendor);
  add("q", query.q);
  if (query.sort != InventorySort::kInventory) add("sort", sortKeyName(query.sort));
  if (query.descending) add("dir", "desc");
  if (query.per_page != 100) add("per_page", std::to_string(query.per_page));
  if (query.page != 1) add("page", std::to_string(query.page));
  if (query.csv) add("format", "csv");
  if (query.cp932) add("encoding", "cp932");
  return out;
}

std::optional<QueryError> selectInventory(const RegistrySnapshot& registry,
                                          const reports::TrafficSummary& traffic,
                                          const InventoryQuery& query, InventoryPage* out) {
  static const reports::LinkUsage kUnused;
  std::unordered_map<std::string, std::string> unit_names;
  for (const Unit& unit : registry.units) unit_names[unit.id] = unit.name;
  const std::vector<std::string> q_words = words(query.q);

  std::vector<InventoryRow> rows;
  for (const Link& link : registry.links) {
    if (!matches(textOf(registry, unit_names, link), link, query, q_words)) continue;
    const auto usage = traffic.links.find(link.id);
    rows.push_back({&link, usage == traffic.links.end() ? &kUnused : &usage->second});
  }
  // Descending reverses the key only: equal rows stay in inventory order on every page.
  std::sort(rows.begin(), rows.end(), [&](const InventoryRow& a, const InventoryRow& b) {
    const int order = compareOn(query.sort, a, b);
    if (order != 0) return query.descending ? order > 0 : order < 0;
    return inventoryBefore(*a.link, *b.link);
  });

  InventoryPage page;
  page.matching = static_cast<int64_t>(rows.size());
  page.pages = std::max<int64_t>(1, (page.matching + query.per_page - 1) / query.per_page);
  if (query.page > page.pages) {
    return QueryError{"page", std::to_string(query.page),
                      "a whole number from 1 to " + std::to_string(page.pages) + " (" +
                          std::to_string(page.matching) + " matching links, " +
                          std::to_string(query.per_page) + " per page)"};
  }
  const auto first = static_cast<std::size_t>((query.page - 1) * query.per_page);
  const auto last = std::min(rows.size(), first + static_cast<std::size_t>(query.per_page));
  page.rows.assign(rows.begin() + static_cast<std::ptrdiff_t>(first),
                   rows.begin() + static_cast<std::ptrdiff_t>(last));
  *out = std::move(page);
  return std::nullopt;
}

}  // namespace renkei::admin
