// The outbox contract (broker/notify/outbox_store.h), run against SqliteOutboxStore on a temp
// file and PostgresOutboxStore on a fresh database of a real test server: what the dispatcher
// and `renkei deliveries` rely on holds on both, including two instances racing for one copy.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "broker/store/postgres_outbox_store.h"
#include "broker/store/postgres_store.h"
#include "broker/store/sqlite_outbox_store.h"
#include "broker/store/sqlite_store.h"
#include "tests/support/postgres_test_server.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

// A backend owns one migrated database; open() gives another outbox on it, as another broker
// instance would.
struct SqliteOutboxBackend {
  testing::TempDir dir;
  SqliteOutboxBackend() { SqliteStore(dir.file("renkei.db")).migrate(); }
  std::unique_ptr<OutboxStore> open() {
    return std::make_unique<SqliteOutboxStore>(dir.file("renkei.db"));
  }
};

struct PostgresOutboxBackend {
  std::string conninfo = testing::PostgresTestServer::shared().createDatabase();
  PostgresOutboxBackend() { PostgresStore(conninfo).migrate(); }
  std::unique_ptr<OutboxStore> open() { return std::make_unique<PostgresOutboxStore>(conninfo); }
};

struct BackendNames {
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, SqliteOutboxBackend> ? "Sqlite" : "Postgres";
  }
};

OutboxNotification notification(const std::string& message_id, const std::string& subject) {
  OutboxNotification n;
  n.message_id = message_id;
  n.sender = "062022/juki";
  n.topic = "JuminIdoTsuchi";
  n.topic_version = "1";
  n.purpose = "JUMIN_IDO";
  n.subject = subject;
  n.content_type = "text/xml; charset=utf-8";
  n.soap_action = "\"urn:renkei:unit:juki:v1#JuminIdoTsuchi\"";
  n.body = "<Envelope>異動 " + message_id + "</Envelope>";
  n.posted_at = "2026-12-01T00:00:00Z";
  return n;
}

const std::vector<DeliveryTarget> kTwoSubscribers = {{"062022/kokuho", 11, "KOKUHO_SHIKAKU"},
                                                     {"062022/zeimu", 12, "ZEIMU_KAZEI"}};

std::vector<int64_t> idsOf(const std::vector<OutboxDelivery>& rows) {
  std::vector<int64_t> ids;
  for (const auto& row : rows) ids.push_back(row.id);
  return ids;
}

template <typename Backend>
class OutboxContract : public ::testing::Test {
 protected:
  Backend backend_;
  std::unique_ptr<OutboxStore> outbox_ = backend_.open();
};

using Backends = ::testing::Types<SqliteOutboxBackend, PostgresOutboxBackend>;
TYPED_TEST_SUITE(OutboxContract, Backends, BackendNames);

TYPED_TEST(OutboxContract, APostIsOneCopyPerSubscriberAndASecondPostOfItIsRefused) {
  OutboxNotification n = notification("m-1", "000000000000001");
  const int64_t id = this->outbox_->post(n, kTwoSubscribers, 1000);
  EXPECT_EQ(n.id, id);
  const auto rows = this->outbox_->listDeliveries({});
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].receiver, "062022/kokuho");
  EXPECT_EQ(rows[1].receiver, "062022/zeimu");
  for (const auto& row : rows) {
    EXPECT_EQ(row.state, DeliveryState::kPending);
    EXPECT_EQ(row.message_id, "m-1");
    EXPECT_EQ(row.subject, "000000000000001");
    EXPECT_EQ(row.attempts, 0);
  }
  const auto stored = this->outbox_->findNotification(id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->body, n.body);
  EXPECT_EQ(stored->soap_action, n.soap_action);

  OutboxNotification again = notification("m-1", "000000000000001");
  EXPECT_THROW(this->outbox_->post(again, kTwoSubscribers, 2000), DuplicateNotificationError);
  EXPECT_EQ(this->outbox_->listDeliveries({}).size(), 2U) << "a refused post added copies";
}

TYPED_TEST(OutboxContract, OnlyTheFirstPendingCopyPerReceiverAndSubjectIsDue) {
  OutboxNotification first = notification("m-1", "A");
  OutboxNotification second = notification("m-2", "A");
  OutboxNotification other = notification("m-3", "B");
  this->outbox_->post(first, kTwoSubscribers, 1000);
  this->outbox_->post(second, kTwoSubscribers, 1000);
  this->outbox_->post(other, kTwoSubscribers, 1000);
  auto due = this->outbox_->dueDeliveries(1000, 100, {});
  std::set<std::string> due_messages;
  for (const auto& d : due) due_messages.insert(d.message_id + ">" + d.receiver);
  EXPECT_EQ(due_messages, (std::set<std::string>{"m-1>062022/kokuho", "m-1>062022/zeimu",
                                                 "m-3>062022/kokuho", "m-3>062022/zeimu"}));
  // Once m-1 is done for 国保, m-2 is next for 国保 only.
  const int64_t kokuho_first = due[0].id;
  ASSERT_EQ(this->outbox_->claim({kokuho_first}, "i1", 1000, 5000).size(), 1U);
  EXPECT_TRUE(this->outbox_->markDone(kokuho_first, 1100));
  due = this->outbox_->dueDeliveries(1200, 100, {});
  due_messages.clear();
  for (const auto& d : due) due_messages.insert(d.message_id + ">" + d.receiver);
  EXPECT_TRUE(due_messages.count("m-2>062022/kokuho")) << "the next copy in order is not due";
  EXPECT_FALSE(due_messages.count("m-2>062022/zeimu")) << "住民税's m-1 is still pending";
}

TYPED_TEST(OutboxContract, CopiesFromAPeerAreKeptOncePerReceiverAndRestoreTheBytes) {
  OutboxNotification n = notification("m-1", "A");
  EXPECT_TRUE(this->outbox_->addPeerCopy(n, kTwoSubscribers[0], 1000));
  const int64_t id = n.id;
  // Sent again after a lost receipt: nothing new.
  OutboxNotification again = notification("m-1", "A");
  EXPECT_FALSE(this->outbox_->addPeerCopy(again, kTwoSubscribers[0], 1100));
  EXPECT_EQ(again.id, id);
  ASSERT_EQ(this->outbox_->listDeliveries({}).size(), 1U);
  // The first copy is delivered and the bytes emptied; then the second receiver's copy comes.
  const int64_t first = this->outbox_->listDeliveries({})[0].id;
  this->outbox_->claim({first}, "i1", 1200, 9000);
  EXPECT_TRUE(this->outbox_->markDone(first, 1300));
  EXPECT_EQ(this->outbox_->findNotification(id)->body, "");
  OutboxNotification second = notification("m-1", "A");
  EXPECT_TRUE(this->outbox_->addPeerCopy(second, kTwoSubscribers[1], 1400));
  EXPECT_EQ(second.id, id);
  EXPECT_EQ(this->outbox_->findNotification(id)->body, n.body);
  const auto rows = this->outbox_->listDeliveries({});
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[1].receiver, "062022/zeimu");
  EXPECT_EQ(rows[1].state, DeliveryState::kPending);
}

TYPED_TEST(OutboxContract, HeldReceiversAreNotDueUnlessTheirCopiesAreOld) {
  OutboxNotification old_one = notification("m-1", "A");
  OutboxNotification new_one = notification("m-2", "B");
  this->outbox_->post(old_one, kTwoSubscribers, 1000);
  this->outbox_->post(new_one, kTwoSubscribers, 5000);
  HeldReceivers held;
  held.receivers = {"062022/kokuho"};
  held.created_from_ms = 2000;  // copies created before this are old enough to go dead
  std::set<std::string> due;
  for (const auto& d : this->outbox_->dueDeliveries(6000, 100, held)) {
    due.insert(d.message_id + ">" + d.receiver);
  }
  EXPECT_EQ(due,
            (std::set<std::string>{"m-1>062022/kokuho", "m-1>062022/zeimu", "m-2>062022/zeimu"}));
}

TYPED_TEST(OutboxContract, ALeasedCopyIsNotDueUntilItsLeaseEndsAndCountsAnAttempt) {
  OutboxNotification n = notification("m-1", "A");
  this->outbox_->post(n, {kTwoSubscribers[0]}, 1000);
  const auto due = this->outbox_->dueDeliveries(1000, 10, {});
  ASSERT_EQ(due.size(), 1U);
  const auto claimed = this->outbox_->claim(idsOf(due), "i1", 1000, 31000);
  ASSERT_EQ(claimed.size(), 1U);
  EXPECT_EQ(claimed[0].attempts, 1);
  EXPECT_TRUE(this->outbox_->dueDeliveries(2000, 10, {}).empty());
  EXPECT_TRUE(this->outbox_->claim(idsOf(due), "i2", 2000, 32000).empty())
      << "a second owner took a copy under lease";
  // A crashed owner's lease expires; or at its restart it releases them at once.
  EXPECT_EQ(this->outbox_->dueDeliveries(31001, 10, {}).size(), 1U);
  this->outbox_->releaseLeases("i1");
  EXPECT_EQ(this->outbox_->dueDeliveries(2000, 10, {}).size(), 1U);
}

TYPED_TEST(OutboxContract, FailuresGoBackToPendingThenDeadAndAnOperatorCanRetryOrDiscard) {
  OutboxNotification n = notification("m-1", "A");
  this->outbox_->post(n, kTwoSubscribers, 1000);
  auto rows = this->outbox_->listDeliveries({});
  const int64_t a = rows[0].id;
  const int64_t b = rows[1].id;
  this->outbox_->claim({a, b}, "i1", 1000, 9000);
  this->outbox_->markFailed(a, "HTTP 503", false, 5000, 1100);
  this->outbox_->markFailed(b, "timed out", true, 0, 1100);
  auto row_a = this->outbox_->findDelivery(a);
  ASSERT_TRUE(row_a.has_value());
  EXPECT_EQ(row_a->state, DeliveryState::kPending);
  EXPECT_EQ(row_a->next_attempt_ms, 5000);
  EXPECT_EQ(row_a->last_error, "HTTP 503");
  EXPECT_TRUE(this->outbox_->dueDeliveries(4999, 10, {}).empty()) << "due before its backoff";

  DeliveryFilter dead;
  dead.state = DeliveryState::kDead;
  ASSERT_EQ(this->outbox_->listDeliveries(dead).size(), 1U);
  EXPECT_THROW(this->outbox_->retry(a, 2000), StoreError) << "a pending copy was 'retried'";
  const auto retried = this->outbox_->retry(b, 2000);
  ASSERT_TRUE(retried.has_value());
  EXPECT_EQ(retried->state, DeliveryState::kPending);
  EXPECT_EQ(retried->attempts, 0);

  const auto discarded = this->outbox_->discard(a, "unit retired", 3000);
  ASSERT_TRUE(discarded.has_value());
  EXPECT_EQ(discarded->state, DeliveryState::kDiscarded);
  EXPECT_EQ(discarded->last_error, "discarded: unit retired");
  EXPECT_FALSE(this->outbox_->markDone(a, 3100)) << "a discarded copy became done";
  EXPECT_THROW(this->outbox_->discard(a, "again", 3200), StoreError);
  EXPECT_FALSE(this->outbox_->retry(999999, 3300).has_value());
}

TYPED_TEST(OutboxContract, TheBodyIsForgottenOnceNoCopyCanBeSentAndDepthCountsWhatIsLeft) {
  OutboxNotification n = notification("m-1", "A");
  const int64_t id = this->outbox_->post(n, kTwoSubscribers, 1000);
  auto depth = this->outbox_->depth(4000);
  EXPECT_EQ(depth.pending, 2);
  EXPECT_EQ(depth.dead, 0);
  EXPECT_EQ(depth.oldest_pending_ms, 3000);
  const auto rows = this->outbox_->listDeliveries({});
  this->outbox_->claim(idsOf(rows), "i1", 1000, 9000);
  EXPECT_TRUE(this->outbox_->markDone(rows[0].id, 1500));
  EXPECT_FALSE(this->outbox_->findNotification(id)->body.empty()) << "forgotten too early";
  this->outbox_->markFailed(rows[1].id, "gone", true, 0, 1600);
  depth = this->outbox_->depth(4000);
  EXPECT_EQ(depth.pending, 0);
  EXPECT_EQ(depth.dead, 1);
  EXPECT_EQ(depth.oldest_pending_ms, 0);
  EXPECT_FALSE(this->outbox_->findNotification(id)->body.empty()) << "a dead copy can be retried";
  this->outbox_->discard(rows[1].id, "given up", 1700);
  EXPECT_TRUE(this->outbox_->findNotification(id)->body.empty());
}

// Two broker instances on one database claim the same due copies at once: every copy is leased
// by exactly one of them.
TYPED_TEST(OutboxContract, TwoInstancesRacingForTheSameCopiesNeverBothGetOne) {
  for (int i = 0; i < 40; ++i) {
    OutboxNotification n = notification("m-" + std::to_string(i), "S" + std::to_string(i));
    this->outbox_->post(n, kTwoSubscribers, 1000);
  }
  const std::vector<int64_t> ids = idsOf(this->outbox_->dueDeliveries(1000, 1000, {}));
  ASSERT_EQ(ids.size(), 80U);
  auto other = this->backend_.open();
  std::vector<OutboxDelivery> got_one;
  std::vector<OutboxDelivery> got_two;
  std::atomic<bool> go{false};
  std::thread one([&] {
    while (!go) std::this_thread::yield();
    for (int64_t id : ids) {
      for (auto& d : this->outbox_->claim({id}, "i1", 1000, 60000)) got_one.push_back(d);
    }
  });
  std::thread two([&] {
    while (!go) std::this_thread::yield();
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
      for (auto& d : other->claim({*it}, "i2", 1000, 60000)) got_two.push_back(d);
    }
  });
  go = true;
  one.join();
  two.join();
  std::set<int64_t> seen;
  for (const auto& d : got_one) EXPECT_TRUE(seen.insert(d.id).second);
  for (const auto& d : got_two)
    EXPECT_TRUE(seen.insert(d.id).second) << "copy " << d.id << " twice";
  EXPECT_EQ(seen.size(), ids.size()) << "a copy was leased by nobody";
  for (const auto& d : got_one) EXPECT_EQ(d.attempts, 1);
  for (const auto& d : got_two) EXPECT_EQ(d.attempts, 1);
}

}  // namespace
}  // namespace renkei
