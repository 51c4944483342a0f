#include "broker/server/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "broker/server/http_connection.h"
#include "broker/server/http_response.h"
#include "broker/server/listen_socket.h"
#include "broker/server/worker_pool.h"

namespace renkei {
namespace {

constexpr uint64_t kListenerId = 0;
constexpr uint64_t kWakeId = 1;
constexpr int kSweepIntervalMs = 50;
constexpr int kLingerMs = 2000;  // reading a closing peer's leftovers
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kMaxReadPerTurn = 1 << 20;  // then let other connections have a turn
constexpr std::size_t kKeepBufferBytes = 16 * 1024;

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

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

HttpRequest toHttpRequest(http::Request&& parsed, const std::string& peer) {
  HttpRequest request;
  request.method = std::move(parsed.method);
  request.path = std::move(parsed.target);
  request.content_type = std::move(parsed.content_type);
  request.soap_action = std::move(parsed.soap_action);
  request.body = std::move(parsed.body);
  request.peer = peer;
  request.received_at = std::chrono::steady_clock::now();
  return request;
}

}  // namespace

class HttpServer::Loop {
 public:
  Loop(const HttpServerOptions& options, RequestHandler& handler)
      : options_(options),
        handler_(handler),
        limits_{options.max_header_bytes, 100, options.max_body_bytes} {}

  ~Loop() {
    for (int fd : {listen_fd_, epoll_fd_, wake_fd_, spare_fd_}) {
      if (fd >= 0) ::close(fd);
    }
  }

  void start() {
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
    pool_ = std::make_unique<WorkerPool>(options_.worker_threads, options_.queue_capacity);
    accepting_ = running_ = true;
    thread_ = std::thread([this] { run(); });
  }

  void stop() {
    if (!thread_.joinable()) return;
    accepting_ = false;
    wake();
    pool_->stop();  // requests in hand finish; their replies reach the loop
    running_ = false;
    wake();
    thread_.join();
  }

  int port() const { return port_; }
  HttpServerStats& stats() { return stats_; }

 private:
  struct Completion {
    uint64_t id;
    HttpReply reply;
    bool keep_alive;
  };

  void add(int fd, uint64_t id, uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = id;
    epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  }

  void wake() {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
  }

  void run() {
    std::vector<epoll_event> events(512);
    int64_t last_sweep = nowMs();
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
          onEvent(*conn, events[i].events);
        }
      }
      std::vector<uint64_t> again;
      again.swap(pending_reads_);
      for (uint64_t id : again) {
        if (HttpConnection* conn = find(id)) readAndParse(*conn);
      }
      if (listening && !accepting_) {
        listening = false;
        epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
        ::close(listen_fd_);
        listen_fd_ = -1;
        closeWhere([](const HttpConnection& c) { return c.phase == HttpConnection::Phase::kIdle; });
      }
      const int64_t now = nowMs();
      if (now - last_sweep >= kSweepIntervalMs) {
        sweep(now);
        last_sweep = now;
      }
    }
    // The pool has stopped: every reply there will be is queued. Send what goes out at once.
    drainCompletions();
    closeWhere([](const HttpConnection&) { return true; });
  }

  HttpConnection* find(uint64_t id) {
    auto it = conns_.find(id);
    return it == conns_.end() ? nullptr : it->second.get();
  }

  void acceptAll() {
    while (accepting_) {
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE) {
          // Out of descriptors: free the spare one to take this caller off the backlog and tell
          // it so, instead of leaving it to wait or spinning on a listener that stays readable.
          ::close(spare_fd_);
          fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
          if (fd >= 0) refuseConnection(fd);
          spare_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
          continue;
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
      conn->phase_since_ms = nowMs();
      add(fd, id, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET);
      conns_.emplace(id, std::move(conn));
      ++stats_.connections_accepted;
      stats_.connections_open = static_cast<int64_t>(conns_.size());
    }
  }

  // Over a connection cap: the caller hears Server.Overloaded instead of a silent reset.
  void refuseConnection(int fd) {
    ++stats_.connections_refused;
    HttpReply reply = handler_.overloaded(HttpRequest{});
    const std::string head = http::responseHead(reply, /*keep_alive=*/false);
    iovec parts[2] = {{const_cast<char*>(head.data()), head.size()},
                      {reply.body.data(), reply.body.size()}};
    [[maybe_unused]] ssize_t n = writev(fd, parts, 2);
    ::shutdown(fd, SHUT_WR);
    ::close(fd);
  }

  void onEvent(HttpConnection& conn, uint32_t events) {
    const uint64_t id = conn.id;
    if (events & EPOLLOUT) {
      conn.may_write = true;
      if (conn.phase == HttpConnection::Phase::kWriting) flush(conn);
    }
    HttpConnection* still = find(id);
    if (!still) return;
    if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
      still->may_read = true;
      readAndParse(*still);
    }
  }

  // Reads what is there (up to a fair share per turn) and acts on it. Not while a worker has the
  // connection's request: pipelined bytes wait in the socket until the reply is out.
  void readAndParse(HttpConnection& conn) {
    using Phase = HttpConnection::Phase;
    if (conn.phase == Phase::kBusy || conn.phase == Phase::kWriting) return;
    char buffer[kReadChunk];
    std::size_t read_now = 0;
    while (conn.may_read && !conn.peer_closed) {
      const ssize_t n = ::recv(conn.fd, buffer, sizeof buffer, 0);
      if (n > 0) {
        read_now += static_cast<std::size_t>(n);
        // While closing, input is discarded: we are only waiting for the peer's end of stream.
        if (conn.phase != Phase::kClosing) conn.in.append(buffer, static_cast<std::size_t>(n));
        if (read_now >= kMaxReadPerTurn) {
          pending_reads_.push_back(conn.id);
          break;
        }
      } else if (n == 0) {
        conn.peer_closed = true;
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        conn.may_read = false;
      } else if (errno != EINTR) {
        close(conn);
        return;
      }
    }
    if (conn.phase == Phase::kClosing) {
      if (conn.peer_closed) close(conn);
      return;
    }
    if (!conn.in.empty() && conn.phase == Phase::kIdle) {
      conn.phase = Phase::kReading;
      conn.phase_since_ms = nowMs();
    }
    parseAndDispatch(conn);
  }

  void parseAndDispatch(HttpConnection& conn) {
    using Status = http::RequestParser::Status;
    if (conn.in.empty()) {
      if (conn.peer_closed) close(conn);
      return;
    }
    const Status status = conn.parser.parse(conn.in);
    if (status == Status::kError) {
      if (conn.parser.errorStatus() == 413) {
        dispatchRefusal(conn, FaultCode::kMessageTooLarge, conn.parser.errorReason());
      } else {
        writeReply(conn, http::plainReply(conn.parser.errorStatus(), conn.parser.errorReason()),
                   false);
      }
      return;
    }
    if (status == Status::kNeedMore) {
      if (conn.peer_closed) {
        // The caller ended its side before the request was whole: a short body is an exchange
        // attempt worth a fault and an audit record; a partial head is just a dropped line.
        if (conn.parser.headersComplete()) {
          dispatchRefusal(conn, FaultCode::kIncompleteRequest,
                          "the caller ended the connection after " + bodyProgress(conn));
        } else {
          close(conn);
        }
        return;
      }
      if (conn.parser.headersComplete() && conn.parser.request().expect_continue &&
          !conn.continue_sent) {
        conn.continue_sent = true;
        static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
        [[maybe_unused]] ssize_t n = ::send(conn.fd, kContinue, sizeof kContinue - 1, MSG_NOSIGNAL);
      }
      return;
    }
    const std::size_t used = conn.parser.consumed();
    http::Request& parsed = conn.parser.request();
    const bool keep_alive = parsed.keep_alive && !conn.peer_closed &&
                            conn.served + 1 < options_.max_keep_alive && accepting_;
    const std::string method = parsed.method;
    const std::string host = parsed.host;
    HttpRequest request = toHttpRequest(std::move(parsed), conn.peer);
    if (used >= conn.in.size()) {
      conn.in.clear();
    } else {
      conn.in.erase(0, used);
    }
    ++conn.served;
    ++stats_.requests;
    if (method == "POST") {
      if (request.body.empty()) {
        dispatchRefusal(conn, FaultCode::kIncompleteRequest, "the POST has no body",
                        std::move(request), keep_alive);
        return;
      }
      dispatch(conn, std::move(request), keep_alive);
    } else if (method == "GET") {
      writeReply(conn, handler_.handleGet(request.path, host), keep_alive);
    } else {
      writeReply(conn,
                 http::plainReply(405, "method " + method +
                                           " is not served: POST SOAP messages, "
                                           "GET descriptions"),
                 keep_alive);
    }
  }

  void dispatch(HttpConnection& conn, HttpRequest request, bool keep_alive) {
    enqueue(conn, std::move(request), keep_alive,
            [this](const HttpRequest& r) { return handler_.handlePost(r); });
  }

  static std::string bodyProgress(const HttpConnection& conn) {
    const std::size_t have = conn.parser.bodyBytesIn(conn.in);
    if (conn.parser.contentLength() == 0) {
      return std::to_string(have) + " bytes of a chunked body";
    }
    return std::to_string(have) + " of the " + std::to_string(conn.parser.contentLength()) +
           " body bytes its Content-Length announced";
  }

  // A refusal decided by the engine; audited, so it runs on a worker like any exchange.
  void dispatchRefusal(HttpConnection& conn, FaultCode code, const std::string& reason) {
    HttpRequest request;
    const http::Request& partial = conn.parser.request();
    request.method = partial.method;
    request.path = partial.target;
    request.content_type = partial.content_type;
    request.soap_action = partial.soap_action;
    request.peer = conn.peer;
    conn.in.clear();
    dispatchRefusal(conn, code, reason, std::move(request), /*keep_alive=*/false);
  }

  void dispatchRefusal(HttpConnection& conn, FaultCode code, const std::string& reason,
                       HttpRequest request, bool keep_alive) {
    enqueue(conn, std::move(request), keep_alive, [this, code, reason](const HttpRequest& r) {
      return handler_.refuse(code, reason, r);
    });
  }

  // Hands the request to the pool. The connection waits in kBusy; if no worker has claimed the
  // request within max_queue_wait_ms, sweep() answers Server.Overloaded itself, so a caller's
  // wait is bounded even while every worker is stuck.
  template <typename Work>
  void enqueue(HttpConnection& conn, HttpRequest request, bool keep_alive, Work work) {
    conn.phase = HttpConnection::Phase::kBusy;
    conn.phase_since_ms = nowMs();
    conn.close_after_write = !keep_alive;
    auto pending = std::make_shared<PendingRequest>(std::move(request));
    conn.pending = pending;
    const uint64_t id = conn.id;
    const bool taken = pool_->tryPush([this, id, pending, keep_alive, work] {
      if (pending->claimed.exchange(true)) return;  // the loop answered it already
      complete(id, work(pending->request), keep_alive);
    });
    if (!taken) {
      pending->claimed = true;
      ++stats_.overloaded;
      writeReply(conn, handler_.overloaded(pending->request), keep_alive);
    }
  }

  // From worker threads.
  void complete(uint64_t id, HttpReply reply, bool keep_alive) {
    bool was_empty;
    {
      std::lock_guard lock(done_mutex_);
      was_empty = done_.empty();
      done_.push_back(Completion{id, std::move(reply), keep_alive});
    }
    if (was_empty) wake();
  }

  void drainCompletions() {
    std::vector<Completion> done;
    {
      std::lock_guard lock(done_mutex_);
      done.swap(done_);
    }
    for (Completion& c : done) {
      if (HttpConnection* conn = find(c.id)) writeReply(*conn, std::move(c.reply), c.keep_alive);
    }
  }

  void writeReply(HttpConnection& conn, HttpReply reply, bool keep_alive) {
    conn.pending.reset();
    conn.out_head = http::responseHead(reply, keep_alive);
    conn.out_body = std::move(reply.body);
    conn.out_sent = 0;
    conn.close_after_write = !keep_alive;
    conn.phase = HttpConnection::Phase::kWriting;
    conn.phase_since_ms = nowMs();
    flush(conn);
  }

  void flush(HttpConnection& conn) {
    const std::size_t total = conn.out_head.size() + conn.out_body.size();
    while (conn.out_sent < total && conn.may_write) {
      iovec parts[2];
      int count = 0;
      if (conn.out_sent < conn.out_head.size()) {
        parts[count++] = {conn.out_head.data() + conn.out_sent,
                          conn.out_head.size() - conn.out_sent};
        parts[count++] = {conn.out_body.data(), conn.out_body.size()};
      } else {
        const std::size_t at = conn.out_sent - conn.out_head.size();
        parts[count++] = {conn.out_body.data() + at, conn.out_body.size() - at};
      }
      msghdr msg{};
      msg.msg_iov = parts;
      msg.msg_iovlen = count;
      const ssize_t n = sendmsg(conn.fd, &msg, MSG_NOSIGNAL);
      if (n >= 0) {
        conn.out_sent += static_cast<std::size_t>(n);
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        conn.may_write = false;
      } else if (errno != EINTR) {
        close(conn);
        return;
      }
    }
    if (conn.out_sent == total) finishWrite(conn);
  }

  void finishWrite(HttpConnection& conn) {
    // A large answer must not stay allocated for the life of an idle keep-alive connection.
    std::string().swap(conn.out_body);
    std::string().swap(conn.out_head);
    if (conn.in.empty() && conn.in.capacity() > kKeepBufferBytes) std::string().swap(conn.in);
    conn.parser.reset();
    conn.continue_sent = false;
    conn.phase_since_ms = nowMs();
    if (conn.close_after_write) {
      // Half-close and read until the peer closes: closing with unread input would reset the
      // connection, and the peer might lose the reply it has not read yet.
      ::shutdown(conn.fd, SHUT_WR);
      conn.phase = HttpConnection::Phase::kClosing;
      conn.in.clear();
      readAndParse(conn);
      return;
    }
    conn.phase = conn.in.empty() ? HttpConnection::Phase::kIdle : HttpConnection::Phase::kReading;
    if (!conn.in.empty() || conn.may_read || conn.peer_closed) readAndParse(conn);
  }

  void sweep(int64_t now) {
    using Phase = HttpConnection::Phase;
    const int64_t idle_ms = static_cast<int64_t>(options_.idle_timeout_s) * 1000;
    std::vector<uint64_t> expired;
    for (auto& [id, conn] : conns_) {
      const int64_t age = now - conn->phase_since_ms;
      const bool late = (conn->phase == Phase::kIdle && age > idle_ms) ||
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
      if (conn->phase == Phase::kIdle) ++stats_.idle_closed;
      close(*conn);
    }
  }

  template <typename Predicate>
  void closeWhere(Predicate predicate) {
    std::vector<uint64_t> ids;
    for (auto& [id, conn] : conns_) {
      if (predicate(*conn)) ids.push_back(id);
    }
    for (uint64_t id : ids) {
      if (HttpConnection* conn = find(id)) close(*conn);
    }
  }

  void close(HttpConnection& conn) {
    ::close(conn.fd);  // also leaves the epoll set: no other descriptor refers to the socket
    auto peer = per_peer_.find(conn.peer_ip);
    if (peer != per_peer_.end() && --peer->second <= 0) per_peer_.erase(peer);
    conns_.erase(conn.id);  // conn is gone after this line
    stats_.connections_open = static_cast<int64_t>(conns_.size());
  }

  const HttpServerOptions& options_;
  RequestHandler& handler_;
  const http::ParserLimits limits_;
  HttpServerStats stats_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int spare_fd_ = -1;
  int port_ = 0;
  uint64_t next_id_ = 2;
  std::unordered_map<uint64_t, std::unique_ptr<HttpConnection>> conns_;
  std::unordered_map<std::string, int> per_peer_;
  std::vector<uint64_t> pending_reads_;
  std::mutex done_mutex_;
  std::vector<Completion> done_;  // guarded by done_mutex_
  std::unique_ptr<WorkerPool> pool_;
  std::atomic<bool> accepting_{false};
  std::atomic<bool> running_{false};
  std::thread thread_;
};

HttpServer::HttpServer(HttpServerOptions options, RequestHandler& handler)
    : options_(std::move(options)), handler_(handler) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  loop_ = std::make_unique<Loop>(options_, handler_);
  loop_->start();
}

void HttpServer::stop() {
  if (loop_) loop_->stop();
}

int HttpServer::port() const { return loop_ ? loop_->port() : 0; }

const HttpServerStats& HttpServer::stats() const {
  static const HttpServerStats kNone;
  return loop_ ? loop_->stats() : kNone;
}

}  // namespace renkei
