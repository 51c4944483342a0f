// The admin listener's idle connections hold no worker. It has two workers; a browser opens
// a second, speculative socket beside the one it uses and keeps both alive, and until the
// listener parked idle connections outside its workers one open browser tab locked everyone
// else out for the whole idle timeout (30 s). Real broker, real sockets, plain HTTP and TLS.
#include <gtest/gtest.h>

#include <poll.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "tests/integration/support/admin_listener.h"
#include "tests/integration/support/admin_tls_broker.h"
#include "tests/integration/support/handshaken_tls_connection.h"
#include "tests/integration/support/raw_connection.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/tls_client.h"
#include "tests/support/deadline_scale.h"
#include "tests/support/test_pki.h"
#include "tests/support/text_contains.h"

namespace renkei::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

const std::string kGetHealth = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
const std::string kListLinks =
    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
    "<reg:ListLinksRequest xmlns:reg=\"urn:renkei:registry:v1\"/></soap:Body></soap:Envelope>";

// Well under the 30 s a worker would wait on an idle socket, well over a loaded machine's
// answer to one GET (tens of milliseconds).
milliseconds answeredWithin() { return scaledDeadline(std::chrono::seconds(5)); }

std::vector<std::unique_ptr<RawConnection>> openIdle(int port, int count) {
  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < count; ++i) idle.push_back(std::make_unique<RawConnection>(port));
  // Accepted by the listener before the fresh caller comes.
  std::this_thread::sleep_for(milliseconds(200));
  return idle;
}

TEST(AdminIdleConnections, SocketsThatNeverSpeakLeaveTheListenerFree) {
  RunningBroker broker(BrokerSetup{});
  AdminListener admin(broker);
  const auto idle = openIdle(admin.port(), 16);  // eight times the workers
  RawConnection fresh(admin.port());
  const auto start = Clock::now();
  ASSERT_TRUE(fresh.send(kGetHealth));
  const std::string answer = fresh.readResponse(answeredWithin());
  EXPECT_TRUE(contains(answer, " 200 "))
      << "no answer with 16 idle sockets open: '" << answer << "'";
  EXPECT_LT(Clock::now() - start, answeredWithin());
}

TEST(AdminIdleConnections, ClientsTricklingTheirRequestLeaveTheListenerFree) {
  // Slowloris: each sends a request line, then a header line now and then, never the end.
  RunningBroker broker(BrokerSetup{});
  AdminListener admin(broker);
  auto trickling = openIdle(admin.port(), 8);
  for (auto& slow : trickling) ASSERT_TRUE(slow->send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  const std::string& list_links = kListLinks;
  // And a POST whose body stops half-way.
  RawConnection half_body(admin.port());
  ASSERT_TRUE(half_body.send(postHead("/", list_links.size()) + list_links.substr(0, 40)));
  for (int round = 0; round < 3; ++round) {
    std::this_thread::sleep_for(milliseconds(300));
    for (auto& slow : trickling) slow->send("X-Slow: " + std::to_string(round) + "\r\n");
    RawConnection fresh(admin.port());
    const auto start = Clock::now();
    ASSERT_TRUE(fresh.send(kGetHealth));
    EXPECT_TRUE(contains(fresh.readResponse(answeredWithin()), " 200 ")) << "round " << round;
    EXPECT_LT(Clock::now() - start, answeredWithin());
  }
  // The half-sent body, once finished, is served like any request.
  ASSERT_TRUE(half_body.send(list_links.substr(40)));
  EXPECT_TRUE(contains(half_body.readResponse(answeredWithin()), "ListLinksResponse"));
}

TEST(AdminIdleConnections, PipelinedRequestsAreAllAnsweredInOrder) {
  // Sent back to back without waiting for answers (HTTP/1.1 pipelining). gSOAP reads the next
  // request along with the first and then builds its answer in the same buffer: the next
  // request's bytes were lost, and the client waited for answers that never came.
  RunningBroker broker(BrokerSetup{});
  AdminListener admin(broker);
  RawConnection client(admin.port());
  const auto start = Clock::now();
  ASSERT_TRUE(client.send(kGetHealth + postHead("/", kListLinks.size()) + kListLinks + kGetHealth +
                          kGetHealth));
  EXPECT_TRUE(contains(client.readResponse(answeredWithin()), " 200 ")) << "first GET";
  EXPECT_TRUE(contains(client.readResponse(answeredWithin()), "ListLinksResponse"))
      << "the SOAP request after a GET";
  EXPECT_TRUE(contains(client.readResponse(answeredWithin()), " 200 ")) << "a GET after a POST";
  EXPECT_TRUE(contains(client.readResponse(answeredWithin()), " 200 ")) << "the last GET";
  EXPECT_LT(Clock::now() - start, answeredWithin());
}

TEST(AdminIdleConnections, APipelinedRequestThatStopsHalfWayHoldsNoWorker) {
  // The first request is whole and answered; the second, pipelined behind it, stops half-way.
  // Four such clients, twice the listener's workers, must leave it free for others, and each
  // is answered once its second request is finished.
  RunningBroker broker(BrokerSetup{});
  AdminListener admin(broker);
  std::vector<std::unique_ptr<RawConnection>> halves;
  for (int i = 0; i < 4; ++i) {
    halves.push_back(std::make_unique<RawConnection>(admin.port()));
    ASSERT_TRUE(halves.back()->send(kGetHealth + "GET /healthz HTTP/1.1\r\nHost: 127"));
    EXPECT_TRUE(contains(halves.back()->readResponse(answeredWithin()), " 200 ")) << i;
  }
  RawConnection fresh(admin.port());
  const auto start = Clock::now();
  ASSERT_TRUE(fresh.send(kGetHealth));
  EXPECT_TRUE(contains(fresh.readResponse(answeredWithin()), " 200 "));
  EXPECT_LT(Clock::now() - start, scaledDeadline(std::chrono::seconds(2)))
      << "the half-sent pipelined requests held the workers";
  for (auto& half : halves) {
    ASSERT_TRUE(half->send(".0.0.1\r\n\r\n"));
    EXPECT_TRUE(contains(half->readResponse(answeredWithin()), " 200 "));
  }
}

TEST(AdminIdleConnections, ARequestItsClientAbandonsHalfWayIsNotAnswered) {
  // gSOAP would take the end of stream for the end of the headers and serve the page; the
  // listener closes the connection instead. A whole request sent before a half-close is still
  // answered (the client may be waiting for it).
  RunningBroker broker(BrokerSetup{});
  AdminListener admin(broker);
  RawConnection abandoned(admin.port());
  ASSERT_TRUE(abandoned.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  std::this_thread::sleep_for(milliseconds(100));
  const auto start = Clock::now();
  abandoned.shutdownWrite();
  EXPECT_EQ(abandoned.readResponse(answeredWithin()), "");
  EXPECT_LT(Clock::now() - start, scaledDeadline(std::chrono::seconds(2)))
      << "closed at once, not at the request deadline (10 s)";
  RawConnection half_closed(admin.port());
  ASSERT_TRUE(half_closed.send(kGetHealth));
  half_closed.shutdownWrite();
  EXPECT_TRUE(contains(half_closed.readResponse(answeredWithin()), " 200 "));
}

TEST(AdminIdleConnections, ARequestLargerThanWhatThePollerWaitsForIsServedAtOnce) {
  // 200 KB of body: more than the poller peeks for and than the socket buffer holds.
  RunningBroker broker(BrokerSetup{});
  AdminListener admin(broker);
  const std::string list_links =
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><!-- " +
      std::string(200 * 1000, 'x') +
      " --><soap:Body><reg:ListLinksRequest xmlns:reg=\"urn:renkei:registry:v1\"/></soap:Body>"
      "</soap:Envelope>";
  for (const bool in_one_piece : {true, false}) {
    RawConnection client(admin.port());
    const auto start = Clock::now();
    const std::string request = postHead("/", list_links.size()) + list_links;
    if (in_one_piece) {
      ASSERT_TRUE(client.send(request));
    } else {
      // Head and 40 KB first, the rest a moment later.
      ASSERT_TRUE(client.send(request.substr(0, 40 * 1000)));
      std::this_thread::sleep_for(milliseconds(200));
      ASSERT_TRUE(client.send(request.substr(40 * 1000)));
    }
    const std::string answer = client.readResponse(answeredWithin());
    EXPECT_TRUE(contains(answer, "ListLinksResponse")) << answer.substr(0, 300);
    EXPECT_LT(Clock::now() - start, answeredWithin()) << (in_one_piece ? "at once" : "in two");
  }
}

TEST(AdminIdleConnections, ARequestThatNeverEndsIsClosedAtTheRequestDeadline) {
  BrokerSetup setup;
  setup.request_timeout_ms = 1000;  // the admin listener's whole-request deadline too
  RunningBroker broker(setup);
  AdminListener admin(broker);
  RawConnection slow(admin.port());
  ASSERT_TRUE(slow.send("GET / HTTP/1.1\r\n"));
  const auto start = Clock::now();
  for (int i = 0; i < 40 && !slow.closedByPeer(milliseconds(100)); ++i) {
    slow.send("X-Slow: 1\r\n");  // a byte now and then never extends the deadline
  }
  EXPECT_TRUE(slow.closedByPeer(milliseconds(0)));
  EXPECT_LT(Clock::now() - start, scaledDeadline(std::chrono::seconds(3)));
}

TEST(AdminIdleConnections, AKeptAliveConnectionIsServedAgainAfterAPause) {
  RunningBroker broker(BrokerSetup{});
  AdminListener admin(broker);
  RawConnection browser(admin.port());
  const std::string list_links =
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
      "<reg:ListLinksRequest xmlns:reg=\"urn:renkei:registry:v1\"/></soap:Body></soap:Envelope>";
  for (int round = 0; round < 3; ++round) {
    // Between requests the connection waits without a worker; it must come back whole (its
    // hooks and keep-alive state), for a page and for the SOAP service alike.
    ASSERT_TRUE(browser.send(kGetHealth));
    EXPECT_TRUE(contains(browser.readResponse(answeredWithin()), " 200 ")) << "round " << round;
    std::this_thread::sleep_for(milliseconds(300));
    ASSERT_TRUE(browser.send(postHead("/", list_links.size()) + list_links));
    const std::string soap = browser.readResponse(answeredWithin());
    EXPECT_TRUE(contains(soap, " 200 ")) << soap.substr(0, 300);
    EXPECT_TRUE(contains(soap, "ListLinksResponse")) << soap.substr(0, 300);
    std::this_thread::sleep_for(milliseconds(300));
  }
  EXPECT_FALSE(browser.closedByPeer(milliseconds(50)));
}

TEST(AdminIdleConnections, AnIdleConnectionIsClosedAfterTheIdleTimeout) {
  BrokerSetup setup;
  setup.config_edits = {{"idleTimeoutSeconds=\"30\"", "idleTimeoutSeconds=\"1\""}};
  RunningBroker broker(setup);
  AdminListener admin(broker);
  RawConnection silent(admin.port());
  RawConnection served(admin.port());
  ASSERT_TRUE(served.send(kGetHealth));
  EXPECT_TRUE(contains(served.readResponse(answeredWithin()), " 200 "));
  EXPECT_FALSE(served.closedByPeer(milliseconds(300))) << "kept alive after its answer";
  EXPECT_TRUE(silent.closedByPeer(scaledDeadline(std::chrono::seconds(5))));
  EXPECT_TRUE(served.closedByPeer(scaledDeadline(std::chrono::seconds(5))));
}

class AdminIdleTlsConnections : public ::testing::Test {
 protected:
  AdminIdleTlsConnections() : admin_(setup()) {}
  static BrokerSetup setup() {
    BrokerSetup setup;
    setup.request_timeout_ms = 2000;  // the admin listener's whole-request deadline too
    return setup;
  }
  std::string url(const std::string& path) const { return admin_.url(path); }
  TlsClientFiles operatorFiles() const { return admin_.operatorFiles(); }

  AdminTlsBroker admin_;
};

TEST_F(AdminIdleTlsConnections, HandshakenSocketsThatSayNothingLeaveTheListenerFree) {
  std::vector<std::unique_ptr<HandshakenTlsConnection>> idle;
  for (int i = 0; i < 6; ++i) {
    idle.push_back(std::make_unique<HandshakenTlsConnection>(admin_.port(), operatorFiles()));
    ASSERT_TRUE(idle.back()->established()) << "handshake " << i;
  }
  const auto plain_idle = openIdle(admin_.port(), 6);
  const auto start = Clock::now();
  const HttpAnswer page = tlsRequest(url("/healthz"), "", operatorFiles());
  EXPECT_EQ(page.status, 200);
  EXPECT_LT(Clock::now() - start, answeredWithin());
}

TEST_F(AdminIdleTlsConnections, HandshakesThatStallLeaveTheListenerFree) {
  // The handshake used to run on a worker, waiting up to its deadline (2 s here): sixteen
  // stalled clients held the two workers for 16 s, and anyone reaching the port could keep the
  // operators out. A stalled handshake now waits in the listener like an idle connection.
  std::vector<std::unique_ptr<RawConnection>> stalled;
  for (int i = 0; i < 16; ++i) {
    stalled.push_back(std::make_unique<RawConnection>(admin_.port()));
    ASSERT_TRUE(stalled.back()->send(kStalledClientHello));
  }
  std::this_thread::sleep_for(milliseconds(200));  // each has reached the listener
  const auto start = Clock::now();
  const HttpAnswer page = tlsRequest(url("/healthz"), "", operatorFiles());
  EXPECT_EQ(page.status, 200);
  EXPECT_LT(Clock::now() - start, scaledDeadline(milliseconds(1500)))
      << "a fresh operator waited behind stalled handshakes";
  // Still bounded: each is closed at the handshake deadline (2 s), not kept for the idle
  // timeout.
  for (auto& connection : stalled) {
    EXPECT_TRUE(connection->closedByPeer(scaledDeadline(std::chrono::seconds(4))));
  }
}

TEST_F(AdminIdleTlsConnections, AHandshakeTricklingInIsClosedAtItsDeadline) {
  // One byte every 300 ms wakes the listener each time; the handshake's deadline (2 s here)
  // runs from its first byte all the same.
  RawConnection trickling(admin_.port());
  ASSERT_TRUE(trickling.send(kStalledClientHello));
  const auto start = Clock::now();
  bool closed = false;
  for (int i = 0; i < 40 && !(closed = trickling.closedByPeer(milliseconds(300))); ++i) {
    trickling.send(std::string(1, '\0'));
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(Clock::now() - start, scaledDeadline(std::chrono::seconds(4)));
}

TEST_F(AdminIdleTlsConnections, ClientsTricklingTheirTlsRequestLeaveTheListenerFree) {
  // Any client may finish a handshake (client certificates are optional; tokens authenticate):
  // eight that then trickled their request held the two workers until the request deadline,
  // one pair after another. Their partial requests now wait in the listener.
  std::vector<std::unique_ptr<HandshakenTlsConnection>> trickling;
  for (int i = 0; i < 8; ++i) {
    trickling.push_back(std::make_unique<HandshakenTlsConnection>(admin_.port(), operatorFiles()));
    ASSERT_TRUE(trickling.back()->established()) << "handshake " << i;
    ASSERT_TRUE(trickling.back()->send("GET /healthz HTTP/1.1\r\n"));
  }
  std::this_thread::sleep_for(milliseconds(200));
  const auto start = Clock::now();
  const HttpAnswer page = tlsRequest(url("/healthz"), "", operatorFiles());
  EXPECT_EQ(page.status, 200);
  EXPECT_LT(Clock::now() - start, scaledDeadline(milliseconds(1500)))
      << "a fresh operator waited behind clients trickling their requests";
  // A trickling client that finishes its request is answered.
  ASSERT_TRUE(trickling.front()->send("Host: 127.0.0.1\r\nConnection: close\r\n\r\n"));
  EXPECT_TRUE(contains(trickling.front()->readToEnd().received, "HTTP/1.1 200 "));
}

TEST_F(AdminIdleTlsConnections, ATlsRequestLargerThanWhatIsGatheredIsServed) {
  // 200 KB of body in two parts: the worker gathers the first 32 KiB without waiting, then
  // gSOAP reads the rest; a request pipelined behind it is answered too.
  const std::string list_links =
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><!-- " +
      std::string(200 * 1000, 'x') +
      " --><soap:Body><reg:ListLinksRequest xmlns:reg=\"urn:renkei:registry:v1\"/></soap:Body>"
      "</soap:Envelope>";
  const std::string request =
      postHead("/", list_links.size()) + list_links +
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  HandshakenTlsConnection client(admin_.port(), operatorFiles());
  ASSERT_TRUE(client.established());
  ASSERT_TRUE(client.send(request.substr(0, 40 * 1000)));
  std::this_thread::sleep_for(milliseconds(200));
  ASSERT_TRUE(client.send(request.substr(40 * 1000)));
  const std::string received = client.readToEnd().received;
  EXPECT_TRUE(contains(received, "ListLinksResponse")) << received.substr(0, 300);
  EXPECT_TRUE(contains(received.substr(received.find("ListLinksResponse")), "HTTP/1.1 200 "))
      << "the pipelined GET after it";
}

TEST_F(AdminIdleTlsConnections, ATlsRequestThatNeverEndsIsClosedAtTheRequestDeadline) {
  // Under TLS a worker gathers what has arrived of a request between the client's records; the
  // connection is closed at the whole-request deadline (2 s here) from its first byte however
  // the records trickle.
  HandshakenTlsConnection slow(admin_.port(), operatorFiles());
  ASSERT_TRUE(slow.established());
  ASSERT_TRUE(slow.send("GET / HTTP/1.1\r\n"));
  const auto start = Clock::now();
  bool closed = false;
  for (int i = 0; i < 60 && !(closed = slow.closedByPeer(milliseconds(100))); ++i) {
    slow.send("X-Slow: 1\r\n");
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(Clock::now() - start, scaledDeadline(std::chrono::seconds(4)));
}

TEST_F(AdminIdleTlsConnections, TheTlsSessionOutlivesAPauseBetweenRequests) {
  // One libcurl handle reuses its connection: the second and third requests travel in the same
  // TLS session after the connection waited without a worker.
  SoapClient client(operatorFiles());
  for (int round = 0; round < 3; ++round) {
    const HttpAnswer answer = client.get(url("/healthz"));
    EXPECT_EQ(answer.status, 200) << "round " << round;
    EXPECT_EQ(answer.connections_opened, round == 0 ? 1 : 0) << "round " << round;
    std::this_thread::sleep_for(milliseconds(300));
  }
}

TEST_F(AdminIdleTlsConnections, PipelinedTlsRequestsAreAllAnswered) {
  HandshakenTlsConnection client(admin_.port(), operatorFiles());
  ASSERT_TRUE(client.established());
  const std::string last = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  ASSERT_TRUE(client.send(kGetHealth + kGetHealth + last));
  const std::string received = client.readToEnd().received;
  int answers = 0;
  for (size_t at = received.find("HTTP/1.1 200 "); at != std::string::npos;
       at = received.find("HTTP/1.1 200 ", at + 1)) {
    ++answers;
  }
  EXPECT_EQ(answers, 3) << received;
}

}  // namespace
}  // namespace renkei::testing
