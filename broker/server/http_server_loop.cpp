// HttpServer::Loop: lifecycle, accepting, events, TLS handshakes, deadlines and closing.
#include "broker/server/http_server_loop.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <iostream>
#include <stdexcept>

#include "broker/core/thread_name.h"
#include "broker/server/http_response.h"
#include "broker/server/listen_socket.h"

namespace renkei {
namespace {

constexpr uint64_t kListenerId = 0;
constexpr uint64_t kWakeId = 1;
constexpr int kSweepIntervalMs = 50;
constexpr int kLingerMs = 2000;  // reading a closing peer's leftovers
// How long stop() waits for replies owed by exchanges whose audit records are not yet settled:
// well past the audit's own bound (twice its timeout when the store hangs mid-commit).
constexpr std::chrono::milliseconds kRepliesOwedWait{30000};

std::string addressText(const sockaddr_storage& addr, std::string* ip_only) {
  char ip[INET6_ADDRSTRLEN] = "?";
  int port = 0;
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &in->sin_addr, ip, sizeof ip);
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof ip);
    port = ntohs(in6->sin6_port);
  }
  *ip_only = ip;
  return std::string(ip) + ":" + std::to_string(port);
}

}  // namespace

int64_t loopNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

HttpServer::Loop::Loop(const HttpServerOptions& options, RequestHandler& handler)
    : options_(options),
      handler_(handler),
      limits_{options.max_header_bytes, 100, options.max_body_bytes} {}

HttpServer::Loop::~Loop() {
  for (int fd : {listen_fd_, epoll_fd_, wake_fd_, spare_fd_}) {
    if (fd >= 0) ::close(fd);
  }
}

void HttpServer::Loop::start() {
  raiseOpenFileLimit();
  ListenSocket socket =
      openListenSocket("broker listener", options_.host, options_.port, /*backlog=*/4096);
  listen_fd_ = socket.fd;
  port_ = socket.port;
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) throw std::runtime_error("broker listener: no epoll");
  add(listen_fd_, kListenerId, EPOLLIN);
  add(wake_fd_, kWakeId, EPOLLIN);
  pool_ =
      std::make_unique<WorkerPool>(options_.worker_threads, options_.queue_capacity,
                                   "renkei-worker", options_.active_workers, options_.cpu_demand);
  replies_ = std::make_shared<ReplyGate>([this](uint64_t id, HttpReply reply, bool keep_alive) {
    complete(id, std::move(reply), keep_alive);
  });
  accepting_ = running_ = true;
  thread_ = namedThread("renkei-loop", [this] { run(); });
}

void HttpServer::Loop::stop() {
  if (!thread_.joinable()) return;
  accepting_ = false;
  wake();
  pool_->stop();  // requests in hand run until their audit records are handed over
  // Their replies come once the records are settled, within the audit's own bound; a reply
  // owed past this wait is dropped (its connection closes unanswered) rather than delivered to
  // a loop that is gone.
  if (const int owed = replies_->awaitAll(kRepliesOwedWait); owed > 0) {
    std::cerr << "renkei: stopping with " << owed << " replies not yet made; their connections "
              << "close unanswered" << std::endl;
  }
  replies_->close();
  running_ = false;
  wake();
  thread_.join();
}

void HttpServer::Loop::add(int fd, uint64_t id, uint32_t events) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = id;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
}

void HttpServer::Loop::wake() {
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

void HttpServer::Loop::run() {
  std::vector<epoll_event> events(512);
  int64_t last_sweep = loopNowMs();
  bool listening = true;
  while (running_) {
    const int timeout = pending_reads_.empty() ? kSweepIntervalMs : 0;
    const int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout);
    for (int i = 0; i < n; ++i) {
      const uint64_t id = events[i].data.u64;
      if (id == kListenerId) {
        acceptAll();
      } else if (id == kWakeId) {
        uint64_t count;
        [[maybe_unused]] ssize_t r = ::read(wake_fd_, &count, sizeof count);
        drainCompletions();
      } else if (HttpConnection* conn = find(id)) {
        guarded(id, [&] { onEvent(*conn, events[i].events); });
      }
    }
    std::vector<uint64_t> again;
    again.swap(pending_reads_);
    for (uint64_t id : again) {
      if (HttpConnection* conn = find(id)) guarded(id, [&] { readAndParse(*conn); });
    }
    if (listening && !accepting_) {
      listening = false;
      epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
      ::close(listen_fd_);
      listen_fd_ = -1;
      closeWhere([](const HttpConnection& c) {
        return c.phase == HttpConnection::Phase::kIdle ||
               c.phase == HttpConnection::Phase::kHandshake;
      });
    }
    const int64_t now = loopNowMs();
    resumeAccepting(now);
    if (now - last_sweep >= kSweepIntervalMs) {
      sweep(now);
      last_sweep = now;
    }
  }
  // The pool has stopped: every reply there will be is queued. Send what goes out at once.
  drainCompletions();
  closeWhere([](const HttpConnection&) { return true; });
}

template <typename Handling>
void HttpServer::Loop::guarded(uint64_t id, Handling handling) {
  try {
    handling();
    return;
  } catch (const std::exception& e) {
    std::cerr << "renkei: connection " << id << " closed after an unexpected error: " << e.what()
              << std::endl;
  } catch (...) {
    std::cerr << "renkei: connection " << id << " closed after an unexpected error" << std::endl;
  }
  if (HttpConnection* conn = find(id)) close(*conn);
}

HttpConnection* HttpServer::Loop::find(uint64_t id) {
  auto it = conns_.find(id);
  return it == conns_.end() ? nullptr : it->second.get();
}

void HttpServer::Loop::acceptAll() {
  while (accepting_) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    int fd =
        accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE) {
        if (refuseWithSpare()) continue;
        return;
      }
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;  // EAGAIN: backlog empty
    }
    std::string ip;
    std::string peer = addressText(addr, &ip);
    int& from_peer = per_peer_[ip];
    if (static_cast<int>(conns_.size()) >= options_.max_connections ||
        from_peer >= options_.max_connections_per_peer) {
      if (from_peer == 0) per_peer_.erase(ip);
      refuseConnection(fd);
      continue;
    }
    ++from_peer;
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const uint64_t id = next_id_++;
    auto conn = std::make_unique<HttpConnection>(fd, id, std::move(ip), std::move(peer), limits_);
    conn->phase_since_ms = loopNowMs();
    if (options_.tls) {
      // The handshake is driven by this connection's events like any read or write.
      conn->tls = std::make_unique<TlsSession>(*options_.tls, fd);
      conn->phase = HttpConnection::Phase::kHandshake;
    }
    add(fd, id, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET);
    conns_.emplace(id, std::move(conn));
    ++stats_.connections_accepted;
    stats_.connections_open = static_cast<int64_t>(conns_.size());
  }
}

// Out of descriptors: free the spare one to take a caller off the backlog and tell it so,
// instead of leaving it to wait or spinning on a listener that stays readable. The descriptor
// freed can be taken by another thread first (the admin listener, the store, a forwarder): the
// spare is then gone and nothing can be accepted, and accepting again at once would spin this
// loop without ever reaching the events that close connections and free descriptors. So the
// listener pauses instead, and tries again a moment later.
bool HttpServer::Loop::refuseWithSpare() {
  if (spare_fd_ < 0) spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (spare_fd_ >= 0) {
    ::close(spare_fd_);
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) refuseConnection(fd);
    spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && spare_fd_ >= 0) return true;
  }
  pauseAccepting(loopNowMs());
  return false;
}

void HttpServer::Loop::pauseAccepting(int64_t now) {
  if (accept_paused_until_ms_ == 0) {
    epoll_event ev{};
    ev.data.u64 = kListenerId;
    epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);  // no events until resumeAccepting
  }
  accept_paused_until_ms_ = now + 100;
  // A flood that keeps the broker at its limit pauses the listener every 100 ms or so.
  if (out_of_descriptors_logged_ms_ == 0 || now - out_of_descriptors_logged_ms_ >= 10000) {
    std::cerr << "renkei: broker listener: out of file descriptors (" << conns_.size()
              << " connections open); new callers wait in the backlog until some close"
              << std::endl;
    out_of_descriptors_logged_ms_ = now;
  }
}

void HttpServer::Loop::resumeAccepting(int64_t now) {
  if (accept_paused_until_ms_ == 0 || now < accept_paused_until_ms_ || listen_fd_ < 0) return;
  accept_paused_until_ms_ = 0;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenerId;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &ev);
}

// Over a connection cap: the caller hears Server.Overloaded instead of a silent reset. On a TLS
// listener there is no way to say it without a handshake, which is the work being refused.
void HttpServer::Loop::refuseConnection(int fd) {
  ++stats_.connections_refused;
  if (!options_.tls) {
    HttpReply reply = handler_.overloaded(HttpRequest{});
    const std::string head = http::responseHead(reply, /*keep_alive=*/false);
    iovec parts[2] = {{const_cast<char*>(head.data()), head.size()},
                      {reply.body.data(), reply.body.size()}};
    [[maybe_unused]] ssize_t n = writev(fd, parts, 2);
  }
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

void HttpServer::Loop::onEvent(HttpConnection& conn, uint32_t events) {
  using Phase = HttpConnection::Phase;
  const uint64_t id = conn.id;
  const bool readable = events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR);
  if (conn.phase == Phase::kHandshake) {
    if (events & EPOLLOUT) conn.may_write = true;
    if (readable) conn.may_read = true;
    continueHandshake(conn);
    return;
  }
  if (events & EPOLLOUT) {
    conn.may_write = true;
    if (conn.phase == Phase::kWriting) flush(conn);
  }
  HttpConnection* still = find(id);
  if (!still) return;
  if (readable) {
    still->may_read = true;
    if (still->phase == Phase::kWriting && still->write_needs_readable) {
      flush(*still);
      still = find(id);
      if (!still) return;
    }
    readAndParse(*still);
  } else if ((events & EPOLLOUT) && still->read_needs_writable) {
    readAndParse(*still);
  }
}

void HttpServer::Loop::continueHandshake(HttpConnection& conn) {
  if (!conn.may_read && !conn.may_write) return;
  const TlsIo io = conn.tls->handshake();
  switch (io.status) {
    case TlsIo::kDone:
      ++stats_.tls_handshakes;
      conn.client_certificate = conn.tls->peerCertificate();
      conn.phase = HttpConnection::Phase::kIdle;
      conn.phase_since_ms = loopNowMs();
      // The client's first request may already sit decrypted in the session: read once
      // whatever the socket said.
      conn.may_read = true;
      readAndParse(conn);
      return;
    case TlsIo::kWantRead:
      conn.may_read = false;
      return;
    case TlsIo::kWantWrite:
      conn.may_write = false;
      return;
    case TlsIo::kClosed:
    case TlsIo::kFailed:
      // No HTTP answer is possible without a session; OpenSSL has sent the alert it could.
      ++stats_.tls_handshake_failures;
      logHandshakeFailure(conn);
      close(conn);
      return;
  }
}

// An operator whose unit is refused needs the reason (revoked, unknown CA, old protocol); a
// scanner or a flood of bad handshakes must not flood the log, so one line a second at most.
void HttpServer::Loop::logHandshakeFailure(const HttpConnection& conn) {
  const int64_t now = loopNowMs();
  if (now - last_tls_log_ms_ < 1000) {
    ++tls_failures_unlogged_;
    return;
  }
  last_tls_log_ms_ = now;
  std::cerr << "renkei: TLS handshake with " << conn.peer << " failed: " << conn.tls->failure();
  if (tls_failures_unlogged_ > 0) {
    std::cerr << " (and " << tls_failures_unlogged_ << " more not logged)";
  }
  std::cerr << std::endl;
  tls_failures_unlogged_ = 0;
}

void HttpServer::Loop::sweep(int64_t now) {
  using Phase = HttpConnection::Phase;
  pool_->unstick();  // queued requests behind workers stuck in a wait nobody declared
  const int64_t idle_ms = static_cast<int64_t>(options_.idle_timeout_s) * 1000;
  std::vector<uint64_t> expired;
  for (auto& [id, conn] : conns_) {
    const int64_t age = now - conn->phase_since_ms;
    // A handshake gets the request deadline: it is the first part of the first request.
    const bool late = (conn->phase == Phase::kHandshake && age > options_.request_timeout_ms) ||
                      (conn->phase == Phase::kIdle && age > idle_ms) ||
                      (conn->phase == Phase::kReading && age > options_.request_timeout_ms) ||
                      (conn->phase == Phase::kWriting && age > idle_ms) ||
                      (conn->phase == Phase::kClosing && age > kLingerMs) ||
                      (conn->phase == Phase::kBusy && age > options_.max_queue_wait_ms &&
                       conn->pending && !conn->pending->claimed);
    if (late) expired.push_back(id);
  }
  for (uint64_t id : expired) {
    HttpConnection* conn = find(id);
    if (!conn) continue;
    if (conn->phase == Phase::kBusy) {
      if (conn->pending->claimed.exchange(true)) continue;  // a worker has it now
      ++stats_.overloaded;
      writeReply(*conn, handler_.overloaded(conn->pending->request), !conn->close_after_write);
      continue;
    }
    if (conn->phase == Phase::kReading) {
      ++stats_.request_timeouts;
      if (conn->parser.headersComplete()) {
        dispatchRefusal(*conn, FaultCode::kIncompleteRequest,
                        "the body was not complete within the request deadline of " +
                            std::to_string(options_.request_timeout_ms) +
                            " ms: " + bodyProgress(*conn));
      } else {
        writeReply(*conn,
                   http::plainReply(408, "the request was not complete within " +
                                             std::to_string(options_.request_timeout_ms) + " ms"),
                   false);
      }
      continue;
    }
    if (conn->phase == Phase::kHandshake) ++stats_.tls_handshake_timeouts;
    if (conn->phase == Phase::kIdle) ++stats_.idle_closed;
    close(*conn);
  }
}

template <typename Predicate>
void HttpServer::Loop::closeWhere(Predicate predicate) {
  std::vector<uint64_t> ids;
  for (auto& [id, conn] : conns_) {
    if (predicate(*conn)) ids.push_back(id);
  }
  for (uint64_t id : ids) {
    if (HttpConnection* conn = find(id)) close(*conn);
  }
}

void HttpServer::Loop::close(HttpConnection& conn) {
  conn.tls.reset();  // before the descriptor it uses is closed
  ::close(conn.fd);  // also leaves the epoll set: no other descriptor refers to the socket
  auto peer = per_peer_.find(conn.peer_ip);
  if (peer != per_peer_.end() && --peer->second <= 0) per_peer_.erase(peer);
  conns_.erase(conn.id);  // conn is gone after this line
  stats_.connections_open = static_cast<int64_t>(conns_.size());
}

}  // namespace renkei
