// A broker out of file descriptors (`ulimit -n` reached by a flood of connections that stay open):
// the unit-facing listener answers each further caller Server.Overloaded at once instead of
// leaving it in the backlog or resetting it, the admin listener leaves new connections in the
// backlog and says so once in the log, and both serve again as soon as descriptors are free.
// A real `renkei serve` with a low descriptor limit, real sockets.
#include <gtest/gtest.h>

#include <poll.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/raw_connection.h"
#include "tests/support/deadline_scale.h"
#include "tests/support/text_contains.h"

namespace renkei::testing {
namespace {

using std::chrono::milliseconds;

// Low enough to reach with a few hundred sockets, high enough for the broker's own files,
// listeners and threads' descriptors at start.
constexpr int kDescriptorLimit = 160;

const std::string kGetHealth = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

TEST(DescriptorExhaustion, CallersPastTheLastDescriptorHearOverloadedAndServiceComesBack) {
  BrokerProcess broker(BrokerSetup{}, kDescriptorLimit);
  const int admin_port =
      std::stoi(broker.adminUrl("").substr(std::string("http://127.0.0.1:").size()));

  // More connections than the broker has descriptors, all silent: it keeps what it can accept.
  std::vector<std::unique_ptr<RawConnection>> flood;
  for (int i = 0; i < 2 * kDescriptorLimit; ++i) {
    flood.push_back(std::make_unique<RawConnection>(broker.port()));
  }
  std::this_thread::sleep_for(scaledDeadline(milliseconds(500)));
  // The ones with something to read were answered; the rest wait, kept.
  std::vector<pollfd> waiting;
  for (const auto& connection : flood) waiting.push_back({connection->fd(), POLLIN, 0});
  ASSERT_GE(poll(waiting.data(), waiting.size(), 0), 0);
  int refused = 0;
  std::string refusal;
  for (std::size_t i = 0; i < flood.size(); ++i) {
    if (waiting[i].revents == 0) continue;
    ++refused;
    refusal = flood[i]->readResponse(scaledDeadline(std::chrono::seconds(2)));
  }
  ASSERT_GT(refused, 0) << "no caller was told the broker is full";
  EXPECT_LT(refused, 2 * kDescriptorLimit) << "the broker kept no connection at all";
  EXPECT_TRUE(contains(refusal, "HTTP/1.1 503 ")) << refusal;
  EXPECT_TRUE(contains(refusal, "Retry-After:")) << refusal;
  EXPECT_TRUE(contains(refusal, "Server.Overloaded")) << refusal;

  // The admin listener cannot take a connection now: it waits in the backlog, unanswered.
  RawConnection admin(admin_port);
  ASSERT_TRUE(admin.send(kGetHealth));
  EXPECT_EQ(admin.readResponse(milliseconds(300)), "") << "answered without a descriptor?";

  // The flood leaves; the broker closes its ends and takes callers again.
  flood.clear();
  const std::string late = admin.readResponse(scaledDeadline(std::chrono::seconds(5)));
  EXPECT_TRUE(contains(late, "HTTP/1.1 200 "))
      << "the admin caller waiting in the backlog: " << late;
  RawConnection fresh(broker.port());
  ASSERT_TRUE(fresh.send(kGetHealth));
  const std::string health = fresh.readResponse(scaledDeadline(std::chrono::seconds(5)));
  EXPECT_TRUE(contains(health, "HTTP/1.1 200 ")) << health;

  const std::string log = broker.stderrText();
  EXPECT_TRUE(contains(log, "admin listener: out of file descriptors")) << log;
}

}  // namespace
}  // namespace renkei::testing
