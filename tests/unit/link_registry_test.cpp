#include "broker/registry/link_registry.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "broker/registry/display_width.h"
#include "broker/registry/link_inventory.h"
#include "broker/store/sqlite_store.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::makeLink;
using testing::sampleRegistry;
using testing::TempDir;

class LinkRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.migrate();
    seeded_ = sampleRegistry();
    store_.seedRegistry(seeded_);
    registry_.reload(store_);
  }

  std::optional<Link> find(const std::string& sender, const std::string& purpose,
                           const std::string& date = "2025-06-01") const {
    return registry_.findActiveLink(sender, "062022/juki", "IdoJohoShokai", "1", purpose, date);
  }

  TempDir dir_;
  SqliteStore store_{dir_.file("registry.db")};
  RegistrySnapshot seeded_;
  LinkRegistry registry_;
};

TEST_F(LinkRegistryTest, FindsAnActiveLinkByExactKey) {
  const auto link = find("062022/kokuho", "KOKUHO-01");
  ASSERT_TRUE(link.has_value());
  EXPECT_EQ(link->id, seeded_.links[0].id);
  EXPECT_FALSE(registry_.findActiveLink("062022/kokuho", "062022/juki", "IdoJohoShokai", "2",
                                        "KOKUHO-01", "2025-06-01"));
  EXPECT_FALSE(registry_.findActiveLink("062022/kokuho", "062022/zei", "IdoJohoShokai", "1",
                                        "KOKUHO-01", "2025-06-01"));
}

TEST_F(LinkRegistryTest, RefusesAPurposeTheLinkWasNotApprovedFor) {
  EXPECT_FALSE(find("062022/kokuho", "ZEI-01"));
}

TEST_F(LinkRegistryTest, RefusesLinksThatAreNotActive) {
  EXPECT_FALSE(find("062022/zei", "ZEI-01"));  // suspended
  for (LinkStatus status : {LinkStatus::kProposed, LinkStatus::kApproved, LinkStatus::kRetired}) {
    RegistrySnapshot s = sampleRegistry();
    s.links[0].status = status;
    LinkRegistry registry(s);
    EXPECT_FALSE(registry.findActiveLink("062022/kokuho", "062022/juki", "IdoJohoShokai", "1",
                                         "KOKUHO-01", "2025-06-01"))
        << linkStatusName(status);
  }
}

TEST_F(LinkRegistryTest, HonoursValidityDatesInclusively) {
  EXPECT_FALSE(find("062014/juki", "JUKI-TENNYU", "2024-03-31"));
  EXPECT_TRUE(find("062014/juki", "JUKI-TENNYU", "2024-04-01"));
  EXPECT_TRUE(find("062014/juki", "JUKI-TENNYU", "2027-03-31"));
  EXPECT_FALSE(find("062014/juki", "JUKI-TENNYU", "2027-04-01"));
}

TEST_F(LinkRegistryTest, CrossTenantLinkNeedsTheExplicitFlag) {
  EXPECT_TRUE(find("062014/juki", "JUKI-TENNYU"));
  RegistrySnapshot s = sampleRegistry();
  s.links[2].cross_tenant = false;
  LinkRegistry registry(s);
  EXPECT_FALSE(registry.findActiveLink("062014/juki", "062022/juki", "IdoJohoShokai", "1",
                                       "JUKI-TENNYU", "2025-06-01"));
}

TEST_F(LinkRegistryTest, ReloadPicksUpChanges) {
  const ChangeContext admin{"tanaka", "test", ""};
  store_.transitionLink(seeded_.links[0].id, LinkStatus::kSuspended, admin);
  store_.transitionLink(seeded_.links[1].id, LinkStatus::kActive, admin);
  EXPECT_TRUE(find("062022/kokuho", "KOKUHO-01"));  // old snapshot until reload
  registry_.reload(store_);
  EXPECT_FALSE(find("062022/kokuho", "KOKUHO-01"));
  EXPECT_TRUE(find("062022/zei", "ZEI-01"));
  EXPECT_EQ(registry_.snapshot().links.size(), 3u);
}

TEST_F(LinkRegistryTest, FindsUnitsAndServices) {
  ASSERT_TRUE(registry_.findUnit("062022/juki"));
  EXPECT_EQ(registry_.findUnit("062022/juki")->name, "住民基本台帳");
  EXPECT_FALSE(registry_.findUnit("062022/nothing"));
  ASSERT_TRUE(registry_.findService("ShikakuJohoShokai", "1"));
  EXPECT_EQ(registry_.findService("ShikakuJohoShokai", "1")->wsdl_file, "kokuho.wsdl");
  EXPECT_FALSE(registry_.findService("ShikakuJohoShokai", "2"));
}

TEST(LinkRegistry, EmptyRegistryDeniesEverything) {
  LinkRegistry registry;
  EXPECT_FALSE(registry.findActiveLink("a/b", "a/c", "S", "1", "P", "2025-01-01"));
}

TEST(LinkStatusNames, RoundTrip) {
  for (LinkStatus status : {LinkStatus::kProposed, LinkStatus::kApproved, LinkStatus::kActive,
                            LinkStatus::kSuspended, LinkStatus::kRetired}) {
    LinkStatus parsed = LinkStatus::kProposed;
    ASSERT_TRUE(parseLinkStatus(linkStatusName(status), &parsed));
    EXPECT_EQ(parsed, status);
  }
  LinkStatus untouched = LinkStatus::kRetired;
  EXPECT_FALSE(parseLinkStatus("Active", &untouched));
  EXPECT_EQ(untouched, LinkStatus::kRetired);
}

TEST(DisplayWidth, CountsWideCharactersAsTwoColumns) {
  EXPECT_EQ(displayWidth("juki"), 4u);
  EXPECT_EQ(displayWidth("住民基本台帳"), 12u);
  EXPECT_EQ(displayWidth("ｶﾅ"), 2u);    // halfwidth katakana stays narrow
  EXPECT_EQ(displayWidth("ＡＢ"), 4u);  // fullwidth Latin is wide
  EXPECT_EQ(padToWidth("税", 4), "税  ");
}

TEST(LinkInventory, PrintsAnAlignedTableAndSummary) {
  RegistrySnapshot s = sampleRegistry();
  s.links.push_back(makeLink("062022/juki", "062022/kokuho", "ShikakuJohoShokai", "JUKI-02",
                             LinkStatus::kProposed));
  for (std::size_t i = 0; i < s.links.size(); ++i) s.links[i].id = static_cast<int64_t>(i + 1);
  std::ostringstream out;
  printLinkInventory(s, out);
  const std::string text = out.str();

  EXPECT_NE(text.find("4 links: 2 active, 1 proposed, 1 suspended; 4 units in 2 tenants"),
            std::string::npos)
      << text;
  // Tenant 062014 sorts before 062022.
  EXPECT_LT(text.find("tenant 062014"), text.find("tenant 062022"));
  EXPECT_NE(text.find("062014/juki → 062022/juki (cross-tenant)"), std::string::npos);
  EXPECT_NE(text.find("2024-04-01 to 2027-03-31"), std::string::npos);

  // Every table row puts the SERVICE column at the same display column, Japanese or not.
  std::istringstream lines(text);
  std::string line;
  std::set<std::size_t> service_columns;
  while (std::getline(lines, line)) {
    for (const char* service : {"IdoJohoShokai:1", "ShikakuJohoShokai:1", "SERVICE"}) {
      const auto at = line.find(service);
      if (at != std::string::npos) service_columns.insert(displayWidth(line.substr(0, at)));
    }
  }
  EXPECT_EQ(service_columns.size(), 1u) << text;
}

}  // namespace
}  // namespace renkei
