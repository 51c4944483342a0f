// The real broker with a unit that never answers: its callers are refused at once or by their
// deadline, while exchanges with a healthy unit stay fast; no fault names the silent unit's
// address.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"
#include "tests/support/eventually.h"
#include "tests/support/prometheus_text.h"
#include "tests/unit/support/test_http_server.h"

namespace renkei::testing {
using test_support::TestHttpAnswer;
using test_support::TestHttpServer;
namespace {

// The unit reads each request and never answers (stop() cuts the wait short).
void answerNever(TestHttpServer& unit) {
  TestHttpAnswer never;
  never.delay = std::chrono::seconds(60);
  unit.setAnswer(never);
}

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The slowest of ten 資格情報照会 to the healthy 国保 unit through `broker`, each answered 200.
Clock::duration slowestHealthyExchange(RunningBroker& broker) {
  SoapClient healthy;
  const std::string shikaku = trafficFile("shikaku-joho-shokai.juki-to-kokuho.xml");
  Clock::duration slowest{};
  for (int i = 0; i < 10; ++i) {
    const auto start = Clock::now();
    HttpAnswer answer = healthy.post(broker.url("/services/ShikakuJohoShokai"), shikaku);
    slowest = std::max(slowest, Clock::now() - start);
    EXPECT_EQ(answer.status, 200) << answer.body;
  }
  return slowest;
}

TEST(ReceiverBulkhead, ASilentUnitCostsOnlyItsOwnCallers) {
  TestHttpServer silent_juki;
  answerNever(silent_juki);
  UnitProcess kokuho("unit_kokuho");
  BrokerSetup setup{{{"062022/juki", silent_juki.url()}, {"062022/kokuho", kokuho.url()}}};
  setup.timeout_ms = 2000;
  // A worker is held by each forwarding caller (16 at most per receiver); queued callers are
  // parked and hold none (the next test shows it with fewer workers).
  setup.workers = 64;
  RunningBroker broker(setup);

  struct Stuck {
    HttpAnswer answer;
    Clock::duration took{};
  };
  std::mutex mutex;
  std::vector<Stuck> stuck;
  std::vector<std::thread> callers;
  const std::string ido = trafficFile("ido-joho-shokai.kokuho-to-juki.xml");
  for (int i = 0; i < 40; ++i) {
    callers.emplace_back([&] {
      SoapClient client;
      const auto start = Clock::now();
      Stuck s{client.post(broker.url(), ido), {}};
      s.took = Clock::now() - start;
      std::lock_guard<std::mutex> lock(mutex);
      stuck.push_back(std::move(s));
    });
  }
  // Every stuck caller is in the silent unit's bulkhead (forwarding or queued) or answered.
  const std::map<std::string, std::string> juki = {{"receiver", "062022/juki"}};
  ASSERT_TRUE(eventually([&] {
    const PromExposition m = parsePrometheusText(broker.runtime().metrics().exposition());
    std::lock_guard<std::mutex> lock(mutex);
    return m.sum("renkei_receiver_in_flight", juki) + m.sum("renkei_receiver_queued", juki) +
               static_cast<double>(stuck.size()) ==
           40;
  }));

  const Clock::duration slowest = slowestHealthyExchange(broker);
  std::cout << "[ figures  ] slowest healthy exchange through the broker, 40 callers stuck on a "
               "silent unit: "
            << std::chrono::duration_cast<milliseconds>(slowest).count() << " ms" << std::endl;
  EXPECT_LT(slowest, milliseconds(500));  // issue 7 target: 300 ms; room for a loaded machine

  for (auto& t : callers) t.join();
  ASSERT_EQ(stuck.size(), 40u);
  const std::string address = "127.0.0.1:" + std::to_string(silent_juki.port());
  for (const Stuck& s : stuck) {
    const bool timeout = s.answer.body.find("Server.ReceiverTimeout") != std::string::npos;
    const bool refused = s.answer.body.find("Server.ReceiverUnavailable") != std::string::npos ||
                         s.answer.body.find("Server.Overloaded") != std::string::npos;
    EXPECT_TRUE(timeout || refused) << s.answer.body;
    EXPECT_LE(s.took, milliseconds(2000 + 500)) << s.answer.body;  // deadline + slack
    EXPECT_EQ(s.answer.body.find(address), std::string::npos) << s.answer.body;
  }
}

// Callers waiting for a busy unit's slots are parked, not threads: with 4 workers, 2 slots
// for the silent unit and 12 callers on it, the 10 queued callers hold no worker, and the 2
// workers left answer the healthy unit at once. (Before parking, 2 forwarding and 2 queued
// callers held all 4 workers and everyone else waited for the silent unit's deadline.)
TEST(ReceiverBulkhead, CallersQueuedForABusyUnitHoldNoWorker) {
  TestHttpServer silent_juki;
  answerNever(silent_juki);
  UnitProcess kokuho("unit_kokuho");
  BrokerSetup setup{{{"062022/juki", silent_juki.url()}, {"062022/kokuho", kokuho.url()}}};
  setup.timeout_ms = 3000;
  setup.workers = 4;
  setup.config_edits = {{"maxConcurrentPerReceiver=\"16\" maxQueuedPerReceiver=\"32\"",
                         "maxConcurrentPerReceiver=\"2\" maxQueuedPerReceiver=\"16\""}};
  RunningBroker broker(setup);

  struct Stuck {
    HttpAnswer answer;
    Clock::duration took{};
  };
  std::vector<std::future<Stuck>> stuck;
  const std::string ido = trafficFile("ido-joho-shokai.kokuho-to-juki.xml");
  for (int i = 0; i < 12; ++i) {
    stuck.push_back(std::async(std::launch::async, [&] {
      SoapClient client;
      const auto start = Clock::now();
      Stuck s{client.post(broker.url(), ido), {}};
      s.took = Clock::now() - start;
      return s;
    }));
  }
  const std::map<std::string, std::string> juki = {{"receiver", "062022/juki"}};
  ASSERT_TRUE(eventually([&] {
    const PromExposition m = parsePrometheusText(broker.runtime().metrics().exposition());
    return m.sum("renkei_receiver_in_flight", juki) == 2 &&
           m.sum("renkei_receiver_queued", juki) == 10;
  }));

  const Clock::duration slowest = slowestHealthyExchange(broker);
  std::cout << "[ figures  ] slowest healthy exchange, 4 workers, 12 callers on a silent unit "
               "with 2 slots: "
            << std::chrono::duration_cast<milliseconds>(slowest).count() << " ms" << std::endl;
  EXPECT_LT(slowest, milliseconds(500));

  // Every caller is answered by its deadline, the parked ones too (the timer's work when no
  // slot comes free in time).
  for (auto& f : stuck) {
    const Stuck s = f.get();
    EXPECT_NE(s.answer.body.find("Server.ReceiverTimeout"), std::string::npos) << s.answer.body;
    EXPECT_LE(s.took, milliseconds(3000 + 700)) << s.answer.body;  // deadline + slack
  }
}

}  // namespace
}  // namespace renkei::testing
