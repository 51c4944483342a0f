// 通知 end to end: a real `renkei serve` on SQLite, subscribers on loopback
// (tests/notify/notify_receiver.cpp), the outbox read back with the store's own class.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "broker/store/sqlite_outbox_store.h"
#include "broker/store/sqlite_store.h"
#include "tests/integration/support/notify_setup.h"
#include "tests/support/prometheus_text.h"

namespace renkei::testing {
namespace {

constexpr const char* kFastRetries =
    R"(<notifications maxAttempts="3" retryBaseMs="100" retryMaxMs="400" pollMs="50"/>)";

std::vector<OutboxDelivery> deliveries(const std::string& db, DeliveryState state) {
  SqliteOutboxStore outbox(db);
  DeliveryFilter filter;
  filter.state = state;
  return outbox.listDeliveries(filter);
}

TEST(NotifyTest, FansOutOnlyToUnitsWithAnActiveSubscription) {
  const TempDir dir;
  ReceiverProcess kokuho(dir, "kokuho"), juminzei(dir, "juminzei"), kaigo(dir, "kaigo");
  NotifyBroker broker(dir, notifyConfigText(dir,
                                            {{"062022/kokuho", kokuho.url()},
                                             {"062022/juminzei", juminzei.url()},
                                             {"062022/kaigo", kaigo.url(), "suspended"}},
                                            kFastRetries));
  SoapClient client;
  std::vector<std::string> posted;
  for (int i = 0; i < 5; ++i) {
    const std::string body = notification("00000000000000" + std::to_string(i));
    const HttpAnswer answer = client.postAsIs(broker.url(), body);
    ASSERT_EQ(answer.status, 200) << answer.body << broker.stderrText();
    EXPECT_NE(answer.body.find("<ntf:Deliveries>2</ntf:Deliveries>"), std::string::npos)
        << answer.body;
    posted.push_back(elementTextOf(body, "MessageId"));
  }
  ASSERT_TRUE(eventually([&] {
    return kokuho.received().size() == 5 && juminzei.received().size() == 5;
  })) << broker.stderrText();
  // One subject each, so copies may overtake one another: any order will do, one copy each.
  std::vector<std::string> received = kokuho.received();
  std::sort(received.begin(), received.end());
  std::sort(posted.begin(), posted.end());
  EXPECT_EQ(received, posted);
  EXPECT_TRUE(kaigo.received().empty());
  // Receivers log a copy before answering; the broker marks it done just after.
  EXPECT_TRUE(
      eventually([&] { return deliveries(broker.dbPath(), DeliveryState::kDone).size() == 10; }));

  // A unit without any subscription is not a receiver of the topic; a sender without one is
  // refused like any unregistered link.
  const HttpAnswer targeted =
      client.postAsIs(broker.url(), notification("000000000000009", "062022/kaigo"));
  EXPECT_NE(targeted.body.find("Client.LinkNotRegistered"), std::string::npos) << targeted.body;
  std::string stranger = notification("000000000000009");
  stranger = withElementText(stranger, "Sender", "062022/kikan");
  stranger = withElementText(stranger, "Receiver", "062022/subscribers");
  const HttpAnswer refused = client.postAsIs(broker.url(), stranger);
  EXPECT_NE(refused.body.find("Client.LinkNotRegistered"), std::string::npos) << refused.body;

  // The post is one audit record (to the subscribers address), each copy's attempt another.
  SqliteStore store(broker.dbPath());
  int posts = 0, copies = 0;
  store.forEachAudit([&](const AuditRecord& r) {
    if (r.outcome == "routed" && r.receiver == "062022/subscribers") ++posts;
    if (r.outcome == "routed" && r.case_reference.rfind("delivery ", 0) == 0) ++copies;
    return true;
  });
  EXPECT_EQ(posts, 5);
  EXPECT_EQ(copies, 10);
}

TEST(NotifyTest, SubscriberDownForTheRunGetsItsBacklogInOrderWhenItStarts) {
  const TempDir dir;
  ReceiverProcess kokuho(dir, "kokuho");
  const int down_port = reservedLoopbackPort();
  NotifyBroker broker(
      dir,
      notifyConfigText(
          dir,
          {{"062022/kokuho", kokuho.url()},
           {"062022/juminzei", "http://127.0.0.1:" + std::to_string(down_port) + "/"}},
          R"(<notifications maxAttempts="100" retryBaseMs="50" retryMaxMs="200" pollMs="50"/>)"));
  SoapClient client;
  std::map<std::string, std::vector<std::string>> by_subject;  // posting order per 宛名番号
  std::map<std::string, std::string> subject_of;
  for (int i = 0; i < 12; ++i) {
    const std::string atena = "00000000000000" + std::to_string(i % 3);
    const std::string body = notification(atena);
    ASSERT_EQ(client.postAsIs(broker.url(), body).status, 200) << broker.stderrText();
    by_subject[atena].push_back(elementTextOf(body, "MessageId"));
    subject_of[elementTextOf(body, "MessageId")] = atena;
  }
  ASSERT_TRUE(eventually([&] { return kokuho.received().size() == 12; })) << broker.stderrText();
  // Retries with backoff are visible while it is down: attempts grow, the error says why.
  ASSERT_TRUE(eventually([&] {
    auto pending = deliveries(broker.dbPath(), DeliveryState::kPending);
    return !pending.empty() && pending.front().attempts >= 3;
  }));
  ASSERT_TRUE(
      eventually([&] { return deliveries(broker.dbPath(), DeliveryState::kDone).size() == 12; }));
  const auto pending = deliveries(broker.dbPath(), DeliveryState::kPending);
  EXPECT_EQ(pending.size(), 12u);  // juminzei's, all of them
  EXPECT_NE(pending.front().last_error.find("unavailable"), std::string::npos)
      << pending.front().last_error;
  // Only the first copy of each subject is ever tried while the earlier one is pending.
  for (const auto& d : pending) {
    EXPECT_EQ(d.receiver, "062022/juminzei");
    if (d.message_id != by_subject[d.subject].front()) {
      EXPECT_EQ(d.attempts, 0) << d.message_id;
    }
  }

  ReceiverProcess juminzei(dir, "juminzei", down_port);
  ASSERT_TRUE(eventually([&] { return juminzei.received().size() == 12; })) << broker.stderrText();
  std::map<std::string, std::vector<std::string>> got;
  for (const std::string& id : juminzei.received()) got[subject_of[id]].push_back(id);
  EXPECT_EQ(got, by_subject);
}

TEST(NotifyTest, DeadLetterAfterMaxAttemptsThenRetryAndDiscardByTheCli) {
  const TempDir dir;
  ReceiverProcess refusing(dir, "kokuho", 0, {"--fault"});
  NotifyBroker broker(dir,
                      notifyConfigText(dir, {{"062022/kokuho", refusing.url()}}, kFastRetries));
  SoapClient client;
  ASSERT_EQ(client.postAsIs(broker.url(), notification("000000000000004")).status, 200);
  ASSERT_TRUE(eventually([&] {
    return deliveries(broker.dbPath(), DeliveryState::kDead).size() == 1;
  })) << broker.stderrText();
  const OutboxDelivery dead = deliveries(broker.dbPath(), DeliveryState::kDead).front();
  EXPECT_EQ(dead.attempts, 3);
  EXPECT_NE(dead.last_error.find("SOAP Fault"), std::string::npos) << dead.last_error;
  EXPECT_NE(broker.stderrText().find("is dead after 3 attempt(s)"), std::string::npos);
  SqliteStore store(broker.dbPath());
  int failed = 0;
  store.forEachAudit([&](const AuditRecord& r) {
    failed += r.outcome == "failed" && r.fault_code == "Server.InvalidResponse";
    return true;
  });
  EXPECT_EQ(failed, 3);

  const std::string cli = std::string(RENKEI_BINARY_DIR) + "/broker/renkei deliveries ";
  const std::string config = " --config " + broker.configPath() + " >/dev/null 2>&1";
  EXPECT_EQ(std::system((cli + "list --state dead" + config).c_str()), 0);
  EXPECT_EQ(std::system((cli + "retry " + std::to_string(dead.id) + config).c_str()), 0);
  // Retried: attempted again (and dead again, the unit still refuses).
  ASSERT_TRUE(eventually([&] {
    auto again = deliveries(broker.dbPath(), DeliveryState::kDead);
    return again.size() == 1 && again.front().attempts == 3 &&
           again.front().finished_ms > dead.finished_ms;
  }));
  EXPECT_NE(std::system((cli + "discard " + std::to_string(dead.id) + config).c_str()), 0)
      << "discard needs --reason";
  EXPECT_EQ(std::system((cli + "discard " + std::to_string(dead.id) +
                         " --reason 'unit retired' --actor tanaka" + config)
                            .c_str()),
            0);
  EXPECT_EQ(deliveries(broker.dbPath(), DeliveryState::kDiscarded).size(), 1u);
}

TEST(NotifyTest, RestartResumesPendingDeliveries) {
  const TempDir dir;
  const int port = reservedLoopbackPort();
  NotifyBroker broker(
      dir,
      notifyConfigText(
          dir, {{"062022/kokuho", "http://127.0.0.1:" + std::to_string(port) + "/"}},
          R"(<notifications maxAttempts="100" retryBaseMs="50" retryMaxMs="100" pollMs="50"/>)"));
  SoapClient client;
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(
        client.postAsIs(broker.url(), notification("00000000000000" + std::to_string(i))).status,
        200);
  }
  broker.kill9();
  ReceiverProcess kokuho(dir, "kokuho", port);
  broker.start();
  ASSERT_TRUE(eventually([&] { return kokuho.received().size() == 4; })) << broker.stderrText();
  EXPECT_TRUE(
      eventually([&] { return deliveries(broker.dbPath(), DeliveryState::kDone).size() == 4; }));
}

// What an operator watches on /metrics while one subscriber is down: copies piling up for it,
// how old the oldest is, and the attempts that failed beside those acknowledged.
TEST(NotifyTest, MetricsShowTheBacklogItsAgeAndTheAttempts) {
  const TempDir dir;
  ReceiverProcess kokuho(dir, "kokuho");
  const int down_port = reservedLoopbackPort();
  const int admin_port = reservedLoopbackPort();
  std::string config = notifyConfigText(
      dir,
      {{"062022/kokuho", kokuho.url()},
       {"062022/juminzei", "http://127.0.0.1:" + std::to_string(down_port) + "/"}},
      R"(<notifications maxAttempts="100" retryBaseMs="50" retryMaxMs="100" pollMs="50"/>)");
  const std::string admin_off = "<admin enabled=\"false\"/>";
  config.replace(config.find(admin_off), admin_off.size(),
                 "<admin host=\"127.0.0.1\" port=\"" + std::to_string(admin_port) + "\"/>");
  NotifyBroker broker(dir, config);
  SoapClient client;
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(
        client.postAsIs(broker.url(), notification("00000000000000" + std::to_string(i))).status,
        200);
  }
  ASSERT_TRUE(eventually([&] { return kokuho.received().size() == 3; })) << broker.stderrText();
  const std::string metrics_url = "http://127.0.0.1:" + std::to_string(admin_port) + "/metrics";
  PromExposition scrape;
  ASSERT_TRUE(eventually([&] {
    scrape = parsePrometheusText(client.get(metrics_url).body);
    return scrape.value("renkei_delivery_attempts_total", {{"result", "failed"}}) >= 3 &&
           scrape.value("renkei_outbox_oldest_pending_age_seconds") > 0.2;
  })) << client.get(metrics_url).body;
  EXPECT_EQ(scrape.value("renkei_outbox_deliveries", {{"state", "pending"}}), 3);
  EXPECT_EQ(scrape.value("renkei_outbox_deliveries", {{"state", "dead"}}), 0);
  EXPECT_EQ(scrape.value("renkei_delivery_attempts_total", {{"result", "acknowledged"}}), 3);
  EXPECT_EQ(scrape.value("renkei_deliveries_dead_lettered_total"), 0);
  EXPECT_EQ(scrape.types.at("renkei_outbox_deliveries"), "gauge");
  EXPECT_EQ(scrape.types.at("renkei_delivery_attempts_total"), "counter");

  // The same backlog on the admin web view, one row per copy, filterable by state.
  const std::string page_url = "http://127.0.0.1:" + std::to_string(admin_port) + "/deliveries";
  const HttpAnswer pending = client.get(page_url + "?state=pending&receiver=062022%2Fjuminzei");
  ASSERT_EQ(pending.status, 200) << pending.body;
  EXPECT_NE(pending.body.find("Pending: <strong>3</strong>"), std::string::npos) << pending.body;
  size_t rows = 0;
  for (size_t at = pending.body.find("class=\"delivery-pending\""); at != std::string::npos;
       at = pending.body.find("class=\"delivery-pending\"", at + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, 3u);
  EXPECT_NE(pending.body.find("unavailable"), std::string::npos) << "last error not shown";
  EXPECT_EQ(client.get(page_url + "?state=done").body.find("062022/juminzei</td>"),
            std::string::npos);
  const HttpAnswer bogus = client.get(page_url + "?state=bogus");
  EXPECT_EQ(bogus.status, 400);
  EXPECT_NE(bogus.body.find("not one of pending, done, dead, discarded"), std::string::npos);
}

}  // namespace
}  // namespace renkei::testing
