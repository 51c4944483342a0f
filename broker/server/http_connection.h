#pragma once
// One client connection as the event loop sees it: what was read and not yet used, the request
// being parsed, the reply being written, and when the current phase began (for its deadline).
// Owned and touched only by the loop thread. Bytes move through connection_io.h, in the clear
// or through the connection's TLS session.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "broker/core/exchange.h"

#include "broker/server/http_request_parser.h"
#include "broker/tls/peer_certificate.h"
#include "broker/tls/tls_session.h"

namespace renkei {

// A whole request handed to the worker pool. Whoever claims it first answers it: a worker that
// takes it from the queue, or the loop once it has waited in the queue past its bound.
struct PendingRequest {
  explicit PendingRequest(HttpRequest r) : request(std::move(r)) {}
  HttpRequest request;
  std::atomic<bool> claimed{false};
};

struct HttpConnection {
  enum class Phase {
    kHandshake,  // TLS handshake in progress: whole-request deadline
    kIdle,       // keep-alive, no byte of the next request yet: idle timeout
    kReading,    // part of a request received: whole-request deadline
    kBusy,       // a worker has the request; the loop does not read meanwhile
    kWriting,    // the reply is going out: send deadline
    kClosing,    // reply sent, write side shut; reading what the peer still sends, then close
  };

  HttpConnection(int fd, uint64_t id, std::string peer_ip, std::string peer,
                 http::ParserLimits limits)
      : fd(fd), id(id), peer_ip(std::move(peer_ip)), peer(std::move(peer)), parser(limits) {}

  int fd;
  uint64_t id;
  std::string peer_ip;  // for the per-peer connection cap
  std::string peer;     // "127.0.0.1:54321"
  Phase phase = Phase::kIdle;
  int64_t phase_since_ms = 0;
  int served = 0;  // requests answered on this connection

  std::unique_ptr<TlsSession> tls;                    // null on a plain listener
  std::optional<PeerCertificate> client_certificate;  // verified, once the handshake is done
  std::string continue_unsent;  // TLS: part of "100 Continue" still to go before the reply

  std::string in;  // received bytes not yet consumed by a request
  http::RequestParser parser;
  bool continue_sent = false;               // "100 Continue" already sent for this request
  std::shared_ptr<PendingRequest> pending;  // while kBusy

  std::string out_head;
  std::string out_body;
  std::size_t out_sent = 0;  // bytes of head + body written
  bool close_after_write = false;

  // Edge-triggered epoll: whether the socket may have data to read / room to write since the
  // last EAGAIN.
  bool may_read = true;
  bool may_write = true;
  bool peer_closed = false;  // read returned end-of-stream
  // TLS can need the other direction: a read that must first write, or a write that must
  // first read. The event that unblocks it then resumes the operation that was stopped.
  bool read_needs_writable = false;
  bool write_needs_readable = false;
};

}  // namespace renkei
