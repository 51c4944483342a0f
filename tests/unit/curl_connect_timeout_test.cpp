// A receiver whose host takes the connection attempt and never completes it (a full accept
// queue, a firewall dropping SYNs): the forward gives up at the connect timeout, well before the
// exchange's total timeout, and says it never got a connection.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "broker/transport/curl_forwarder.h"

namespace renkei {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A loopback listener with a backlog of 0 that never accepts. Once one connection waits in its
// accept queue, Linux drops every further SYN, so a client's connect hangs as it would towards
// a host that does not answer.
class FullBacklogListener {
 public:
  FullBacklogListener() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listen_fd_, 0);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    filler_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ::connect(filler_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  }
  ~FullBacklogListener() {
    ::close(filler_fd_);
    ::close(listen_fd_);
  }

  // True once the filler waits in the accept queue (for a listener, TCP_INFO's unacked field is
  // the accept queue's length), so the next SYN is dropped.
  bool full(milliseconds within) const {
    const auto deadline = Clock::now() + within;
    for (;;) {
      tcp_info info{};
      socklen_t len = sizeof info;
      if (::getsockopt(listen_fd_, IPPROTO_TCP, TCP_INFO, &info, &len) == 0 &&
          info.tcpi_unacked >= 1) {
        return true;
      }
      if (Clock::now() > deadline) return false;
      std::this_thread::sleep_for(milliseconds(5));
    }
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }

 private:
  int listen_fd_ = -1;
  int filler_fd_ = -1;
  int port_ = 0;
};

TEST(CurlConnectTimeoutTest, AHostThatNeverCompletesTheConnectionTimesOutAtTheConnectTimeout) {
  FullBacklogListener receiver;
  ASSERT_TRUE(receiver.full(milliseconds(2000)));
  CurlForwarderOptions options;
  options.connect_timeout_ms = 300;
  options.total_timeout_ms = 5000;
  CurlForwarder forwarder(options);
  ForwardRequest request;
  request.url = receiver.url();
  request.content_type = "text/xml; charset=utf-8";
  request.body = "<soap:Envelope/>";

  const auto start = Clock::now();
  const ForwardResult result = forwarder.post(request);
  const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - start);

  EXPECT_EQ(result.outcome, ForwardResult::kTimeout) << result.error;
  EXPECT_EQ(result.error, "no connection within 300 ms");
  EXPECT_GE(took, milliseconds(250));
  // Far below the 5 s total: the connect phase has a bound of its own.
  EXPECT_LT(took, milliseconds(2500));
}

}  // namespace
}  // namespace renkei
