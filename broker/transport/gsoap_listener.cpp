#include "broker/transport/gsoap_listener.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <iostream>
#include <stdexcept>
#include <vector>

#include "broker/core/thread_name.h"
#include "broker/transport/request_arrival.h"
#include "stdsoap2.h"

// Defined in gsoap_namespaces.cpp from soapcpp2's output (the renkei_gsoap_runtime objects).
extern SOAP_NMAC struct Namespace namespaces[];

namespace renkei {
namespace {

// gSOAP keeps what it allocates for a context (faults it set, e.g. on an accept timeout) until
// soap_destroy/soap_end; soap_free alone would leak them.
void release(struct soap* context) {
  soap_destroy(context);
  soap_end(context);
  soap_free(context);
}

void closeAndRelease(struct soap* conn) {
  soap_force_closesock(conn);
  release(conn);
}

}  // namespace

void ConnectionServer::refuseOverloaded(struct soap*) {}
void ConnectionServer::forgetConnection(struct soap*) {}
std::string_view ConnectionServer::readAhead(struct soap*) const { return {}; }

bool ConnectionServer::midRequest(struct soap* conn) const { return !readAhead(conn).empty(); }

bool requestWaiting(struct soap* conn) {
  if (conn->bufidx < conn->buflen) return true;  // pipelined, already read by gSOAP
  pollfd fd{conn->socket, POLLIN, 0};
  return ::poll(&fd, 1, 0) > 0;
}

int sendHttpReply(struct soap* conn, const HttpReply& reply) {
  conn->http_content = reply.content_type.c_str();
  // Buffer the whole body so gSOAP can announce Content-Length and keep the connection alive.
  conn->omode = (conn->omode & ~SOAP_IO) | SOAP_IO_STORE;
  const int status = reply.status == 200 ? SOAP_FILE : SOAP_FILE + reply.status;
  if (soap_response(conn, status) || soap_send_raw(conn, reply.body.data(), reply.body.size()) ||
      soap_end_send(conn)) {
    return conn->error;
  }
  return SOAP_OK;
}

GsoapListener::GsoapListener(GsoapListenerOptions options, ConnectionServer& server)
    : options_(std::move(options)), server_(server) {}

GsoapListener::~GsoapListener() { stop(); }

void GsoapListener::start() {
  listener_ = soap_new1(SOAP_IO_KEEPALIVE | options_.soap_mode);
  soap_set_namespaces(listener_, namespaces);
  listener_->bind_flags = SO_REUSEADDR;
  // The poller calls soap_accept only when the listening socket is readable; the timeout keeps
  // a connection reset in between from blocking it.
  listener_->accept_timeout = -100000;  // microseconds
  listener_->max_keep_alive = options_.max_keep_alive;
  listener_->recv_timeout = options_.idle_timeout_s;
  listener_->send_timeout = options_.idle_timeout_s;
  listener_->recv_maxlength = options_.max_body_bytes;
  listener_->transfer_timeout = options_.request_deadline_s;
  // A peer gone before its answer is written must not raise SIGPIPE in whatever process hosts
  // the listener (`renkei serve` ignores it; a test binary or another host may not).
  listener_->socket_flags = MSG_NOSIGNAL;
  if (!soap_valid_socket(
          soap_bind(listener_, options_.host.c_str(), options_.port, options_.backlog))) {
    std::string why =
        options_.name + " cannot listen on " + options_.host + ":" + std::to_string(options_.port);
    const char* detail = soap_fault_string(listener_);
    if (detail) why += std::string(": ") + detail;
    release(listener_);
    listener_ = nullptr;
    throw std::runtime_error(why);
  }
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  getsockname(listener_->master, reinterpret_cast<sockaddr*>(&addr), &len);
  bound_port_ = addr.ss_family == AF_INET6
                    ? ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port)
                    : ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) {
    release(listener_);
    listener_ = nullptr;
    throw std::runtime_error(options_.name + ": eventfd failed");
  }
  running_ = true;
  // "admin listener" names its threads admin-serve and admin-poll.
  const std::string prefix = options_.name.substr(0, options_.name.find(' '));
  for (int i = 0; i < options_.worker_threads; ++i) {
    workers_.push_back(namedThread(prefix + "-serve", [this] { workerLoop(); }));
  }
  poller_ = namedThread(prefix + "-poll", [this] { pollLoop(); });
}

void GsoapListener::stop() {
  if (!running_.exchange(false)) return;
  ready_.notify_all();
  wakePoller();
  {
    // A worker reading the rest of a request would wait for the idle timeout; end the reading
    // side so it sees end-of-stream at once. A request already being handled still gets its
    // reply.
    std::lock_guard lock(mutex_);
    for (struct soap* conn : serving_) ::shutdown(conn->socket, SHUT_RD);
  }
  if (poller_.joinable()) poller_.join();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
  for (const Parked& idle : parked_) close(idle.conn);
  parked_.clear();
  for (struct soap* conn : queue_) close(conn);
  queue_.clear();
  for (struct soap* conn : returned_) close(conn);
  returned_.clear();
  ::close(wake_fd_);
  wake_fd_ = -1;
  release(listener_);
  listener_ = nullptr;
}

void GsoapListener::wakePoller() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

void GsoapListener::close(struct soap* conn) {
  server_.forgetConnection(conn);
  closeAndRelease(conn);
}

void GsoapListener::pollLoop() {
  std::vector<pollfd> fds;
  const auto idle_limit = std::chrono::seconds(options_.idle_timeout_s);
  const auto request_limit = std::chrono::seconds(options_.request_deadline_s);
  while (running_) {
    fds.clear();
    // Out of descriptors, the listening socket stays readable: leave it out for a moment
    // instead of spinning on it (idle connections closing or the cap free some).
    const bool accepting = std::chrono::steady_clock::now() >= accept_paused_until_;
    fds.push_back({listener_->master, static_cast<short>(accepting ? POLLIN : 0), 0});
    fds.push_back({wake_fd_, POLLIN, 0});
    for (const Parked& idle : parked_) fds.push_back({idle.conn->socket, POLLIN | POLLRDHUP, 0});
    // 100 ms at most, so the idle timeout is kept to within that.
    if (::poll(fds.data(), fds.size(), 100) < 0) continue;  // EINTR
    if (!running_) return;
    // Connections with bytes waiting go to the workers; idle ones past the limit are closed.
    const auto now = std::chrono::steady_clock::now();
    std::vector<Parked> still_idle;
    still_idle.reserve(parked_.size());
    for (std::size_t i = 0; i < parked_.size(); ++i) {
      Parked& idle = parked_[i];
      const Arrival arrival =
          fds[i + 2].revents != 0 ? requestArrival(idle, fds[i + 2].revents, now) : Arrival::kPart;
      if (arrival == Arrival::kWhole) {
        dispatch(idle.conn);
      } else if (arrival == Arrival::kNever ||
                 now - idle.since >= (idle.partial ? request_limit : idle_limit)) {
        close(idle.conn);
      } else {
        still_idle.push_back(idle);
      }
    }
    parked_.swap(still_idle);
    if (fds[1].revents != 0) {
      std::uint64_t count;
      [[maybe_unused]] const ssize_t n = ::read(wake_fd_, &count, sizeof count);
      std::lock_guard lock(mutex_);
      // One whose next request has begun (read ahead by the server), or whose TLS handshake
      // waits for the client, waits under the request deadline, not the idle timeout.
      for (struct soap* conn : returned_) {
        parked_.push_back({conn, now, server_.midRequest(conn)});
      }
      returned_.clear();
    }
    if (fds[0].revents != 0) acceptOne();
    // Past the cap the longest idle goes first: a client that reused it would reconnect, a
    // flood of sockets that never speak cannot lock the listener.
    while (parked_.size() > static_cast<std::size_t>(options_.max_idle)) {
      close(parked_.front().conn);
      parked_.erase(parked_.begin());
    }
  }
}

namespace {

// Enough for any head gSOAP accepts and most admin requests' bodies; a bigger one goes to the
// worker when this much is there. It must stay under half the socket's receive buffer (gSOAP
// sets SO_RCVBUF to 64 KiB, the kernel doubles it): the kernel caps SO_RCVLOWAT there, and a
// low-water mark the buffer can never reach would wake poll at once, again and again.
constexpr std::size_t kPeekCap = 32 * 1024;

// What is known of the next request: `ahead` followed by what the socket holds (peeked).
struct PeekedRequest {
  ssize_t on_socket = 0;  // recv's answer: bytes peeked, 0 at end of stream, -1 if none
  int error = 0;          // recv's errno when on_socket is -1, kept before anything else runs
  std::size_t have = 0;   // ahead plus the bytes peeked
  std::size_t need = 0;   // wholeRequestBytes of those; 0 while the head is incomplete
};

PeekedRequest peekRequest(std::string_view ahead, int fd, std::vector<char>& buffer) {
  buffer.resize(ahead.size() + kPeekCap);
  std::copy(ahead.begin(), ahead.end(), buffer.begin());
  PeekedRequest peeked;
  peeked.on_socket = ::recv(fd, buffer.data() + ahead.size(), kPeekCap, MSG_PEEK | MSG_DONTWAIT);
  if (peeked.on_socket < 0) peeked.error = errno;
  peeked.have = ahead.size() + static_cast<std::size_t>(std::max<ssize_t>(peeked.on_socket, 0));
  peeked.need = wholeRequestBytes({buffer.data(), peeked.have}, ahead.size() + kPeekCap);
  return peeked;
}

}  // namespace

bool wholeRequestWaiting(std::string_view ahead, int fd) {
  std::vector<char> buffer;
  const PeekedRequest peeked = peekRequest(ahead, fd, buffer);
  return peeked.need != 0 && peeked.have >= peeked.need;
}

GsoapListener::Arrival GsoapListener::requestArrival(Parked& idle, short revents,
                                                     std::chrono::steady_clock::time_point now) {
  const bool ended = (revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
  if (!options_.wait_for_whole_request) return Arrival::kWhole;
  const int fd = idle.conn->socket;
  const std::string_view ahead = server_.readAhead(idle.conn);
  const PeekedRequest peeked = peekRequest(ahead, fd, peeked_);
  if (peeked.on_socket < 0 && peeked.error != EAGAIN && peeked.error != EINTR) {
    return Arrival::kNever;
  }
  if (peeked.on_socket < 0 && ahead.empty()) return ended ? Arrival::kNever : Arrival::kPart;
  if (peeked.on_socket == 0) return Arrival::kNever;  // closed between requests, or mid-request
  if (peeked.need != 0 && peeked.have >= peeked.need) {
    if (idle.partial) {
      const int one = 1;
      ::setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &one, sizeof one);
    }
    return Arrival::kWhole;  // even after the client's end of stream: it may await the answer
  }
  // The rest can never come: gSOAP would take the end of stream for the end of the headers and
  // answer a request nobody finished (a slowloris that gave up got the inventory page).
  if (ended) return Arrival::kNever;
  // Level-triggered poll would report the bytes already there at once, again and again: ask
  // the kernel to wake us only when more than that (or the whole body) is in. The mark counts
  // socket bytes only: what the server read ahead is no longer there.
  const std::size_t on_socket = peeked.have - ahead.size();
  const std::size_t wanted = peeked.need != 0 ? peeked.need - ahead.size() : on_socket + 1;
  const int low_water = static_cast<int>(std::max<std::size_t>(wanted, 1));
  ::setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &low_water, sizeof low_water);
  if (!idle.partial) {
    idle.partial = true;
    idle.since = now;  // the whole-request deadline runs from its first byte
  }
  return Arrival::kPart;
}

void GsoapListener::acceptOne() {
  if (!soap_valid_socket(soap_accept(listener_))) {
    // A connection reset before accept needs nothing; running out of descriptors needs a pause.
    const int error = listener_->errnum != 0 ? listener_->errnum : errno;
    if (error == EMFILE || error == ENFILE) {
      accept_paused_until_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
      if (!out_of_descriptors_) {  // once per shortage, not every 100 ms
        std::cerr << "renkei: " << options_.name
                  << ": out of file descriptors; new connections wait in the backlog" << std::endl;
      }
      out_of_descriptors_ = true;
    }
    return;
  }
  out_of_descriptors_ = false;
  struct soap* conn = soap_copy(listener_);
  if (!conn) {
    soap_force_closesock(listener_);
    return;
  }
  listener_->socket = SOAP_INVALID_SOCKET;  // the copy owns the socket now
  // Not handed to a worker before its first byte: a browser's speculative second socket, or a
  // port scanner, would otherwise hold one for the whole idle timeout.
  parked_.push_back({conn, std::chrono::steady_clock::now()});
}

void GsoapListener::dispatch(struct soap* conn) {
  std::unique_lock lock(mutex_);
  if (static_cast<int>(queue_.size()) >= options_.queue_capacity) {
    lock.unlock();
    server_.refuseOverloaded(conn);
    close(conn);
    return;
  }
  queue_.push_back(conn);
  lock.unlock();
  ready_.notify_one();
}

void GsoapListener::workerLoop() {
  while (true) {
    struct soap* conn = nullptr;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return !running_ || !queue_.empty(); });
      if (!running_) return;
      conn = queue_.front();
      queue_.pop_front();
      serving_.insert(conn);
    }
    const AfterServing after = server_.serveConnection(conn, *this);
    {
      // Leave serving_ before closing, so stop() never shuts down a reused descriptor.
      std::lock_guard lock(mutex_);
      serving_.erase(conn);
      if (after == AfterServing::kPark && running_) {
        returned_.push_back(conn);
        conn = nullptr;
      }
    }
    if (conn == nullptr) {
      wakePoller();
    } else {
      close(conn);
    }
  }
}

}  // namespace renkei
