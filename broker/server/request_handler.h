#pragma once
// What the HTTP engine calls for each request. The engine owns sockets, keep-alive, deadlines
// and threads; the handler owns meaning. Which thread calls what matters: the event loop must
// never block, so only handleGet and overloaded run on it.
#include <functional>
#include <string>

#include "broker/core/exchange.h"

namespace renkei {

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // A whole POST, on a worker thread. May block (forwarding, audit). The request is the
  // handler's: the engine hands it over rather than a copy of its body for each exchange.
  virtual HttpReply handlePost(HttpRequest request) = 0;
  // handlePost without holding the worker while the exchange's audit record is committed: `done`
  // gets the reply exactly once, on whichever thread settles it. When this throws, `done` has
  // not been called and never will be. The default answers from handlePost.
  using ReplyDone = std::function<void(HttpReply)>;
  virtual void handlePostThen(HttpRequest request, const ReplyDone& done) {
    HttpReply reply = handlePost(std::move(request));
    done(std::move(reply));
  }
  // On the event loop thread: must answer from memory or local files, quickly. path includes
  // the query string, e.g. "/services/IdoJohoShokai?wsdl"; host is the request's Host header
  // (used to publish addresses the caller can reach).
  virtual HttpReply handleGet(const std::string& path, const std::string& host) = 0;
  // A POST the engine refuses after reading what it could (kMessageTooLarge, kIncompleteRequest:
  // empty, short or late body), on a worker thread; the refusal is audited like any exchange.
  // `request` holds what arrived (headers, and the partial body).
  // `reason` says what was wrong in the caller's terms ("the body ended after 100 of 912 bytes").
  virtual HttpReply refuse(FaultCode code, const std::string& reason,
                           const HttpRequest& request) = 0;
  // On the event loop thread, when every worker is busy and the queue is full (or the request
  // waited in the queue past its bound). Must not block: no synchronous audit here.
  virtual HttpReply overloaded(const HttpRequest& request) = 0;
};

}  // namespace renkei
