#include "broker/transport/plain_http_forwarder.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <optional>
#include <system_error>
#include <utility>

#include "broker/core/blocking_wait.h"
#include "broker/transport/forward_headers.h"
#include "broker/transport/http_answer_reader.h"
#include "broker/transport/plain_http_url.h"

namespace renkei {
namespace {

using Clock = std::chrono::steady_clock;

long microsSince(Clock::time_point start) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count());
}

// What poll(2) may wait before the deadline; 0 once it has passed.
int waitMsUntil(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (left <= 0) return 0;
  return static_cast<int>(std::min<long long>(left + 1, 1 << 30));  // +1: never wake just short
}

// How long a worker waits for a unit before it tells its pool it is waiting (BlockingWait) and
// stops counting as running: a healthy unit answers well within it, and a worker that counts
// as running while it waits costs no other worker a wake-up; a slow unit's waits are declared.
constexpr int kUndeclaredWaitMs = 2;

// True when fd became ready for `events` before the deadline.
bool waitFor(int fd, short events, Clock::time_point deadline) {
  std::optional<BlockingWait> declared;
  for (;;) {
    const int wait_ms = waitMsUntil(deadline);
    if (wait_ms == 0) return false;
    pollfd p{fd, events, 0};
    const int first_ms = std::min(wait_ms, kUndeclaredWaitMs);
    const int n = ::poll(&p, 1, declared ? wait_ms : first_ms);
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return true;  // let the next call report the socket's error
    if (n == 0 && !declared) declared.emplace();
  }
}

// "connection refused", as in a sentence (curl's wording comes from the same strerror text).
std::string errnoText(int error) {
  std::string text = std::error_code(error, std::generic_category()).message();
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') {
    text[0] = static_cast<char>(text[0] - 'A' + 'a');
  }
  return text;
}

class Socket {
 public:
  explicit Socket(int fd = -1) : fd_(fd) {}
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() { reset(); }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

// A new connection to the unit, within connect_deadline; -1 with the outcome set otherwise.
int connectTo(const PlainHttpUrl& url, Clock::time_point connect_deadline, long connect_ms,
              ForwardResult& result) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;  // never a DNS query: no deadline for it
  addrinfo* found = nullptr;
  const int gai = ::getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &found);
  if (gai != 0) {
    result.outcome = ForwardResult::kUnavailable;
    result.error = "could not connect";
    result.detail = "address " + url.host + ": " + ::gai_strerror(gai);
    return -1;
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
  int last_error = ECONNREFUSED;
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    Socket s(::socket(a->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (s.get() < 0) {
      last_error = errno;
      continue;
    }
    const int one = 1;
    ::setsockopt(s.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(s.get(), SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    if (::connect(s.get(), a->ai_addr, a->ai_addrlen) == 0) return s.release();
    if (errno != EINPROGRESS) {
      last_error = errno;
      continue;
    }
    if (!waitFor(s.get(), POLLOUT, connect_deadline)) {
      result.outcome = ForwardResult::kTimeout;
      result.error = "no connection within " + std::to_string(connect_ms) + " ms";
      result.detail = "connect to " + url.authority + ": timed out";
      return -1;
    }
    int error = 0;
    socklen_t size = sizeof error;
    ::getsockopt(s.get(), SOL_SOCKET, SO_ERROR, &error, &size);
    if (error == 0) return s.release();
    last_error = error;
  }
  result.outcome = ForwardResult::kUnavailable;
  result.error = errnoText(last_error);
  result.detail = "connect to " + url.authority + ": " + result.error;
  return -1;
}

// Head and body in as few sendmsg calls as the socket allows. 0, ETIMEDOUT or the errno.
int sendRequest(int fd, const std::string& head, const std::string& body,
                Clock::time_point deadline) {
  const std::size_t total = head.size() + body.size();
  std::size_t sent = 0;
  while (sent < total) {
    iovec parts[2];
    int count = 0;
    if (sent < head.size()) {
      parts[count++] = {const_cast<char*>(head.data() + sent), head.size() - sent};
      parts[count++] = {const_cast<char*>(body.data()), body.size()};
    } else {
      const std::size_t at = sent - head.size();
      parts[count++] = {const_cast<char*>(body.data() + at), body.size() - at};
    }
    msghdr message{};
    message.msg_iov = parts;
    message.msg_iovlen = static_cast<std::size_t>(count);
    const ssize_t n = ::sendmsg(fd, &message, MSG_NOSIGNAL);
    if (n >= 0) {
      sent += static_cast<std::size_t>(n);
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (!waitFor(fd, POLLOUT, deadline)) return ETIMEDOUT;
    } else if (errno != EINTR) {
      return errno;
    }
  }
  return 0;
}

enum class ReadEnd {
  kAnswerOver,  // the reader is no longer waiting (whole, malformed or too large)
  kClosed,      // end of stream (the reader was told)
  kTimedOut,
  kFailed,  // a socket error (error_out)
};

ReadEnd readAnswer(int fd, HttpAnswerReader& reader, Clock::time_point deadline, int& error_out) {
  // The answer cannot be there yet when the request just left: wait first, then read.
  char buffer[64 * 1024];
  bool wait_first = true;
  for (;;) {
    if (wait_first && !waitFor(fd, POLLIN, deadline)) return ReadEnd::kTimedOut;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      wait_first = false;
      if (reader.feed(buffer, static_cast<std::size_t>(n)) != HttpAnswerReader::State::kNeedMore) {
        return ReadEnd::kAnswerOver;
      }
    } else if (n == 0) {
      reader.endOfStream();
      return ReadEnd::kClosed;
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      wait_first = true;
    } else if (errno != EINTR) {
      error_out = errno;
      return ReadEnd::kFailed;
    }
  }
}

std::string requestHead(const PlainHttpUrl& url, const ForwardRequest& request) {
  std::string head;
  head.reserve(256 + url.target.size() + request.content_type.size() + request.soap_action.size() +
               request.authorization.size());
  head.append("POST ").append(url.target).append(" HTTP/1.1\r\nHost: ").append(url.authority);
  head.append("\r\nUser-Agent: renkei-broker\r\n");
  if (!request.content_type.empty()) {
    head.append("Content-Type: ").append(request.content_type).append("\r\n");
  }
  if (!request.soap_action.empty()) {
    head.append("SOAPAction: ").append(quotedSoapAction(request.soap_action)).append("\r\n");
  }
  if (!request.authorization.empty()) {
    head.append("Authorization: ").append(request.authorization).append("\r\n");
  }
  head.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n\r\n");
  return head;
}

// The outcome of a transfer that did not end in a whole answer, in CurlForwarder's words.
void classifyFailure(const HttpAnswerReader& reader, ReadEnd end, int error, long total_ms,
                     std::size_t max_bytes, const std::string& authority, ForwardResult& result) {
  result.http_status = reader.status();
  if (reader.state() == HttpAnswerReader::State::kTooLarge) {
    result.outcome = ForwardResult::kTooLarge;
    result.error = "answer exceeds " + std::to_string(max_bytes) + " bytes";
  } else if (end == ReadEnd::kTimedOut) {
    result.outcome = ForwardResult::kTimeout;
    result.error = "no answer within " + std::to_string(total_ms) + " ms";
  } else if (!reader.anyByteReceived()) {
    result.outcome = ForwardResult::kUnavailable;
    result.error = end == ReadEnd::kFailed ? "connection reset before an answer"
                                           : "connection closed without an answer";
  } else if (end == ReadEnd::kFailed) {
    result.outcome = ForwardResult::kMalformedAnswer;
    result.error = "connection reset during the answer";
  } else {
    result.outcome = ForwardResult::kMalformedAnswer;
    result.error = "answered with malformed HTTP";
  }
  result.detail = authority + ": " + result.error +
                  (end == ReadEnd::kFailed ? " (" + errnoText(error) + ")" : std::string());
}

}  // namespace

PlainHttpForwarder::PlainHttpForwarder(CurlForwarderOptions options)
    : options_(options), curl_(std::move(options)), idle_(options_.max_idle_handles) {}

ForwardResult PlainHttpForwarder::post(const ForwardRequest& request) {
  const std::optional<PlainHttpUrl> url = parsePlainHttpUrl(request.url);
  if (!url || !url->numeric_host) return curl_.post(request);
  ForwardResult result;
  if (!hasSafeHeaders(request)) {
    result.error = kUnsafeHeadersError;
    return result;
  }
  const Clock::time_point start = Clock::now();
  long total_ms = options_.total_timeout_ms;
  if (request.timeout_ms > 0 && request.timeout_ms < total_ms) total_ms = request.timeout_ms;
  const long connect_ms = std::min(options_.connect_timeout_ms, total_ms);
  const Clock::time_point deadline = start + std::chrono::milliseconds(total_ms);
  const std::string head = requestHead(*url, request);

  for (bool first_try = true;; first_try = false) {
    Socket connection(first_try ? idle_.take(url->origin) : -1);
    const bool reused = connection.get() >= 0;
    if (!reused) {
      connection.reset(
          connectTo(*url, std::min(Clock::now() + std::chrono::milliseconds(connect_ms), deadline),
                    connect_ms, result));
      if (connection.get() < 0) {
        result.total_us = microsSince(start);
        return result;
      }
      result.connect_us = microsSince(start);
      result.new_connections = 1;
    }
    HttpAnswerReader reader(options_.max_response_bytes);
    const int send_error = sendRequest(connection.get(), head, request.body, deadline);
    int read_error = 0;
    // After a failed send the unit may still have answered (a 413 before the whole body).
    const ReadEnd end = send_error == ETIMEDOUT
                            ? ReadEnd::kTimedOut
                            : readAnswer(connection.get(), reader, deadline, read_error);
    // A kept-alive connection the unit closed as it was taken: nothing was answered, so the
    // request goes once more, on a new connection (as libcurl does).
    if (reused && !reader.anyByteReceived() &&
        (end == ReadEnd::kClosed || end == ReadEnd::kFailed)) {
      continue;
    }
    result.total_us = microsSince(start);
    if (reader.state() == HttpAnswerReader::State::kDone) {
      result.outcome = ForwardResult::kAnswered;
      result.http_status = reader.status();
      result.content_type = reader.contentType();
      result.body = std::move(reader.body());
      if (send_error == 0 && reader.reusable()) idle_.give(url->origin, connection.release());
      return result;
    }
    classifyFailure(reader, end, read_error != 0 ? read_error : send_error, total_ms,
                    options_.max_response_bytes, url->authority, result);
    return result;
  }
}

}  // namespace renkei
