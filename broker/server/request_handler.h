#pragma once
// What the HTTP engine calls for each request. The engine owns sockets, keep-alive and threads;
// the handler owns meaning.
#include <string>

#include "broker/core/exchange.h"

namespace renkei {

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual HttpReply handlePost(const HttpRequest& request) = 0;
  // path includes the query string, e.g. "/services/IdoJohoShokai?wsdl"; host is the request's
  // Host header (used to publish addresses the caller can reach).
  virtual HttpReply handleGet(const std::string& path, const std::string& host) = 0;
  // Reply for a request the engine refuses before reading it fully: kOverloaded when every
  // worker is busy and the queue is full, kMessageTooLarge when the body exceeds the limit.
  virtual HttpReply refuse(FaultCode code) = 0;
};

}  // namespace renkei
