#pragma once
// HTTP/1.1 response heads for the unit-facing listener: status line, Content-Type,
// Content-Length, Connection and, for 503, Retry-After. The body is sent after the head as it is,
// without being copied into it.
#include <string>

#include "broker/core/exchange.h"

namespace renkei::http {

// "HTTP/1.1 200 OK\r\n...\r\n\r\n" for `reply`; `keep_alive` decides the Connection header.
std::string responseHead(const HttpReply& reply, bool keep_alive, int retry_after_s = 1);

const char* reasonPhrase(int status);

// A plain-text reply for refusals made before a request is understood as SOAP (malformed HTTP,
// wrong method, headers too large).
HttpReply plainReply(int status, std::string text);

}  // namespace renkei::http
