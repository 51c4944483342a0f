#pragma once
// A small real HTTP/1.1 server on 127.0.0.1 (ephemeral port) for transport tests: one thread per
// connection, keep-alive, a configurable canned answer, and counters of accepted TCP connections
// and requests, so tests can see whether a client reused its connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace renkei::test_support {

struct TestHttpAnswer {
  int status = 200;
  std::string content_type = "text/xml; charset=utf-8";  // empty = no Content-Type header
  std::string body;
  std::vector<std::string> extra_headers;  // full lines without CRLF, e.g. "Location: /x"
  std::chrono::milliseconds delay{0};      // before answering
  bool chunked = false;                    // Transfer-Encoding: chunked, no Content-Length
  bool close_without_answer = false;       // read the request, then close the connection
  std::string raw;                         // when set, sent verbatim instead of an HTTP answer
};

struct TestHttpRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class TestHttpServer {
 public:
  TestHttpServer() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw std::runtime_error("socket failed");
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 64) != 0) {
      ::close(listen_fd_);
      throw std::runtime_error("bind/listen on 127.0.0.1 failed");
    }
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    accept_thread_ = std::thread([this] { acceptLoop(); });
  }

  ~TestHttpServer() { stop(); }
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  void setAnswer(TestHttpAnswer answer) {
    std::lock_guard<std::mutex> lock(mutex_);
    answer_ = std::move(answer);
  }
  // Computes each answer from its request instead (e.g. a timestamp authority); runs outside
  // the server's lock, one call per request.
  void setResponder(std::function<TestHttpAnswer(const TestHttpRequest&)> responder) {
    std::lock_guard<std::mutex> lock(mutex_);
    responder_ = std::move(responder);
  }
  int acceptedConnections() const { return accepted_.load(); }
  int requestCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return static_cast<int>(requests_.size());
  }
  std::vector<TestHttpRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
      for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    }
    wake_.notify_all();
    ::shutdown(listen_fd_, SHUT_RDWR);  // wakes the blocked accept()
    if (accept_thread_.joinable()) accept_thread_.join();
    std::vector<std::thread> workers;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      workers.swap(workers_);
    }
    for (auto& t : workers) t.join();
    ::close(listen_fd_);
  }

  // A loopback port with nothing listening: bound, then closed, so connects are refused.
  static int closedPort() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
  }

 private:
  void acceptLoop() {
    for (;;) {
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR) continue;
        return;  // shut down
      }
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) {
        ::close(fd);
        return;
      }
      ++accepted_;
      open_fds_.insert(fd);
      workers_.emplace_back([this, fd] { serve(fd); });
    }
  }

  void serve(int fd) {
    std::string buffer;
    TestHttpRequest request;
    while (readRequest(fd, buffer, request)) {
      TestHttpAnswer answer;
      std::function<TestHttpAnswer(const TestHttpRequest&)> responder;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        requests_.push_back(request);
        answer = answer_;
        responder = responder_;
        if (answer.delay.count() > 0) {
          wake_.wait_for(lock, answer.delay, [this] { return stopping_; });
        }
        if (stopping_) break;
      }
      if (responder) answer = responder(request);
      if (answer.close_without_answer) break;
      if (!sendAll(fd, render(answer)) || !answer.raw.empty()) break;
      if (request.header("connection") == "close") break;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      open_fds_.erase(fd);
    }
    ::close(fd);
  }

  static bool readRequest(int fd, std::string& buffer, TestHttpRequest& out) {
    std::size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (buffer.size() > 65536 || !readMore(fd, buffer)) return false;
    }
    out = TestHttpRequest{};
    const std::string head = buffer.substr(0, head_end);
    buffer.erase(0, head_end + 4);
    std::size_t line_end = head.find("\r\n");
    const std::string request_line = head.substr(0, line_end);
    const std::size_t sp1 = request_line.find(' ');
    const std::size_t sp2 = request_line.find(' ', sp1 + 1);
    out.method = request_line.substr(0, sp1);
    out.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    while (line_end != std::string::npos) {
      const std::size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string line = head.substr(start, line_end - start);
      const std::size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::size_t value_start = line.find_first_not_of(" \t", colon + 1);
      out.headers[name] = value_start == std::string::npos ? "" : line.substr(value_start);
    }
    const std::size_t length =
        std::stoul(out.header("content-length").empty() ? "0" : out.header("content-length"));
    while (buffer.size() < length) {
      if (!readMore(fd, buffer)) return false;
    }
    out.body = buffer.substr(0, length);
    buffer.erase(0, length);
    return true;
  }

  static bool readMore(int fd, std::string& buffer) {
    char chunk[16384];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  static bool sendAll(int fd, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  static std::string render(const TestHttpAnswer& a) {
    if (!a.raw.empty()) return a.raw;
    std::string out = "HTTP/1.1 " + std::to_string(a.status) + " Test\r\n";
    if (!a.content_type.empty()) out += "Content-Type: " + a.content_type + "\r\n";
    for (const auto& line : a.extra_headers) out += line + "\r\n";
    if (!a.chunked) {
      out += "Content-Length: " + std::to_string(a.body.size()) + "\r\n\r\n" + a.body;
      return out;
    }
    out += "Transfer-Encoding: chunked\r\n\r\n";
    constexpr std::size_t kChunk = 4096;
    char size_line[32];
    for (std::size_t at = 0; at < a.body.size(); at += kChunk) {
      const std::size_t n = std::min(kChunk, a.body.size() - at);
      std::snprintf(size_line, sizeof size_line, "%zx\r\n", n);
      out += size_line + a.body.substr(at, n) + "\r\n";
    }
    return out + "0\r\n\r\n";
  }

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<int> accepted_{0};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  TestHttpAnswer answer_;
  std::function<TestHttpAnswer(const TestHttpRequest&)> responder_;
  std::vector<TestHttpRequest> requests_;
  std::set<int> open_fds_;
  std::thread accept_thread_;
  std::vector<std::thread> workers_;
};

}  // namespace renkei::test_support
