#include "broker/conform/http_listener.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
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
constexpr size_t kMaxHeaderBytes = 64 * 1024;
constexpr size_t kMaxBodyBytes = 16 * 1024 * 1024;
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

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t");
  const size_t b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// Parses the head in buf[0, end); false when it is not an HTTP/1.x request head.
bool parseHead(const std::string& head, ReceivedRequest& req) {
  size_t pos = head.find("\r\n");
  const std::string line = head.substr(0, pos);
  const size_t sp1 = line.find(' '), sp2 = line.rfind(' ');
  if (sp1 == std::string::npos || sp2 == sp1 || line.compare(sp2 + 1, 7, "HTTP/1.") != 0)
    return false;
  req.method = line.substr(0, sp1);
  req.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  while (pos != std::string::npos && pos + 2 < head.size()) {
    const size_t next = head.find("\r\n", pos + 2);
    const std::string field = head.substr(pos + 2, next - pos - 2);
    const size_t colon = field.find(':');
    if (colon != std::string::npos)
      req.headers[lower(field.substr(0, colon))] = trim(field.substr(colon + 1));
    pos = next;
  }
  return true;
}

// Chunked transfer coding (RFC 9112 §7.1) from buf at `at`; false until complete or on error.
bool dechunk(const std::string& buf, size_t at, std::string& body, size_t& end, bool& bad) {
  body.clear();
  while (true) {
    const size_t eol = buf.find("\r\n", at);
    if (eol == std::string::npos) return false;
    size_t size = 0;
    for (size_t i = at; i < eol && buf[i] != ';'; ++i) {
      const char c = std::tolower(static_cast<unsigned char>(buf[i]));
      const int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                        : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                                                                    : -1;
      if (digit < 0 || size > kMaxBodyBytes) return !(bad = true);
      size = size * 16 + digit;
    }
    if (buf.size() < eol + 2 + size + 2) return false;
    if (size == 0) {
      end = eol + 4;  // no trailers supported: the last chunk is followed by CRLF
      return true;
    }
    body.append(buf, eol + 2, size);
    at = eol + 2 + size + 2;
  }
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
    size_t head_end;
    while ((head_end = buf.find("\r\n\r\n")) == std::string::npos) {
      if (buf.size() > kMaxHeaderBytes || !readMore(fd, buf, until)) return true;
    }
    ReceivedRequest req;
    if (!parseHead(buf.substr(0, head_end + 2), req)) {
      sendAll(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return true;
    }
    size_t end = 0;
    bool bad = false;
    if (lower(req.header("transfer-encoding")).find("chunked") != std::string::npos) {
      while (!dechunk(buf, head_end + 4, req.body, end, bad)) {
        if (bad || buf.size() > kMaxBodyBytes || !readMore(fd, buf, until)) return true;
      }
    } else {
      const size_t length = std::strtoul(req.header("content-length").c_str(), nullptr, 10);
      if (length > kMaxBodyBytes) return true;
      while (buf.size() < head_end + 4 + length) {
        if (!readMore(fd, buf, until)) return true;
      }
      req.body = buf.substr(head_end + 4, length);
      end = head_end + 4 + length;
    }
    buf.erase(0, end);
    ReplyToSend reply;
    const bool go_on = handle(req, reply);
    const bool close_after = lower(req.header("connection")) == "close" || !go_on;
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
