#pragma once
// Where the registry is persisted: the part of the store (broker/store) that the registry's own
// code (LinkRegistry::reload, RegistryWatcher) and the admin service need. Declared here and
// implemented by the store, so the registry does not depend on the store. Every method throws
// StoreError on failure.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "broker/core/registry_types.h"
#include "broker/core/store_error.h"
#include "broker/registry/link_governance.h"

namespace renkei {

class RegistryStore {
 public:
  virtual ~RegistryStore() = default;

  // Seeds the registry from configuration: units and services are upserted by id / name+version.
  // Links are matched by (sender, receiver, service, version, purpose): a link the store does not
  // have is created (history: "created", actor "config", and its audit record, as for
  // createLink); a link it has keeps its stored status and details and gets no new rows, because
  // after the first seed the registry, not the file, is the truth.
  // Every link in `snapshot` gets its id (and its stored state) written back.
  virtual void seedRegistry(RegistrySnapshot& snapshot) = 0;
  virtual RegistrySnapshot loadRegistry() = 0;

  // Registry changes. Each runs in one transaction, appends to the link's history and raises
  // the registry version.
  //
  // Inserts a new link with its given status (usually kProposed); StoreError if a link with the
  // same (sender, receiver, service, version, purpose) exists. Returns it with its id.
  virtual Link createLink(const Link& link, const ChangeContext& change) = 0;
  // Sets the governance details and validity of link.id to those of `link` (never its key,
  // status or approver). Compared inside the transaction with what is stored: each field that
  // differs gets its own history row ("edited", field, before, after) and audit record; when
  // none differs nothing is written and the registry version stays. StoreError if there is no
  // such link; LifecycleError if it is retired (retired is final).
  virtual LinkEdit updateLinkDetails(const Link& link, const ChangeContext& change) = 0;
  // Records that the link was reviewed (change.reason says what was found) and sets its review
  // date to `next_review_date`: one history row ("reviewed", field reviewDate, before, after)
  // even when the date stays the same, because the review itself is the fact recorded. The date
  // is the caller's to validate. StoreError if there is no such link; LifecycleError if it is
  // retired.
  virtual Link recordLinkReview(int64_t link_id, const std::string& next_review_date,
                                const ChangeContext& change) = 0;
  // Moves a link to `to` if the lifecycle (link_lifecycle.h) allows it from the status stored
  // now, checked inside the transaction so two racing admins cannot both win; otherwise throws
  // LifecycleError. The governance rules (setGovernanceRules) are checked there too: approval by
  // the link's proposer, or approving or activating it without a real legal basis, throws
  // GovernanceError. StoreError if there is no such link. Approval records change.actor as the
  // link's approver.
  // The placeholder words transitionLink refuses as a legal basis: the defaults until the
  // configuration's are set (openStore does). Set before the store is shared between threads.
  void setGovernanceRules(GovernanceRules rules) { governance_ = std::move(rules); }
  const GovernanceRules& governanceRules() const { return governance_; }
  virtual Link transitionLink(int64_t link_id, LinkStatus to, const ChangeContext& change) = 0;
  virtual std::optional<Link> findLink(int64_t link_id) = 0;
  // Oldest first.
  virtual std::vector<LinkChange> linkHistory(int64_t link_id) = 0;
  // Increases with every registry change, from any process; brokers poll it and reload.
  virtual int64_t registryVersion() = 0;

 private:
  GovernanceRules governance_;
};

}  // namespace renkei
