// AuthorizeStage against a small fake catalog: match, default deny, cross-tenant wording.
#include "broker/stages/authorize_stage.h"

#include <gtest/gtest.h>

#include <vector>

namespace renkei {
namespace {

class FakeCatalog : public ServiceCatalog {
 public:
  std::optional<Unit> findUnit(const std::string&) const override { return std::nullopt; }
  std::optional<ServiceDef> findService(const std::string&, const std::string&) const override {
    return std::nullopt;
  }
  std::optional<Link> findActiveLink(const std::string& sender, const std::string& receiver,
                                     const std::string& service_name,
                                     const std::string& service_version,
                                     const std::string& purpose_code,
                                     const std::string& date) const override {
    last_date = date;
    for (const Link& l : links) {
      if (l.sender == sender && l.receiver == receiver && l.service_name == service_name &&
          l.service_version == service_version && l.purpose_code == purpose_code) {
        return l;
      }
    }
    return std::nullopt;
  }
  std::vector<Link> links;
  mutable std::string last_date;
};

Link link(int64_t id, std::string sender, std::string receiver, bool cross_tenant = false) {
  Link l;
  l.id = id;
  l.sender = std::move(sender);
  l.receiver = std::move(receiver);
  l.service_name = "IdoJohoShokai";
  l.service_version = "1";
  l.purpose_code = "KOKUHO-SHIKAKU";
  l.status = LinkStatus::kActive;
  l.cross_tenant = cross_tenant;
  return l;
}

PlatformHeader header(std::string sender, std::string receiver) {
  PlatformHeader h;
  h.message_id = "6f1c2a9e-1b7d-4c1e-9d59-0a6b1f0f6a10";
  h.sender = std::move(sender);
  h.receiver = std::move(receiver);
  h.service_name = "IdoJohoShokai";
  h.service_version = "1";
  h.purpose_code = "KOKUHO-SHIKAKU";
  return h;
}

std::string fixedDay() { return "2025-04-01"; }

TEST(AuthorizeStageTest, MatchingActiveLinkAuthorizes) {
  FakeCatalog catalog;
  catalog.links = {link(7, "062022/kokuho", "062022/juki")};
  AuthorizeStage stage(catalog, fixedDay);
  Exchange exchange;
  exchange.header = header("062022/kokuho", "062022/juki");

  StageResult result = stage.process(exchange);

  ASSERT_TRUE(result.ok()) << result.fault()->reason;
  ASSERT_TRUE(exchange.link.has_value());
  EXPECT_EQ(exchange.link->id, 7);
  EXPECT_EQ(catalog.last_date, "2025-04-01");
}

TEST(AuthorizeStageTest, NoLinkIsRefusedNamingEverything) {
  FakeCatalog catalog;
  catalog.links = {link(7, "062022/kokuho", "062022/juki")};
  AuthorizeStage stage(catalog, fixedDay);
  Exchange exchange;
  exchange.header = header("062022/kaigo", "062022/juki");

  StageResult result = stage.process(exchange);

  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kLinkNotRegistered);
  const std::string& reason = result.fault()->reason;
  for (const char* part :
       {"062022/kaigo", "062022/juki", "IdoJohoShokai:1", "KOKUHO-SHIKAKU", "2025-04-01"}) {
    EXPECT_NE(reason.find(part), std::string::npos) << part << " missing in: " << reason;
  }
  EXPECT_EQ(reason.find("cross-tenant"), std::string::npos) << reason;
  EXPECT_FALSE(exchange.link.has_value());
}

TEST(AuthorizeStageTest, OtherPurposeOrVersionIsNotEnough) {
  FakeCatalog catalog;
  catalog.links = {link(7, "062022/kokuho", "062022/juki")};
  AuthorizeStage stage(catalog, fixedDay);
  Exchange other_purpose;
  other_purpose.header = header("062022/kokuho", "062022/juki");
  other_purpose.header->purpose_code = "ZEIMU";
  EXPECT_EQ(stage.process(other_purpose).fault()->code, FaultCode::kLinkNotRegistered);
  Exchange other_version;
  other_version.header = header("062022/kokuho", "062022/juki");
  other_version.header->service_version = "2";
  EXPECT_EQ(stage.process(other_version).fault()->code, FaultCode::kLinkNotRegistered);
}

TEST(AuthorizeStageTest, CrossTenantRefusalExplainsTheExplicitLink) {
  FakeCatalog catalog;
  AuthorizeStage stage(catalog, fixedDay);
  Exchange exchange;
  exchange.header = header("062031/kokuho", "062022/juki");

  StageResult result = stage.process(exchange);

  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kLinkNotRegistered);
  const std::string& reason = result.fault()->reason;
  EXPECT_NE(reason.find("different tenants (062031, 062022)"), std::string::npos) << reason;
  EXPECT_NE(reason.find("cross-tenant exchanges need an explicit cross-tenant link"),
            std::string::npos)
      << reason;
}

TEST(AuthorizeStageTest, CrossTenantLinkMustBeDeclaredCrossTenant) {
  FakeCatalog catalog;
  catalog.links = {link(9, "062031/kokuho", "062022/juki", /*cross_tenant=*/false)};
  AuthorizeStage stage(catalog, fixedDay);
  Exchange undeclared;
  undeclared.header = header("062031/kokuho", "062022/juki");
  StageResult refused = stage.process(undeclared);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.fault()->code, FaultCode::kLinkNotRegistered);
  EXPECT_NE(refused.fault()->reason.find("not declared cross-tenant"), std::string::npos);

  catalog.links[0].cross_tenant = true;
  Exchange declared;
  declared.header = header("062031/kokuho", "062022/juki");
  EXPECT_TRUE(stage.process(declared).ok());
  EXPECT_EQ(declared.link->id, 9);
}

TEST(AuthorizeStageTest, NonActiveLinkFromTheCatalogIsStillRefused) {
  FakeCatalog catalog;
  catalog.links = {link(7, "062022/kokuho", "062022/juki")};
  catalog.links[0].status = LinkStatus::kSuspended;
  AuthorizeStage stage(catalog, fixedDay);
  Exchange exchange;
  exchange.header = header("062022/kokuho", "062022/juki");
  StageResult result = stage.process(exchange);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kLinkNotRegistered);
}

TEST(AuthorizeStageTest, MissingHeaderIsInternalAndDenies) {
  FakeCatalog catalog;
  AuthorizeStage stage(catalog, fixedDay);
  Exchange exchange;
  StageResult result = stage.process(exchange);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kInternal);
}

// A link valid from 2024-04-01 is valid from midnight in Japan: 15:00 UTC the day before.
TEST(AuthorizeStageTest, TodayIsTheDateInJapan) {
  using namespace std::chrono;
  const sys_days march31{year{2024} / 3 / 31};
  EXPECT_EQ(jstDateOf(march31 + hours{14} + minutes{59} + seconds{59}), "2024-03-31");
  EXPECT_EQ(jstDateOf(march31 + hours{15}), "2024-04-01");
  EXPECT_EQ(jstDateOf(sys_days{year{2024} / 12 / 31} + hours{15}), "2025-01-01");

  FakeCatalog catalog;
  AuthorizeStage stage(catalog);  // the default clock
  Exchange exchange;
  exchange.header = header("062022/kokuho", "062022/juki");
  stage.process(exchange);
  const std::string now_jst = jstDateToday();
  EXPECT_EQ(catalog.last_date.size(), 10u);
  // Equal unless the JST date changed between the two reads.
  EXPECT_TRUE(catalog.last_date == now_jst || catalog.last_date < now_jst) << catalog.last_date;
}

}  // namespace
}  // namespace renkei
