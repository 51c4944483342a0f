#include "broker/conform/http_listener.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "broker/conform/case_loader.h"

namespace renkei::conform {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kIdle = std::chrono::seconds(15);

// Reads more bytes into `buf`; false on close, error or when `until` passes.
bool readMore(int fd, std::string& buf, Clock::time_point until) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
  char chunk[65536];
  const ssize_t n = read(fd, chunk, sizeof chunk);
  if (n <= 0) return false;
  buf.append(chunk, static_cast<size_t>(n));
  return true;
}

void sendAll(int fd, const std::string& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

}  // namespace

HttpListener::HttpListener(const std::string& host, int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1)
    throw ConformInputError("--listen: '" + host + "' is not an IPv4 address");
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 16) != 0) {
    const std::string why = std::strerror(errno);
    close(fd_);
    throw ConformInputError("--listen " + host + ":" + std::to_string(port) + ": " + why);
  }
  socklen_t len = sizeof addr;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
}

HttpListener::~HttpListener() {
  if (fd_ >= 0) close(fd_);
}

void HttpListener::serve(Clock::time_point deadline, const Handler& handle) {
  while (Clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    const int conn = accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (conn < 0) continue;
    const bool go_on = serveConnection(conn, deadline, handle);
    close(conn);
    if (!go_on) return;
  }
}

bool HttpListener::serveConnection(int fd, Clock::time_point deadline, const Handler& handle) {
  std::string buf;
  while (true) {
    const auto until = std::min(deadline, Clock::now() + kIdle);
    RequestParse parsed = parseHttpRequest(buf, RequestLimits{});
    while (parsed.state == RequestParse::kIncomplete) {
      if (!readMore(fd, buf, until)) return true;  // closed, idle or past the deadline
      parsed = parseHttpRequest(buf, RequestLimits{});
    }
    if (parsed.state == RequestParse::kBad) {
      sendAll(fd, "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: " +
                      std::to_string(parsed.error.size()) + "\r\nConnection: close\r\n\r\n" +
                      parsed.error);
      return true;
    }
    buf.erase(0, parsed.consumed);
    const ReceivedRequest& req = parsed.request;
    ReplyToSend reply;
    const bool go_on = handle(req, reply);
    const bool close_after = strcasecmp(req.header("connection").c_str(), "close") == 0 || !go_on;
    sendAll(fd, "HTTP/1.1 " + std::to_string(reply.status) +
                    (reply.status == 200   ? " OK"
                     : reply.status == 400 ? " Bad Request"
                                           : " Internal Server Error") +
                    "\r\nContent-Type: " + reply.content_type +
                    "\r\nContent-Length: " + std::to_string(reply.body.size()) +
                    (close_after ? "\r\nConnection: close" : "") + "\r\n\r\n" + reply.body);
    if (!go_on) return false;
    if (close_after) return true;
  }
}

}  // namespace renkei::conform
