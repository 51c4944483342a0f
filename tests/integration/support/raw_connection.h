#pragma once
// A raw TCP connection to the broker for tests that must misbehave at the HTTP level (send half a
// request, trickle headers, hold a connection idle), optionally from another loopback address
// (127.0.0.2, ...) to test per-peer limits.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace renkei::testing {

class RawConnection {
 public:
  explicit RawConnection(int port, const std::string& from = "127.0.0.1") {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    inet_pton(AF_INET, from.c_str(), &local.sin_addr);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
      ::close(fd_);
      throw std::runtime_error("cannot bind to " + from);
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("cannot connect to port " + std::to_string(port));
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  void shutdownWrite() { ::shutdown(fd_, SHUT_WR); }
  int fd() const { return fd_; }  // for a TLS client layered on this connection

  // Reads until one whole response (head and Content-Length body) is in, the peer closes, or
  // the timeout passes; returns what arrived.
  std::string readResponse(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string in;
    in.swap(pending_);
    while (responseLength(in) == 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buffer[65536];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      in.append(buffer, static_cast<size_t>(n));
    }
    // Bytes of a pipelined next response stay for the next call.
    if (const size_t length = responseLength(in); length != 0 && length < in.size()) {
      pending_ = in.substr(length);
      in.resize(length);
    }
    return in;
  }
  // True once the broker has closed the connection (reads end-of-stream within the timeout).
  bool closedByPeer(std::chrono::milliseconds timeout) {
    if (closed_) return true;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char buffer[4096];
    return ::recv(fd_, buffer, sizeof buffer, 0) <= 0;
  }

 private:
  // The length of the first whole response in `in`, or 0 while it is incomplete.
  static size_t responseLength(const std::string& in) {
    const auto head_end = in.find("\r\n\r\n");
    if (head_end == std::string::npos) return 0;
    const auto cl = in.find("Content-Length: ");
    if (cl == std::string::npos || cl > head_end) return head_end + 4;
    const size_t length = head_end + 4 + std::stoul(in.substr(cl + 16));
    return in.size() >= length ? length : 0;
  }
  int fd_ = -1;
  std::string pending_;
  bool closed_ = false;
};

// A TLS record header announcing a 512-byte handshake message (a ClientHello), and nothing of
// the message itself: what a client stalled in its handshake has sent, or one holding the
// connection on purpose. For tests of TLS listeners under such clients.
inline const std::string kStalledClientHello = std::string("\x16\x03\x01\x02\x00", 5);

inline std::string postHead(const std::string& path, size_t content_length,
                            const std::string& content_type = "text/xml; charset=utf-8") {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(content_length) + "\r\n\r\n";
}

}  // namespace renkei::testing
