#pragma once
// Moving bytes on one connection of the event loop, in the clear or through its TLS session,
// with one result vocabulary so the loop does not care which: progress, "wait until the socket
// is readable/writable", end of stream, or a broken connection.
#include <cstddef>

#include "broker/server/http_connection.h"

namespace renkei {

struct IoStep {
  enum Kind { kBytes, kNeedReadable, kNeedWritable, kEnd, kBroken };
  Kind kind = kBroken;
  std::size_t bytes = 0;
};

IoStep receiveSome(HttpConnection& conn, char* buffer, std::size_t size);

// Sends from `first` then `second` (a reply's head and body). Plain: one sendmsg over both.
// TLS: from the first non-empty part only; after kNeedReadable/kNeedWritable the caller must
// retry with the same unsent bytes, which it does by keeping its offsets.
IoStep sendSome(HttpConnection& conn, const char* first, std::size_t first_size, const char* second,
                std::size_t second_size);

// Ends our side: close_notify on TLS, then a TCP half-close.
void shutdownWrite(HttpConnection& conn);

}  // namespace renkei
