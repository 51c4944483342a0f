#pragma once
// Registry entities as stored and as seeded from configuration.
#include <cstdint>
#include <string>
#include <vector>

namespace renkei {

struct Unit {
  std::string id;      // "062022/juki": tenant code + "/" + local name
  std::string tenant;  // "062022"
  std::string name;    // "住民基本台帳"
  std::string endpoint;
  std::string owner;   // owning department or vendor contact
};

// A service offered by units, by name and version; its request and response body roots.
struct ServiceDef {
  std::string name;
  std::string version;
  std::string request_ns;
  std::string request_element;
  std::string response_ns;
  std::string response_element;
  std::string wsdl_file;  // path relative to the config's wsdl directory, published as ?wsdl
};

enum class LinkStatus { kProposed, kApproved, kActive, kSuspended, kRetired };
const char* linkStatusName(LinkStatus s);
bool parseLinkStatus(const std::string& text, LinkStatus* out);

struct Link {
  int64_t id = 0;  // assigned by the store
  std::string sender;
  std::string receiver;
  std::string service_name;
  std::string service_version;
  std::string purpose_code;
  std::string purpose_name;
  std::string legal_basis;
  LinkStatus status = LinkStatus::kProposed;
  std::string valid_from;  // YYYY-MM-DD, inclusive; empty = unbounded
  std::string valid_to;    // YYYY-MM-DD, inclusive; empty = unbounded
  bool cross_tenant = false;  // must be declared explicitly when sender and receiver tenants differ
};

struct RegistrySnapshot {
  std::vector<Unit> units;
  std::vector<ServiceDef> services;
  std::vector<Link> links;
};

}  // namespace renkei
