// SIGHUP to the real `renkei serve`: the edited configuration takes effect (a new unit and its
// link route, a lower limit refuses) while a client's kept-alive connection stays open; a
// broken file is refused with the words `renkei config check` uses and the broker keeps
// serving what it had; the log and /metrics say what happened.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <future>
#include <string>
#include <thread>

#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"
#include "tests/support/deadline_scale.h"

namespace renkei::testing {
namespace {

// 山形市's unit, left out of the file the broker starts with.
const char* const kYamagataUnit =
    R"xml(    <unit id="062014/kokuho" name="国民健康保険システム(山形市)" endpoint="http://127.0.0.1:9/"
          owner="山形市 国民健康保険課" connection="plain"/>
)xml";

const char* const kCrossTenantLink =
    R"xml(    <link sender="062014/kokuho" receiver="062022/juki" service="IdoJohoShokai" version="1"
          purpose="KOKUHO-SHIKAKU" purposeName="国民健康保険の資格管理に関する事務"
          legalBasis="広域連携協定 第3条" status="active" validFrom="2024-04-01"
          crossTenant="true"/>
)xml";

void writeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Polls until `done` holds or five seconds pass; true when it held.
bool eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + scaledDeadline(std::chrono::seconds(5));
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The first line of `text` that contains `what`, or "".
std::string lineWith(const std::string& text, const std::string& what) {
  const auto at = text.find(what);
  if (at == std::string::npos) return "";
  const auto start = text.rfind('\n', at);
  const auto end = text.find('\n', at);
  const auto from = start == std::string::npos ? 0 : start + 1;
  return text.substr(from, end == std::string::npos ? std::string::npos : end - from);
}

// A well-formed message of well over 16 KiB: trailing whitespace after the envelope is allowed
// by XML, so only the size limit can refuse it.
std::string paddedMessage() {
  return trafficFile("ido-joho-shokai.kokuho-to-juki.xml") + std::string(20000, ' ');
}

TEST(ConfigReload, SighupAppliesUnitsLinksAndLimitsKeepsConnectionsAndRefusesABrokenFile) {
  UnitProcess juki("unit_juki");
  BrokerSetup setup{{{"062022/juki", juki.url()}}};
  setup.config_edits = {{kYamagataUnit, ""}};
  BrokerProcess broker(setup);
  const std::string started = readTextFile(broker.configPath());
  ASSERT_EQ(started.find("062014/kokuho"), std::string::npos);

  SoapClient kept;  // one curl handle: its connection stays open across the reloads
  ASSERT_EQ(kept.post(broker.url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml")).status, 200);
  SoapClient other;
  const std::string cross_tenant = trafficFile("ido-joho-shokai.cross-tenant.xml");
  const HttpAnswer before = other.post(broker.url(), cross_tenant);
  ASSERT_NE(before.status, 200) << before.body;
  ASSERT_EQ(other.post(broker.url(), paddedMessage()).status, 200);

  // The operator adds 山形市's unit and its declared cross-tenant link, and lowers a limit.
  std::string edited = replaced(started, "  </units>", kYamagataUnit + std::string("  </units>"));
  edited = replaced(edited, "  </links>", kCrossTenantLink + std::string("  </links>"));
  edited = replaced(edited, "maxMessageBytes=\"4194304\"", "maxMessageBytes=\"16384\"");
  // And something only a restart can change, which must be named rather than ignored.
  edited = replaced(edited, "idleTimeoutSeconds=\"30\"", "idleTimeoutSeconds=\"45\"");
  writeFile(broker.configPath(), edited);
  broker.sendSignal(SIGHUP);
  ASSERT_TRUE(eventually([&] {
    return broker.stderrText().find("configuration reloaded") != std::string::npos;
  })) << broker.stderrText();
  const std::string log = broker.stderrText();
  EXPECT_NE(log.find("renkei: reload: units: added 062014/kokuho"), std::string::npos) << log;
  EXPECT_NE(log.find("renkei: reload: links: 1 seeded from the file [062014/kokuho -> 062022/juki "
                     "IdoJohoShokai:1 KOKUHO-SHIKAKU (active)]"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("renkei: reload: limits: maxMessageBytes 4194304 -> 16384"), std::string::npos)
      << log;
  EXPECT_NE(log.find("listener settings change (idleTimeoutSeconds 30 -> 45) needs a restart; "
                     "kept the running ones"),
            std::string::npos)
      << log;

  // The kept connection still works: answered on the same connection, none newly opened.
  const HttpAnswer on_kept =
      kept.post(broker.url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
  EXPECT_EQ(on_kept.status, 200) << on_kept.body;
  EXPECT_EQ(on_kept.connections_opened, 0);
  // The new link routes; the new limit refuses what the old one let through.
  const HttpAnswer routed = other.post(broker.url(), cross_tenant);
  EXPECT_EQ(routed.status, 200) << routed.body;
  const HttpAnswer too_large = other.post(broker.url(), paddedMessage());
  EXPECT_NE(too_large.body.find("Client.MessageTooLarge"), std::string::npos) << too_large.body;

  // A broken file: refused with exactly what `renkei config check` says, the old one kept.
  writeFile(broker.configPath(), replaced(edited,
                                          "status=\"active\" validFrom=\"2024-04-01\"\n"
                                          "          crossTenant=\"true\"",
                                          "status=\"switched-on\" validFrom=\"2024-04-01\"\n"
                                          "          crossTenant=\"true\""));
  const CommandOutput check = runRenkeiCommand("config check --config " + broker.configPath());
  ASSERT_EQ(check.status, 2) << check.text;
  const std::string check_error = lineWith(check.text, "renkei: configuration error: ");
  ASSERT_NE(check_error.find(broker.configPath() + ":"), std::string::npos) << check.text;
  ASSERT_NE(check_error.find("/renkei/links/link"), std::string::npos) << check.text;
  broker.sendSignal(SIGHUP);
  ASSERT_TRUE(eventually([&] {
    return broker.stderrText().find("reload refused") != std::string::npos;
  })) << broker.stderrText();
  const std::string refused_log = broker.stderrText();
  EXPECT_NE(refused_log.find(check_error + "\n"), std::string::npos)
      << "expected: " << check_error << "\nlog: " << refused_log;
  EXPECT_NE(refused_log.find("renkei: reload refused: still serving the configuration loaded "
                             "before from " +
                             broker.configPath()),
            std::string::npos)
      << refused_log;
  EXPECT_EQ(count(refused_log, "configuration reloaded"), 1u);

  const HttpAnswer still_kept =
      kept.post(broker.url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
  EXPECT_EQ(still_kept.status, 200) << still_kept.body;
  EXPECT_EQ(still_kept.connections_opened, 0);
  EXPECT_EQ(other.post(broker.url(), cross_tenant).status, 200);
  EXPECT_NE(other.post(broker.url(), paddedMessage()).body.find("Client.MessageTooLarge"),
            std::string::npos);

  SoapClient scraper;
  const HttpAnswer metrics = scraper.get(broker.adminUrl("/metrics"));
  EXPECT_NE(metrics.body.find("renkei_config_reloads_total{result=\"ok\"} 1"), std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("renkei_config_reloads_total{result=\"refused\"} 1"),
            std::string::npos)
      << metrics.body;
}

// An exchange in flight when the reload lands finishes on the configuration it started with:
// its answer is checked against the old response limit, the next exchange's against the new.
TEST(ConfigReload, AnExchangeInFlightFinishesOnTheConfigurationItStartedWith) {
  // Slow enough for the reload to land while the broker waits for it.
  UnitProcess juki("unit_juki", {"--delay-ms", "2500"});
  BrokerSetup setup{{{"062022/juki", juki.url()}}};
  setup.timeout_ms = 10000;
  BrokerProcess broker(setup);
  SoapClient scraper;
  const std::string metrics_url = broker.adminUrl("/metrics");
  std::future<HttpAnswer> in_flight = std::async(std::launch::async, [&] {
    SoapClient client;
    return client.post(broker.url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
  });
  // Reload only once the broker is waiting for the unit's answer.
  ASSERT_TRUE(eventually([&] {
    return scraper.get(metrics_url)
               .body.find("renkei_receiver_in_flight{receiver=\"062022/juki\"} 1") !=
           std::string::npos;
  }));
  writeFile(broker.configPath(),
            replaced(readTextFile(broker.configPath()), "maxResponseBytes=\"8388608\"",
                     "maxResponseBytes=\"64\""));
  broker.sendSignal(SIGHUP);
  ASSERT_TRUE(eventually([&] {
    return broker.stderrText().find("configuration reloaded") != std::string::npos;
  })) << broker.stderrText();
  EXPECT_NE(broker.stderrText().find("forwarding: maxResponseBytes 8388608 -> 64"),
            std::string::npos)
      << broker.stderrText();
  const HttpAnswer answered = in_flight.get();
  EXPECT_EQ(answered.status, 200) << answered.body;
  SoapClient client;
  const HttpAnswer after =
      client.post(broker.url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
  EXPECT_NE(after.status, 200) << after.body;
}

TEST(ConfigReload, SighupWithAnUnchangedFileSaysSoAndChangesNothing) {
  UnitProcess juki("unit_juki");
  BrokerProcess broker(BrokerSetup{{{"062022/juki", juki.url()}}});
  SoapClient kept;
  ASSERT_EQ(kept.post(broker.url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml")).status, 200);
  broker.sendSignal(SIGHUP);
  ASSERT_TRUE(eventually([&] {
    return broker.stderrText().find("configuration reloaded") != std::string::npos;
  })) << broker.stderrText();
  EXPECT_NE(broker.stderrText().find("configuration reloaded from " + broker.configPath() +
                                     ": nothing changed"),
            std::string::npos)
      << broker.stderrText();
  const HttpAnswer after =
      kept.post(broker.url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
  EXPECT_EQ(after.status, 200) << after.body;
  EXPECT_EQ(after.connections_opened, 0);
}

}  // namespace
}  // namespace renkei::testing
