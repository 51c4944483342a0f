// What a reload reports and keeps: one line per kind of change, restart-only settings named and
// put back to their running values, and the links seeding creates as opposed to those the
// registry already has.
#include "broker/config/config_changes.h"

#include <gtest/gtest.h>

namespace renkei {
namespace {

UnitIdentity plainUnit(const std::string& id) {
  UnitIdentity identity;
  identity.unit_id = id;
  return identity;
}

BrokerConfig twoUnits() {
  BrokerConfig config;
  config.registry.units = {{"062022/juki", "062022", "住基", "http://127.0.0.1:18081/", "市民課"},
                           {"062022/kokuho", "062022", "国保", "http://127.0.0.1:18082/", "国保"}};
  config.unit_identities = {plainUnit("062022/juki"), plainUnit("062022/kokuho")};
  config.registry.services = {{"IdoJohoShokai", "1", "urn:j", "Req", "urn:j", "Res", "juki.wsdl"}};
  Link link;
  link.sender = "062022/kokuho";
  link.receiver = "062022/juki";
  link.service_name = "IdoJohoShokai";
  link.service_version = "1";
  link.purpose_code = "KOKUHO-SHIKAKU";
  link.status = LinkStatus::kActive;
  config.registry.links = {link};
  return config;
}

TEST(ConfigChanges, AnUnchangedFileReportsNothing) {
  BrokerConfig next = twoUnits();
  EXPECT_TRUE(describeReloadableChanges(twoUnits(), next).empty());
  EXPECT_TRUE(keepRestartOnlySettings(twoUnits(), next).empty());
}

TEST(ConfigChanges, NamesUnitsServicesLinksAndLimitsThatChanged) {
  const BrokerConfig running = twoUnits();
  BrokerConfig next = twoUnits();
  next.registry.units.push_back(
      {"062014/kokuho", "062014", "国保", "http://127.0.0.1:18084/", "x"});
  next.unit_identities.push_back(plainUnit("062014/kokuho"));
  next.registry.units[0].endpoint = "http://127.0.0.1:28081/";
  next.unit_identities[1].policy = ConnectionPolicy::kMtls;  // kokuho: same entry, new identity
  next.registry.services[0].wsdl_file = "juki2.wsdl";
  next.registry.links[0].status = LinkStatus::kSuspended;
  next.max_message_bytes = 16384;
  next.max_depth = 32;
  next.max_concurrent_per_receiver = 4;
  const std::vector<std::string> lines = describeReloadableChanges(running, next);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "units: added 062014/kokuho; changed 062022/juki, 062022/kokuho");
  EXPECT_EQ(lines[1], "services: changed IdoJohoShokai:1");
  EXPECT_EQ(lines[2].rfind("links in the file: changed 062022/kokuho -> 062022/juki "
                           "IdoJohoShokai:1 KOKUHO-SHIKAKU (the registry keeps its own state",
                           0),
            0u)
      << lines[2];
  EXPECT_EQ(lines[3], "limits: maxMessageBytes 4194304 -> 16384, maxDepth 64 -> 32");
  EXPECT_EQ(lines[4], "forwarding: maxConcurrentPerReceiver 16 -> 4");
}

TEST(ConfigChanges, ARemovedUnitIsSaidToStayInTheStore) {
  BrokerConfig next = twoUnits();
  next.registry.units.pop_back();
  next.unit_identities.pop_back();
  const auto lines = describeReloadableChanges(twoUnits(), next);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("units: removed 062022/kokuho (a removed unit is no longer accepted as "
                          "a sender; its registry entry and links stay in the store)"),
            std::string::npos)
      << lines[0];
}

TEST(ConfigChanges, RestartOnlySettingsAreNamedAndPutBack) {
  BrokerConfig running = twoUnits();
  running.listen_port = 8080;
  running.store_kind = "postgresql";
  running.store_conninfo = "host=db password=secret";
  BrokerConfig next = running;
  next.listen_host = "0.0.0.0";
  next.listen_port = 8443;
  next.workers = 8;
  next.store_conninfo = "host=db2 password=other";
  next.max_clock_skew_s = 60;
  next.listen_tls.enabled = true;
  next.max_message_bytes = 1000;  // reloadable: stays as the file says
  const std::vector<std::string> lines = keepRestartOnlySettings(running, next);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], "listen address change needs a restart; kept 127.0.0.1:8080");
  EXPECT_EQ(lines[1],
            "listener settings change (workers 64 -> 8) needs a restart; kept the running ones");
  EXPECT_EQ(lines[2], "listener TLS change needs a restart; kept plain HTTP");
  EXPECT_EQ(lines[3], "store change needs a restart; kept postgresql store");
  EXPECT_EQ(lines[4], "replay settings change needs a restart; kept maxClockSkewSeconds 300");
  for (const std::string& line : lines) EXPECT_EQ(line.find("secret"), std::string::npos);
  EXPECT_EQ(next.listen_host, "127.0.0.1");
  EXPECT_EQ(next.listen_port, 8080);
  EXPECT_EQ(next.workers, 64);
  EXPECT_EQ(next.store_conninfo, running.store_conninfo);
  EXPECT_EQ(next.max_clock_skew_s, 300);
  EXPECT_FALSE(next.listen_tls.enabled);
  EXPECT_EQ(next.max_message_bytes, 1000u);
  EXPECT_TRUE(keepRestartOnlySettings(running, next).empty());
}

TEST(ConfigChanges, TheAuditCommitDelayIsAStoreSettingKeptUntilRestart) {
  BrokerConfig running = twoUnits();
  running.store_kind = "sqlite";
  running.store_path = "/var/lib/renkei/renkei.db";
  BrokerConfig next = running;
  next.audit_commit_delay_us = running.audit_commit_delay_us + 500;
  const std::vector<std::string> lines = keepRestartOnlySettings(running, next);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "store change needs a restart; kept sqlite /var/lib/renkei/renkei.db");
  EXPECT_EQ(next.audit_commit_delay_us, running.audit_commit_delay_us);
}

TEST(ConfigChanges, SeedingNamesNewLinksAndCountsThoseTheRegistryHas) {
  const RegistrySnapshot stored = twoUnits().registry;
  std::vector<Link> file = stored.links;
  EXPECT_EQ(describeLinkSeeding(stored, file), "");
  Link added = file[0];
  added.sender = "062014/kokuho";
  added.cross_tenant = true;
  file.push_back(added);
  EXPECT_EQ(describeLinkSeeding(stored, file),
            "links: 1 seeded from the file [062014/kokuho -> 062022/juki IdoJohoShokai:1 "
            "KOKUHO-SHIKAKU (active)]; 1 more in the file are already in the registry and keep "
            "their stored state");
}

}  // namespace
}  // namespace renkei
