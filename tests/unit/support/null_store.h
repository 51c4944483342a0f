#pragma once
// A Store that holds nothing, for tests of one component that needs a Store but not its data;
// tests override the one method they care about. Lives in one place so a new Store method is
// added here once rather than in every fake.
#include "broker/store/store.h"

namespace renkei::test_support {

class NullStore : public Store {
 public:
  void migrate() override {}
  void seedRegistry(RegistrySnapshot&) override {}
  RegistrySnapshot loadRegistry() override { return {}; }
  Link createLink(const Link& link, const ChangeContext&) override { return link; }
  LinkEdit updateLinkDetails(const Link& link, const ChangeContext&) override { return {link, {}}; }
  Link recordLinkReview(int64_t link_id, const std::string&, const ChangeContext&) override {
    throw StoreError("there is no link " + std::to_string(link_id));
  }
  Link transitionLink(int64_t link_id, LinkStatus, const ChangeContext&) override {
    throw StoreError("there is no link " + std::to_string(link_id));
  }
  std::optional<Link> findLink(int64_t) override { return std::nullopt; }
  std::vector<LinkChange> linkHistory(int64_t) override { return {}; }
  int64_t registryVersion() override { return 1; }
  void appendAudit(std::vector<AuditRecord>&) override {}
  void ping(std::chrono::milliseconds) override {}
  std::optional<AuditHead> auditHead() override { return std::nullopt; }
  void appendCheckpoint(AuditCheckpoint&) override {}
  std::vector<AuditCheckpoint> auditCheckpoints() override { return {}; }
  void forEachAuditAfter(int64_t, const std::function<bool(const AuditRecord&)>&) override {}
  std::vector<AdminUser> adminUsers() override { return {}; }
  void createAdminUser(const AdminUser&, AuditRecord) override {}
  void updateAdminUser(const AdminUser& user, AuditRecord) override {
    throw StoreError("there is no admin user " + user.name);
  }
  void addWebSession(const WebSessionRow&) override {}
  std::optional<WebSessionRow> findWebSession(const std::string&) override { return std::nullopt; }
  void touchWebSession(const std::string&, int64_t) override {}
  std::string deleteWebSession(const std::string&) override { return ""; }
  int64_t deleteIdleWebSessions(int64_t) override { return 0; }
};

}  // namespace renkei::test_support
