// One tenant rule for a unit id, including an id without a '/': the registry's link rules, its
// lookup, the authorize stage and the reports used to disagree there (an empty tenant in some,
// the whole id in others), so a link the registry accepted as same-tenant was refused at run time.
#include <gtest/gtest.h>

#include "broker/core/tenant_code.h"
#include "broker/registry/link_filter.h"
#include "broker/registry/link_registry.h"
#include "broker/registry/link_rules.h"

namespace renkei {
namespace {

RegistrySnapshot registryOf(const std::string& sender, const std::string& receiver) {
  RegistrySnapshot registry;
  for (const std::string& id : {sender, receiver}) {
    Unit unit;
    unit.id = id;
    registry.units.push_back(unit);
  }
  ServiceDef service;
  service.name = "IdoJohoShokai";
  service.version = "1";
  registry.services.push_back(service);
  Link link;
  link.id = 1;
  link.sender = sender;
  link.receiver = receiver;
  link.service_name = "IdoJohoShokai";
  link.service_version = "1";
  link.purpose_code = "KOKUHO-SHIKAKU";
  link.purpose_name = "国保資格確認";
  link.legal_basis = "番号法第19条第8号";
  link.status = LinkStatus::kActive;
  registry.links.push_back(link);
  return registry;
}

TEST(TenantOfUnit, IsThePrefixBeforeTheSlash) {
  EXPECT_EQ(tenantOfUnit("062022/juki"), "062022");
  EXPECT_EQ(tenantOfUnit("062022/"), "062022");
}

TEST(TenantOfUnit, AnIdWithoutSlashIsItsOwnTenant) {
  EXPECT_EQ(tenantOfUnit("juki"), "juki");
  EXPECT_NE(tenantOfUnit("kokuho"), tenantOfUnit("juki"));
}

TEST(TenantOfUnit, RegistryTenantFallsBackToTheSameRule) {
  RegistrySnapshot registry = registryOf("kokuho", "juki");
  EXPECT_EQ(tenantOf(registry, "juki"), "juki");
  EXPECT_EQ(tenantOf(registry, "unregistered"), "unregistered");
  registry.units[1].tenant = "062022";
  EXPECT_EQ(tenantOf(registry, "juki"), "062022");
}

TEST(TenantOfUnit, LinkRulesRefuseAnUndeclaredCrossingBetweenSlashlessIds) {
  const RegistrySnapshot registry = registryOf("kokuho", "juki");
  const auto violation = checkLinkRules(registry.links[0], registry);
  ASSERT_TRUE(violation.has_value());
  EXPECT_EQ(violation->field, "crossTenant");

  Link declared = registry.links[0];
  declared.cross_tenant = true;
  EXPECT_FALSE(checkLinkRules(declared, registry).has_value());
}

TEST(TenantOfUnit, RegistryLookupTreatsSlashlessIdsAsTwoTenants) {
  LinkRegistry links;
  links.replace(registryOf("kokuho", "juki"));
  EXPECT_FALSE(
      links.findActiveLink("kokuho", "juki", "IdoJohoShokai", "1", "KOKUHO-SHIKAKU", "2025-04-01")
          .has_value());
}

}  // namespace
}  // namespace renkei
