#pragma once
// The inventory filters shared by the SOAP ListLinks operation, the web view's query string and
// `renkei links list`, so a governance officer gets the same rows from each.
#include <optional>
#include <string>
#include <vector>

#include "broker/core/registry_types.h"

namespace renkei {

struct LinkFilter {
  std::optional<LinkStatus> status;
  std::string sender;    // exact unit id
  std::string receiver;  // exact unit id
  std::string tenant;    // sender's or receiver's tenant
  std::string service;   // "Name" (any version) or "Name:version"
  std::string purpose;   // exact purpose code (事務)
};

// The unit's registered tenant, else tenantOfUnit of its id ("062022/juki" -> "062022"); the
// one reports, filters and the admin service use.
std::string tenantOf(const RegistrySnapshot& registry, const std::string& unit_id);
bool matchesFilter(const RegistrySnapshot& registry, const Link& link, const LinkFilter& filter);
// Matching links ordered by sender, receiver, service, version, id (the sender id starts with
// its tenant code, so links group by tenant).
std::vector<Link> filterLinks(const RegistrySnapshot& registry, const LinkFilter& filter);

}  // namespace renkei
