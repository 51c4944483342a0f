// 通知 on PostgreSQL: two `renkei serve` instances share one database (scale-out behind a load
// balancer), each with its own dispatcher. Posts arrive at both; every subscriber gets every
// copy exactly once and in posting order per 宛名番号, whichever instance sent it.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "broker/audit/admin_audit.h"
#include "broker/store/postgres_outbox_store.h"
#include "broker/store/postgres_store.h"
#include "tests/integration/support/notify_setup.h"
#include "tests/support/postgres_test_server.h"

namespace renkei::testing {
namespace {

std::string postgresStore(const std::string& conninfo, const std::string& instance) {
  return "<store kind=\"postgresql\" conninfo=\"" + conninfo + "\"/>\n  <audit instanceId=\"" +
         instance + "\"/>";
}

TEST(NotifyPostgresTest, TwoInstancesOnOneDatabaseDeliverEveryCopyOnceInOrder) {
  const TempDir dir_a;
  const TempDir dir_b;
  const TempDir logs;
  const std::string conninfo = PostgresTestServer::shared().createDatabase();
  ReceiverProcess kokuho(logs, "kokuho"), juminzei(logs, "juminzei"), kaigo(logs, "kaigo");
  const std::vector<Subscriber> subscribers = {{"062022/kokuho", kokuho.url()},
                                               {"062022/juminzei", juminzei.url()},
                                               {"062022/kaigo", kaigo.url()}};
  const std::string delivery = R"(<notifications retryBaseMs="100" retryMaxMs="400" pollMs="50"/>)";
  NotifyBroker a(dir_a,
                 notifyConfigText(dir_a, subscribers, delivery, postgresStore(conninfo, "a")));
  NotifyBroker b(dir_b,
                 notifyConfigText(dir_b, subscribers, delivery, postgresStore(conninfo, "b")));

  constexpr int kPosts = 30;
  SoapClient client;
  std::map<std::string, std::vector<std::string>> by_subject;  // posting order per 宛名番号
  for (int i = 0; i < kPosts; ++i) {
    const std::string body = notification("00000000000000" + std::to_string(i % 3));
    NotifyBroker& to = i % 2 == 0 ? a : b;
    const HttpAnswer answer = client.postAsIs(to.url(), body);
    ASSERT_EQ(answer.status, 200) << answer.body << to.stderrText();
    EXPECT_NE(answer.body.find("<ntf:Deliveries>3</ntf:Deliveries>"), std::string::npos)
        << answer.body;
    by_subject[elementTextOf(body, "AtenaNo")].push_back(elementTextOf(body, "MessageId"));
  }
  PostgresOutboxStore outbox(conninfo, 1);
  DeliveryFilter done;
  done.state = DeliveryState::kDone;
  ASSERT_TRUE(eventually([&] { return outbox.listDeliveries(done).size() == 3 * kPosts; }))
      << a.stderrText() << b.stderrText();

  std::map<std::string, std::string> subject_of;
  for (const auto& [subject, ids] : by_subject) {
    for (const auto& id : ids) subject_of[id] = subject;
  }
  for (const ReceiverProcess* receiver : {&kokuho, &juminzei, &kaigo}) {
    const std::vector<std::string> got = receiver->received();
    EXPECT_EQ(got.size(), static_cast<size_t>(kPosts)) << "copies sent twice or missing";
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()).size(), static_cast<size_t>(kPosts));
    std::map<std::string, std::vector<std::string>> received_by_subject;
    for (const auto& id : got) received_by_subject[subject_of[id]].push_back(id);
    EXPECT_EQ(received_by_subject, by_subject) << "order per 宛名番号 not kept";
  }

  // One chain for both instances: every post and every acknowledged copy is a record in it.
  PostgresStore store(conninfo);
  int posts = 0, copies = 0;
  std::set<std::string> instances;
  store.forEachAudit([&](const AuditRecord& r) {
    if (r.outcome == "routed" && r.receiver == "062022/subscribers") ++posts;
    if (r.outcome == "routed" && r.case_reference.rfind("delivery ", 0) == 0) ++copies;
    // Seeding's records are the registry's, written before either instance served.
    if (r.outcome != kAdminOutcome) instances.insert(r.instance_id);
    return true;
  });
  EXPECT_EQ(posts, kPosts);
  EXPECT_EQ(copies, 3 * kPosts);
  EXPECT_EQ(instances, (std::set<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace renkei::testing
