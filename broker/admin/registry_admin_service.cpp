#include "broker/admin/registry_admin_service.h"

#include <algorithm>
#include <chrono>
#include <iostream>

#include "broker/admin/admin_error.h"
#include "broker/registry/link_governance.h"
#include "broker/registry/link_lifecycle.h"
#include "broker/stages/authorize_stage.h"

namespace renkei::admin {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }

// A real calendar date as "YYYY-MM-DD": validity is compared as text, so the shape must be exact.
bool isIsoDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!isDigit(text[i])) return false;
  }
  const std::chrono::year_month_day day{std::chrono::year{std::stoi(text.substr(0, 4))},
                                        std::chrono::month{unsigned(std::stoi(text.substr(5, 2)))},
                                        std::chrono::day{unsigned(std::stoi(text.substr(8, 2)))}};
  return day.ok();
}

// The header schema's PurposeCode: [A-Z][A-Z0-9-]{1,31}. A link with any other code could never
// match a valid message.
bool isPurposeCode(const std::string& code) {
  if (code.size() < 2 || code.size() > 32 || !isUpper(code[0])) return false;
  return std::all_of(code.begin() + 1, code.end(),
                     [](char c) { return isUpper(c) || isDigit(c) || c == '-'; });
}

bool knownUnit(const RegistrySnapshot& registry, const std::string& id) {
  return std::any_of(registry.units.begin(), registry.units.end(),
                     [&](const Unit& u) { return u.id == id; });
}

bool knownService(const RegistrySnapshot& registry, const Link& link) {
  return std::any_of(registry.services.begin(), registry.services.end(), [&](const ServiceDef& s) {
    return s.name == link.service_name && s.version == link.service_version;
  });
}

bool sameKey(const Link& a, const Link& b) {
  return a.sender == b.sender && a.receiver == b.receiver && a.service_name == b.service_name &&
         a.service_version == b.service_version && a.purpose_code == b.purpose_code;
}

void requireActor(const ChangeContext& change) {
  if (change.actor.empty()) {
    throw AdminError(AdminErrorCode::kInvalidRequest,
                     "Actor is required: every registry change records who made it");
  }
}

void invalid(const std::string& why) { throw AdminError(AdminErrorCode::kInvalidLink, why); }

// Store errors name the database's host, port and user: they go to the broker's log, and the
// caller gets a fixed wording.
AdminError storeFailure(const char* doing, const StoreError& e) {
  std::cerr << "renkei: admin: " << doing << ": " << e.what() << std::endl;
  return AdminError(
      AdminErrorCode::kInternal,
      std::string(doing) + ": the store is unavailable; the broker's log has details");
}

}  // namespace

std::string describeLink(const Link& link) {
  return "link " + std::to_string(link.id) + " (" + link.sender + " -> " + link.receiver + ", " +
         link.service_name + ":" + link.service_version + ", " + link.purpose_code + ")";
}

RegistryAdminService::RegistryAdminService(Store& store, LinkRegistry& registry,
                                           std::function<std::string()> today)
    : store_(store),
      registry_(registry),
      today_(today ? std::move(today) : jstDateToday),
      traffic_(store) {}

void RegistryAdminService::recordRead(const RegistryRead& read) {
  appendEvidence(registryReadRecord(read), "this read of the registry");
}

void RegistryAdminService::recordSession(const AdminSession& session) {
  appendEvidence(adminSessionRecord(session), "this login");
}

void RegistryAdminService::appendEvidence(AuditRecord record, const char* what) {
  std::vector<AuditRecord> batch{std::move(record)};
  try {
    store_.appendAudit(batch);
  } catch (const std::exception& e) {
    std::cerr << "renkei: admin service: recording " << what << ": " << e.what() << std::endl;
    throw AdminError(AdminErrorCode::kInternal, std::string("the audit trail cannot record ") +
                                                    what +
                                                    " just now; try again when the store is back");
  }
}

std::vector<Link> RegistryAdminService::listLinks(const LinkFilter& filter) {
  return filterLinks(registry(), filter);
}

RegistrySnapshot RegistryAdminService::registry() {
  try {
    return store_.loadRegistry();
  } catch (const StoreError& e) {
    throw storeFailure("cannot read the registry", e);
  }
}

LinkRecord RegistryAdminService::getLink(int64_t link_id) {
  LinkRecord record;
  record.link = findOrThrow(link_id);
  try {
    record.history = store_.linkHistory(link_id);
  } catch (const StoreError& e) {
    throw storeFailure("cannot read the history", e);
  }
  return record;
}

reports::TrafficSummary RegistryAdminService::traffic(RegistrySnapshot* registry_out) {
  try {
    return traffic_.summary(registry_out);
  } catch (const StoreError& e) {
    throw storeFailure("cannot read the audit trail", e);
  }
}

reports::LinkUsage RegistryAdminService::linkUsage(int64_t link_id) {
  const reports::TrafficSummary traffic = this->traffic();
  const auto it = traffic.links.find(link_id);
  if (it != traffic.links.end()) return it->second;
  reports::LinkUsage none;
  none.link_id = link_id;
  return none;
}

Link RegistryAdminService::findOrThrow(int64_t link_id) {
  std::optional<Link> link;
  try {
    link = store_.findLink(link_id);
  } catch (const StoreError& e) {
    throw storeFailure("cannot read the link", e);
  }
  if (!link) {
    throw AdminError(AdminErrorCode::kNoSuchLink,
                     "no link with id " + std::to_string(link_id) + " is registered");
  }
  return *link;
}

void RegistryAdminService::validateProposal(const RegistrySnapshot& registry,
                                            const Link& link) const {
  if (link.sender.empty() || link.receiver.empty() || link.service_name.empty() ||
      link.service_version.empty() || link.purpose_code.empty()) {
    invalid("Sender, Receiver, ServiceName, ServiceVersion and PurposeCode are all required");
  }
  if (!knownUnit(registry, link.sender)) invalid("unknown sender unit '" + link.sender + "'");
  if (!knownUnit(registry, link.receiver)) invalid("unknown receiver unit '" + link.receiver + "'");
  if (link.sender == link.receiver) invalid("sender and receiver are the same unit");
  if (!knownService(registry, link)) {
    invalid("unknown service '" + link.service_name + ":" + link.service_version + "'");
  }
  if (!isPurposeCode(link.purpose_code)) {
    invalid("purpose code '" + link.purpose_code + "' is not of the form [A-Z][A-Z0-9-]{1,31}");
  }
  for (const auto& [name, value] :
       {std::pair{"ValidFrom", &link.valid_from}, std::pair{"ValidTo", &link.valid_to},
        std::pair{"ReviewDate", &link.review_date}}) {
    if (!value->empty() && !isIsoDate(*value))
      invalid(std::string(name) + " is not a YYYY-MM-DD date");
  }
  if (!link.valid_from.empty() && !link.valid_to.empty() && link.valid_to < link.valid_from) {
    invalid("ValidTo " + link.valid_to + " is before ValidFrom " + link.valid_from);
  }
  const bool crosses = tenantOf(registry, link.sender) != tenantOf(registry, link.receiver);
  if (crosses && !link.cross_tenant) {
    invalid("sender and receiver belong to different tenants (" + tenantOf(registry, link.sender) +
            ", " + tenantOf(registry, link.receiver) + "): set CrossTenant to true to say so");
  }
  if (!crosses && link.cross_tenant) {
    invalid("CrossTenant is true but sender and receiver both belong to " +
            tenantOf(registry, link.sender));
  }
  for (const Link& existing : registry.links) {
    if (sameKey(existing, link)) {
      throw AdminError(AdminErrorCode::kDuplicateLink,
                       describeLink(existing) + " already exists and is " +
                           linkStatusName(existing.status) +
                           (existing.status == LinkStatus::kRetired
                                ? "; a retired link keeps its key, choose another purpose code"
                                : ""));
    }
  }
}

Link RegistryAdminService::proposeLink(const Link& details, const ChangeContext& change) {
  requireActor(change);
  Link link = details;
  link.id = 0;
  link.status = LinkStatus::kProposed;
  link.approver.clear();
  validateProposal(registry(), link);
  Link created;
  try {
    created = store_.createLink(link, change);
  } catch (const StoreError& e) {
    // Lost a race with another admin proposing the same key, or the store failed.
    throw storeFailure("cannot store the link", e);
  }
  reloadRegistry();
  return created;
}

Link RegistryAdminService::transitionLink(int64_t link_id, LinkStatus to,
                                          const ChangeContext& change,
                                          std::optional<LinkStatus> from_required) {
  requireActor(change);
  const Link current = findOrThrow(link_id);
  // Checked here for a precise message; the store checks again inside its transaction, so two
  // racing admins cannot both win.
  std::optional<std::string> refusal = lifecycleRefusal(current.status, to);
  if (!refusal && from_required && current.status != *from_required) {
    refusal = std::string("a ") + linkStatusName(current.status) + " link cannot be " +
              lifecycleAction(*from_required, to) + ": only " + linkStatusName(*from_required) +
              " links can";
  }
  if (refusal) {
    throw AdminError(AdminErrorCode::kLifecycleRefused, describeLink(current) + ": " + *refusal);
  }
  Link changed;
  try {
    changed = store_.transitionLink(link_id, to, change);
  } catch (const GovernanceError& e) {
    throw AdminError(e.rule() == GovernanceRule::kFourEyes ? AdminErrorCode::kFourEyes
                                                           : AdminErrorCode::kNoLegalBasis,
                     describeLink(current) + ": " + e.what());
  } catch (const LifecycleError& e) {
    throw AdminError(AdminErrorCode::kLifecycleRefused, describeLink(current) + ": " + e.what());
  } catch (const StoreError& e) {
    throw storeFailure("cannot change the link", e);
  }
  reloadRegistry();
  return changed;
}

LinkEdit RegistryAdminService::updateLink(int64_t link_id, const LinkFieldValues& values,
                                          const ChangeContext& change) {
  requireActor(change);
  if (values.empty()) {
    invalid("no field to change; the fields are " +
            editableLinkFieldList(&EditableLinkField::element));
  }
  const Link current = findOrThrow(link_id);
  if (auto refusal = editRefusal(current.status)) {
    throw AdminError(AdminErrorCode::kLifecycleRefused, describeLink(current) + ": " + *refusal);
  }
  Link wanted = current;
  if (auto problem = applyLinkFieldValues(wanted, values, today_())) {
    invalid(describeLink(current) + ": " + problem->message);
  }
  LinkEdit edit;
  try {
    edit = store_.updateLinkDetails(wanted, change);
  } catch (const LifecycleError& e) {
    throw AdminError(AdminErrorCode::kLifecycleRefused, describeLink(current) + ": " + e.what());
  } catch (const StoreError& e) {
    throw storeFailure("cannot change the link", e);
  }
  if (!edit.changes.empty()) reloadRegistry();
  return edit;
}

Link RegistryAdminService::reviewLink(int64_t link_id, const std::string& next_review_date,
                                      const ChangeContext& change) {
  requireActor(change);
  if (change.reason.empty()) {
    throw AdminError(AdminErrorCode::kInvalidRequest,
                     "Reason is required: a review records what was found");
  }
  const Link current = findOrThrow(link_id);
  if (auto refusal = editRefusal(current.status)) {
    throw AdminError(AdminErrorCode::kLifecycleRefused, describeLink(current) + ": " + *refusal);
  }
  if (auto refusal = reviewDateRefusal(next_review_date, today_())) {
    invalid(describeLink(current) + ": NextReviewDate " + *refusal);
  }
  Link reviewed;
  try {
    reviewed = store_.recordLinkReview(link_id, next_review_date, change);
  } catch (const LifecycleError& e) {
    throw AdminError(AdminErrorCode::kLifecycleRefused, describeLink(current) + ": " + e.what());
  } catch (const StoreError& e) {
    throw storeFailure("cannot record the review", e);
  }
  reloadRegistry();
  return reviewed;
}

void RegistryAdminService::reloadRegistry() {
  try {
    registry_.reload(store_);
  } catch (const StoreError& e) {
    // The change is committed; the poller will bring the registry up to date. Say so rather
    // than pretend the change failed.
    throw storeFailure(
        "the change is stored, but reloading this broker's registry failed (it will retry by "
        "polling)",
        e);
  }
}

std::vector<AllowedService> RegistryAdminService::allowedServices(const std::string& unit_id) {
  return renkei::allowedServices(registry_, unit_id, today_());
}

}  // namespace renkei::admin
