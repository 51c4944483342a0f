// A PostgreSQL server lost while PgConnection's constructor is still at work. A constructor
// that throws runs no destructor, so the libpq connection it opened must be closed on the way
// out: under the ASan pass LeakSanitizer fails this binary if it is not, and valgrind shows a
// block "definitely lost" from PQconnectStartParams. A real server cannot be made to die at
// exactly that point, so a fake one speaks just enough of the v3 wire protocol.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <utility>

#include "broker/core/store_error.h"
#include "broker/store/postgres_connection.h"
#include "tests/support/deadline_scale.h"

namespace renkei {
namespace {

using Clock = std::chrono::steady_clock;

// One loopback listener on a kernel-chosen port, served by one thread. Every wait is bounded
// (a slow or broken client must fail the test, never hang it).
class FakePostgresServer {
 public:
  enum class Hangup {
    kAfterStartup,  // the client never gets AuthenticationOk
    kOnFirstQuery,  // the handshake completes; the first statement finds the server gone
  };

  explicit FakePostgresServer(Hangup hangup) : hangup_(hangup) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::listen(listen_fd_, 4) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      return;  // port_ stays 0; the test asserts on it
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~FakePostgresServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
  }
  FakePostgresServer(const FakePostgresServer&) = delete;
  FakePostgresServer& operator=(const FakePostgresServer&) = delete;

  int port() const { return port_; }
  // sslmode and gssencmode disabled: libpq must not ask for encryption, and must not retry.
  std::string conninfo() const {
    return "host=127.0.0.1 port=" + std::to_string(port_) +
           " dbname=x user=y sslmode=disable gssencmode=disable connect_timeout=5";
  }
  // The test exercised what it meant to: the hangup happened at the intended point.
  bool hungUp() const { return hung_up_; }

 private:
  // Readable (or closed, or failed) before the deadline; false on timeout or stop.
  bool waitReadable(int fd) const {
    const auto deadline = Clock::now() + testing::scaledDeadline(std::chrono::seconds(5));
    while (!stop_ && Clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) > 0) return true;
    }
    return false;
  }

  bool readExactly(int fd, void* buffer, size_t size) const {
    auto* out = static_cast<char*>(buffer);
    while (size > 0) {
      if (!waitReadable(fd)) return false;
      const ssize_t n = ::recv(fd, out, size, 0);
      if (n <= 0) return false;
      out += n;
      size -= static_cast<size_t>(n);
    }
    return true;
  }

  // Network byte order, as every length and code in the protocol.
  bool readInt32(int fd, uint32_t& value) const {
    if (!readExactly(fd, &value, sizeof value)) return false;
    value = ntohl(value);
    return true;
  }

  static void appendInt32(std::string& out, uint32_t value) {
    value = htonl(value);
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
  }

  static void appendMessage(std::string& out, char type, const std::string& body) {
    out += type;
    appendInt32(out, static_cast<uint32_t>(body.size() + 4));
    out += body;
  }

  static bool sendAll(int fd, const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return true;
  }

  // Reads the body of a length-prefixed message and drops it, so closing the socket sends a
  // FIN rather than the RST that unread data would cause.
  bool skip(int fd, uint32_t length_with_self) const {
    if (length_with_self < 4 || length_with_self > 65536) return false;
    std::string body(length_with_self - 4, '\0');
    return readExactly(fd, body.data(), body.size());
  }

  // Everything up to the hangup; returns when it is time to close the connection.
  void converse(int fd) {
    constexpr uint32_t kSslRequest = 80877103;
    constexpr uint32_t kGssEncRequest = 80877104;
    constexpr uint32_t kProtocol3 = 196608;
    uint32_t length = 0;
    uint32_t code = 0;
    // Encryption requests carry no body beyond the code; 'N' declines and the client goes on
    // with its StartupMessage on the same socket.
    for (;;) {
      if (!readInt32(fd, length) || !readInt32(fd, code)) return;
      if (length == 8 && (code == kSslRequest || code == kGssEncRequest)) {
        if (!sendAll(fd, "N")) return;
        continue;
      }
      break;
    }
    // The StartupMessage's length counts itself and the protocol code; the parameters follow.
    if (code != kProtocol3 || !skip(fd, length - 4)) return;
    if (hangup_ == Hangup::kAfterStartup) {
      hung_up_ = true;
      return;
    }
    std::string reply;
    std::string ok;
    appendInt32(ok, 0);
    appendMessage(reply, 'R', ok);
    // What a real server reports at startup; libpq reads some of them (escaping, version).
    for (const auto& [name, value] : {std::pair<std::string, std::string>{"server_version", "15.0"},
                                      {"server_encoding", "UTF8"},
                                      {"client_encoding", "UTF8"},
                                      {"standard_conforming_strings", "on"},
                                      {"integer_datetimes", "on"}}) {
      appendMessage(reply, 'S', name + '\0' + value + '\0');
    }
    std::string key;
    appendInt32(key, 4242);
    appendInt32(key, 0x5eed);
    appendMessage(reply, 'K', key);
    appendMessage(reply, 'Z', "I");
    if (!sendAll(fd, reply)) return;
    char type = 0;
    if (!readExactly(fd, &type, 1) || !readInt32(fd, length) || !skip(fd, length)) return;
    if (type == 'Q') hung_up_ = true;
  }

  void serve() {
    // More than one connection is accepted in case a libpq version retries; each is hung up
    // on at the same point.
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      converse(fd);
      ::shutdown(fd, SHUT_RDWR);
      ::close(fd);
    }
  }

  const Hangup hangup_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> hung_up_{false};
};

// What the constructor threw, or "" when it did not throw a StoreError.
std::string connectError(const std::string& conninfo) {
  try {
    PgConnection connection(conninfo);
  } catch (const StoreError& e) {
    return e.what();
  }
  return "";
}

TEST(PostgresConnectionLostTest, ServerGoneDuringSessionChecksIsAClearErrorAndLeaksNothing) {
  FakePostgresServer server(FakePostgresServer::Hangup::kOnFirstQuery);
  ASSERT_NE(server.port(), 0);
  EXPECT_THROW(PgConnection{server.conninfo()}, StoreError);
  const std::string message = connectError(server.conninfo());
  EXPECT_NE(message.find("checking session settings"), std::string::npos) << message;
  EXPECT_TRUE(server.hungUp());
}

TEST(PostgresConnectionLostTest, ServerGoneAfterStartupMessageIsAConnectErrorAndLeaksNothing) {
  FakePostgresServer server(FakePostgresServer::Hangup::kAfterStartup);
  ASSERT_NE(server.port(), 0);
  EXPECT_THROW(PgConnection{server.conninfo()}, StoreError);
  const std::string message = connectError(server.conninfo());
  // describePgServer lists the keywords in libpq's order, not the conninfo's.
  EXPECT_EQ(message.rfind("connecting to PostgreSQL ", 0), 0u) << message;
  EXPECT_NE(message.find("port=" + std::to_string(server.port())), std::string::npos) << message;
  EXPECT_TRUE(server.hungUp());
}

}  // namespace
}  // namespace renkei
