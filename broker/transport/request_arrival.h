#pragma once
// How much of an HTTP request has arrived, judged from the bytes waiting on a socket (peeked,
// not consumed). The admin listener's poller hands a plain-HTTP connection to a worker only once
// its whole request is there, so a client trickling its headers or body holds no worker.
// Deliberately loose: gSOAP parses the request for real; this only says when to stop waiting.
#include <cstddef>
#include <string_view>

namespace renkei {

// The number of bytes the whole request needs when `waiting` holds its start: the head through
// its blank line plus the Content-Length body. 0 while the head is incomplete. Never more than
// `cap`: a head or body larger than that goes to the worker once `cap` bytes are there (gSOAP
// refuses it or reads the rest under its whole-request deadline). A chunked body counts as
// whole with its head, for the same reason, and so does a body the client sends only after
// "100 Continue" (Expect).
std::size_t wholeRequestBytes(std::string_view waiting, std::size_t cap);

}  // namespace renkei
