#pragma once
// The wire format between brokers: one ZeroMQ multipart message per request and per reply
// (docs/federation.md, "Frames"). Kept apart from the sockets so it is tested, and fuzzed, alone.
// Decoding treats every frame as untrusted: wrong counts, sizes or tags are errors, not asserts.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "broker/transport/peer_forwarder.h"

namespace renkei::peer {

inline constexpr const char* kRequestTag = "RENKEI-PEER/1 REQ";
inline constexpr const char* kReplyTag = "RENKEI-PEER/1 REP";
// Header fields (ids, unit names, content type) are short; anything longer is not ours.
inline constexpr std::size_t kMaxFieldBytes = 1024;

using Frames = std::vector<std::string>;

struct DecodedRequest {
  uint64_t correlation = 0;  // chosen by the sending broker, echoed in the reply
  PeerCall call;
};

struct DecodedReply {
  uint64_t correlation = 0;
  PeerAnswer answer;  // outcome kAnswered
};

Frames encodeRequest(uint64_t correlation, const PeerCall& call);
Frames encodeReply(uint64_t correlation, const PeerAnswer& answer);

// nullopt and `error` set when the frames are not a well-formed request / reply.
std::optional<DecodedRequest> decodeRequest(const Frames& frames, std::size_t max_body_bytes,
                                            std::string* error);
std::optional<DecodedReply> decodeReply(const Frames& frames, std::size_t max_body_bytes,
                                        std::string* error);

}  // namespace renkei::peer
