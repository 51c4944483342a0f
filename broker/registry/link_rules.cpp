#include "broker/registry/link_rules.h"

#include <algorithm>

#include "broker/core/tenant_code.h"

namespace renkei {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Mirrors the PurposeCode type in xsd/config.xsd: [A-Z][A-Z0-9\-]{1,31}. Written out by hand
// because the CLI and CSV input never pass through the schema.
bool isPurposeCode(const std::string& code) {
  if (code.size() < 2 || code.size() > 32 || code[0] < 'A' || code[0] > 'Z') return false;
  return std::all_of(code.begin() + 1, code.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || isDigit(c) || c == '-'; });
}

bool hasUnit(const RegistrySnapshot& registry, const std::string& id) {
  return std::any_of(registry.units.begin(), registry.units.end(),
                     [&](const Unit& u) { return u.id == id; });
}

bool hasService(const RegistrySnapshot& registry, const std::string& name,
                const std::string& version) {
  return std::any_of(registry.services.begin(), registry.services.end(),
                     [&](const ServiceDef& s) { return s.name == name && s.version == version; });
}

}  // namespace

bool isIsoDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!isDigit(text[i])) return false;
  }
  const int year = std::stoi(text.substr(0, 4));
  const int month = std::stoi(text.substr(5, 2));
  const int day = std::stoi(text.substr(8, 2));
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

std::optional<LinkRuleViolation> checkLinkRules(const Link& link,
                                                const RegistrySnapshot& registry) {
  const std::pair<const char*, const std::string*> required[] = {
      {"sender", &link.sender},           {"receiver", &link.receiver},
      {"service", &link.service_name},    {"version", &link.service_version},
      {"purpose", &link.purpose_code},    {"purposeName", &link.purpose_name},
      {"legalBasis", &link.legal_basis}};
  for (const auto& [field, value] : required) {
    if (value->empty()) return LinkRuleViolation{field, "is required"};
  }
  if (!hasUnit(registry, link.sender)) {
    return LinkRuleViolation{"sender", "names an undeclared unit (" + link.sender + ")"};
  }
  if (!hasUnit(registry, link.receiver)) {
    return LinkRuleViolation{"receiver", "names an undeclared unit (" + link.receiver + ")"};
  }
  if (link.sender == link.receiver) {
    return LinkRuleViolation{"receiver", "is the sender itself; a unit needs no link to itself"};
  }
  if (!hasService(registry, link.service_name, link.service_version)) {
    return LinkRuleViolation{"service", "and version name an undeclared service (" +
                                            link.service_name + " v" + link.service_version + ")"};
  }
  if (!isPurposeCode(link.purpose_code)) {
    return LinkRuleViolation{"purpose", "must be an upper-case 事務 code such as KOKUHO-01"};
  }
  const std::pair<const char*, const std::string*> dates[] = {{"validFrom", &link.valid_from},
                                                              {"validTo", &link.valid_to},
                                                              {"reviewDate", &link.review_date}};
  for (const auto& [field, value] : dates) {
    if (!value->empty() && !isIsoDate(*value)) {
      return LinkRuleViolation{field, "must be a date written YYYY-MM-DD, not \"" + *value + "\""};
    }
  }
  if (!link.valid_from.empty() && !link.valid_to.empty() && link.valid_to < link.valid_from) {
    return LinkRuleViolation{"validTo", "is before validFrom"};
  }
  if (tenantOfUnit(link.sender) != tenantOfUnit(link.receiver) && !link.cross_tenant) {
    return LinkRuleViolation{"crossTenant",
                             "must be true: sender and receiver belong to different tenants, and a "
                             "cross-tenant link must say so explicitly"};
  }
  return std::nullopt;
}

}  // namespace renkei
