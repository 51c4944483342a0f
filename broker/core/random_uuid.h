#pragma once
// Random (version 4, RFC 4122) UUIDs: message ids the broker and its adapters make, ids of
// records, receipts. One generator, from OpenSSL's CSPRNG, so none is ever made from a buffer
// the random source failed to fill.
#include <string>

namespace renkei {

// "3f2b8c1e-9d4a-4c6b-8e21-7a5f0c9d1b34". Throws std::runtime_error when no random bytes.
std::string newRandomUuid();

}  // namespace renkei
