// HttpServer::Loop: reading and parsing requests, handing them to workers, writing replies.
#include <sys/socket.h>

#include <chrono>
#include <iostream>

#include "broker/core/soap_fault_writer.h"
#include "broker/core/soap_version.h"
#include "broker/server/connection_io.h"
#include "broker/server/http_response.h"
#include "broker/server/http_server_loop.h"

namespace renkei {
namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kMaxReadPerTurn = 1 << 20;  // then let other connections have a turn
constexpr std::size_t kKeepBufferBytes = 16 * 1024;

}  // namespace

HttpRequest HttpServer::Loop::requestFrom(http::Request&& parsed,
                                          const HttpConnection& conn) const {
  HttpRequest request;
  request.method = std::move(parsed.method);
  request.path = std::move(parsed.target);
  request.content_type = std::move(parsed.content_type);
  request.soap_action = std::move(parsed.soap_action);
  request.authorization = std::move(parsed.authorization);
  request.body = std::move(parsed.body);
  request.peer = conn.peer;
  request.peer_ip = conn.peer_ip;
  request.tls = conn.tls != nullptr;
  if (conn.client_certificate) {
    request.client_cert_sha256 = conn.client_certificate->sha256;
    request.client_cert_subject = conn.client_certificate->subject;
  }
  request.received_at = std::chrono::steady_clock::now();
  return request;
}

// Reads what is there (up to a fair share per turn) and acts on it. Not while a worker has the
// connection's request: pipelined bytes wait in the socket until the reply is out.
void HttpServer::Loop::readAndParse(HttpConnection& conn) {
  using Phase = HttpConnection::Phase;
  if (conn.phase == Phase::kBusy || conn.phase == Phase::kWriting ||
      conn.phase == Phase::kHandshake) {
    return;
  }
  // Bytes already here (pipelined requests) are taken up before more is read: a client that
  // pipelines and never reads its answers would otherwise have a turn's worth (1 MiB) piled up
  // in memory for every answer that still fits in its socket.
  if (!conn.in.empty() && conn.phase != Phase::kClosing && !parseAndDispatch(conn)) return;
  conn.read_needs_writable = false;
  char buffer[kReadChunk];
  std::size_t read_now = 0;
  while (conn.may_read && !conn.peer_closed) {
    const IoStep step = receiveSome(conn, buffer, sizeof buffer);
    if (step.kind == IoStep::kBytes) {
      read_now += step.bytes;
      // While closing, input is discarded: we are only waiting for the peer's end of stream.
      if (conn.phase != Phase::kClosing) conn.in.append(buffer, step.bytes);
      if (read_now >= kMaxReadPerTurn) {
        pending_reads_.push_back(conn.id);
        break;
      }
    } else if (step.kind == IoStep::kEnd) {
      conn.peer_closed = true;
    } else if (step.kind == IoStep::kNeedReadable) {
      conn.may_read = false;
    } else if (step.kind == IoStep::kNeedWritable) {
      conn.read_needs_writable = true;  // resumed by the next EPOLLOUT
      break;
    } else {
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
    conn.phase_since_ms = loopNowMs();
  }
  parseAndDispatch(conn);
}

bool HttpServer::Loop::parseAndDispatch(HttpConnection& conn) {
  using Status = http::RequestParser::Status;
  if (conn.in.empty()) {
    if (conn.peer_closed) {
      close(conn);
      return false;
    }
    return true;
  }
  const Status status = conn.parser.parse(conn.in);
  if (status == Status::kError) {
    if (conn.parser.errorStatus() == 413) {
      dispatchRefusal(conn, FaultCode::kMessageTooLarge, conn.parser.errorReason());
    } else {
      writeReply(conn, http::plainReply(conn.parser.errorStatus(), conn.parser.errorReason()),
                 false);
    }
    return false;
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
      return false;
    }
    if (conn.parser.headersComplete() && conn.parser.request().expect_continue &&
        !conn.continue_sent) {
      conn.continue_sent = true;
      sendContinue(conn);
    }
    return true;
  }
  const std::size_t used = conn.parser.consumed();
  http::Request& parsed = conn.parser.request();
  const bool keep_alive = parsed.keep_alive && !conn.peer_closed &&
                          conn.served + 1 < options_.max_keep_alive && accepting_;
  const std::string method = parsed.method;
  const std::string host = parsed.host;
  HttpRequest request = requestFrom(std::move(parsed), conn);
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
      return false;
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
  return false;
}

// Best effort: the caller sends its body anyway after a short wait if this is lost. Over TLS a
// write that does not complete must be finished before any other bytes, so what is left goes
// in front of the reply.
void HttpServer::Loop::sendContinue(HttpConnection& conn) {
  static constexpr char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
  constexpr std::size_t kSize = sizeof kContinue - 1;
  if (!conn.tls) {
    [[maybe_unused]] ssize_t n = ::send(conn.fd, kContinue, kSize, MSG_NOSIGNAL);
    return;
  }
  const IoStep step = sendSome(conn, kContinue, kSize, nullptr, 0);
  const std::size_t sent = step.kind == IoStep::kBytes ? step.bytes : 0;
  if (sent < kSize) conn.continue_unsent.assign(kContinue + sent, kSize - sent);
}

void HttpServer::Loop::dispatch(HttpConnection& conn, HttpRequest request, bool keep_alive) {
  // The worker is free again once the exchange's audit record is handed over; its reply comes
  // back when the record is settled (RequestHandler::handlePostThen).
  enqueue(conn, std::move(request), keep_alive,
          [this](HttpRequest& r, const RequestHandler::ReplyDone& done) {
            handler_.handlePostThen(std::move(r), done);
          });
}

std::string HttpServer::Loop::bodyProgress(const HttpConnection& conn) {
  const std::size_t have = conn.parser.bodyBytesIn(conn.in);
  if (conn.parser.contentLength() == 0) {
    return std::to_string(have) + " bytes of a chunked body";
  }
  return std::to_string(have) + " of the " + std::to_string(conn.parser.contentLength()) +
         " body bytes its Content-Length announced";
}

// A refusal decided by the engine; audited, so it runs on a worker like any exchange.
void HttpServer::Loop::dispatchRefusal(HttpConnection& conn, FaultCode code,
                                       const std::string& reason) {
  http::Request partial;
  const http::Request& seen = conn.parser.request();
  partial.method = seen.method;
  partial.target = seen.target;
  partial.content_type = seen.content_type;
  partial.soap_action = seen.soap_action;
  HttpRequest request = requestFrom(std::move(partial), conn);
  conn.in.clear();
  dispatchRefusal(conn, code, reason, std::move(request), /*keep_alive=*/false);
}

void HttpServer::Loop::dispatchRefusal(HttpConnection& conn, FaultCode code,
                                       const std::string& reason, HttpRequest request,
                                       bool keep_alive) {
  enqueue(conn, std::move(request), keep_alive,
          [this, code, reason](HttpRequest& r, const RequestHandler::ReplyDone& done) {
            HttpReply reply = handler_.refuse(code, reason, r);
            done(std::move(reply));
          });
}

// The pipeline turns a stage's exception into Server.Internal itself; this catches what escapes
// around it (the audit of a refusal, rendering a reply, memory), which would otherwise end the
// process from a worker thread. The caller gets the same fault; nothing more is known to audit.
template <typename Work>
void HttpServer::Loop::guardedWork(HttpRequest& request, Work& work,
                                   const RequestHandler::ReplyDone& done) {
  const SoapVersion version =
      soapVersionForContentType(request.content_type).value_or(SoapVersion::k11);
  std::string what;
  try {
    work(request, done);  // throws only before it calls done
    return;
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "an exception of unknown type";
  }
  std::cerr << "renkei: a request ended in an unexpected error, answered Server.Internal: " << what
            << std::endl;
  done(soapFaultReply(
      version,
      faultOf(FaultCode::kInternal, "an unexpected broker error; the exchange was not completed"),
      ""));
}

// Hands the request to the pool. The connection waits in kBusy; if no worker has claimed the
// request within max_queue_wait_ms, sweep() answers Server.Overloaded itself, so a caller's
// wait is bounded even while every worker is stuck.
template <typename Work>
void HttpServer::Loop::enqueue(HttpConnection& conn, HttpRequest request, bool keep_alive,
                               Work work) {
  conn.phase = HttpConnection::Phase::kBusy;
  conn.phase_since_ms = loopNowMs();
  conn.close_after_write = !keep_alive;
  auto pending = std::make_shared<PendingRequest>(std::move(request));
  conn.pending = pending;
  const uint64_t id = conn.id;
  const bool taken = pool_->tryPush([this, id, pending, keep_alive, work] {
    if (pending->claimed.exchange(true)) return;  // the loop answered it already
    // Claimed: the loop reads a pending request only while it is unclaimed (sweep), so the
    // work may take it over instead of copying its body.
    replies_->expect();
    const RequestHandler::ReplyDone done = [replies = replies_, id, keep_alive](HttpReply reply) {
      replies->deliver(id, std::move(reply), keep_alive);
    };
    guardedWork(pending->request, work, done);
  });
  if (!taken) {
    pending->claimed = true;
    ++stats_.overloaded;
    writeReply(conn, handler_.overloaded(pending->request), keep_alive);
  }
}

// From worker threads.
void HttpServer::Loop::complete(uint64_t id, HttpReply reply, bool keep_alive) {
  bool was_empty;
  {
    std::lock_guard lock(done_mutex_);
    was_empty = done_.empty();
    done_.push_back(Completion{id, std::move(reply), keep_alive});
  }
  if (was_empty) wake();
}

void HttpServer::Loop::drainCompletions() {
  std::vector<Completion> done;
  {
    std::lock_guard lock(done_mutex_);
    done.swap(done_);
  }
  for (Completion& c : done) {
    if (HttpConnection* conn = find(c.id)) writeReply(*conn, std::move(c.reply), c.keep_alive);
  }
}

void HttpServer::Loop::writeReply(HttpConnection& conn, HttpReply reply, bool keep_alive) {
  conn.pending.reset();
  conn.out_head = std::move(conn.continue_unsent) + http::responseHead(reply, keep_alive);
  conn.continue_unsent.clear();
  conn.out_body = std::move(reply.body);
  if (conn.tls && conn.out_body.size() <= 64 * 1024) {
    // One buffer: head and body then share TLS records instead of the head going alone.
    conn.out_head += conn.out_body;
    conn.out_body.clear();
  }
  conn.out_sent = 0;
  conn.close_after_write = !keep_alive;
  conn.phase = HttpConnection::Phase::kWriting;
  conn.phase_since_ms = loopNowMs();
  flush(conn);
}

void HttpServer::Loop::flush(HttpConnection& conn) {
  conn.write_needs_readable = false;
  const std::size_t total = conn.out_head.size() + conn.out_body.size();
  while (conn.out_sent < total && conn.may_write) {
    IoStep step;
    if (conn.out_sent < conn.out_head.size()) {
      step =
          sendSome(conn, conn.out_head.data() + conn.out_sent, conn.out_head.size() - conn.out_sent,
                   conn.out_body.data(), conn.out_body.size());
    } else {
      const std::size_t at = conn.out_sent - conn.out_head.size();
      step = sendSome(conn, nullptr, 0, conn.out_body.data() + at, conn.out_body.size() - at);
    }
    if (step.kind == IoStep::kBytes) {
      conn.out_sent += step.bytes;
    } else if (step.kind == IoStep::kNeedWritable) {
      conn.may_write = false;
    } else if (step.kind == IoStep::kNeedReadable) {
      conn.write_needs_readable = true;  // resumed by the next EPOLLIN
      return;
    } else {
      close(conn);
      return;
    }
  }
  if (conn.out_sent == total) finishWrite(conn);
}

void HttpServer::Loop::finishWrite(HttpConnection& conn) {
  // A large answer must not stay allocated for the life of an idle keep-alive connection.
  std::string().swap(conn.out_body);
  std::string().swap(conn.out_head);
  if (conn.in.empty() && conn.in.capacity() > kKeepBufferBytes) std::string().swap(conn.in);
  conn.parser.reset();
  conn.continue_sent = false;
  conn.phase_since_ms = loopNowMs();
  if (conn.close_after_write) {
    // Half-close and read until the peer closes: closing with unread input would reset the
    // connection, and the peer might lose the reply it has not read yet.
    shutdownWrite(conn);
    conn.phase = HttpConnection::Phase::kClosing;
    conn.in.clear();
    readAndParse(conn);
    return;
  }
  conn.phase = conn.in.empty() ? HttpConnection::Phase::kIdle : HttpConnection::Phase::kReading;
  // The next request is taken up by the loop's next turn, not from here: a reply the loop wrote
  // itself (GET, a refusal) is finished inside parseAndDispatch, and calling back into it would
  // nest one level per pipelined request (5,000 overflowed the stack). The turn also lets every
  // other connection's events in between.
  if (!conn.in.empty() || conn.may_read || conn.peer_closed) pending_reads_.push_back(conn.id);
}

}  // namespace renkei
