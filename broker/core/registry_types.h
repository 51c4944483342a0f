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
  std::string owner;  // owning department or vendor contact
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
  std::string valid_from;     // YYYY-MM-DD, inclusive; empty = unbounded
  std::string valid_to;       // YYYY-MM-DD, inclusive; empty = unbounded
  bool cross_tenant = false;  // must be declared explicitly when sender and receiver tenants differ

  // Governance details (情報政策課 reads these; they never affect routing).
  std::string data_items;  // 連携項目 exchanged, separated by ';' e.g. "氏名;生年月日;住所"
  std::string department;   // owning department (所管課)
  std::string vendor;       // vendor responsible for the sender side
  std::string approver;     // who approved it (set by the approve transition)
  std::string review_date;  // YYYY-MM-DD: the link must be reviewed again by then
  std::string note;         // free text
};

// Who changes the registry, why, and when. `at` is UTC ISO 8601; empty = now.
struct ChangeContext {
  std::string actor;
  std::string reason;
  std::string at;
};

// One row of a link's append-only history. from_status is empty for the creation row.
struct LinkChange {
  int64_t seq = 0;
  int64_t link_id = 0;
  std::string at;
  std::string actor;
  // "created", "approved", "activated", "suspended", "resumed", "retired", "edited", "reviewed"
  std::string action;
  std::string from_status;
  std::string to_status;
  std::string reason;
  // Edits and reviews: the one field changed (its configuration/CSV name, e.g. "legalBasis") and
  // its value before and after, so the history alone says what the link said at any time.
  // Empty for status changes.
  std::string field;
  std::string before;
  std::string after;
};

// What an edit did: the link as stored afterwards and the history rows it appended, one per
// field that changed (none when every value was already the stored one).
struct LinkEdit {
  Link link;
  std::vector<LinkChange> changes;
};

struct RegistrySnapshot {
  std::vector<Unit> units;
  std::vector<ServiceDef> services;
  std::vector<Link> links;
};

}  // namespace renkei
