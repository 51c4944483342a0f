// The peer listener's answer to a registry snapshot fetch (docs/federation.md, "Registry
// snapshot"). Apart from peer_listener.cpp: it is a second, much smaller conversation on the
// same socket, answered on the I/O thread because it only hands out bytes already signed.
#include <iostream>

#include <zmq_addon.hpp>

#include "adapters/peer/peer_listener.h"
#include "adapters/peer/snapshot_frames.h"

namespace renkei::peer {

void PeerListener::answerSnapshot(const std::string& routing_id, const std::string& peer,
                                  const std::vector<std::string>& frames) {
  std::string error;
  auto nonce = decodeSnapshotRequest(frames, &error);
  if (!nonce) {
    std::cerr << "renkei: peer listener: dropped a malformed message from peer " << peer << ": "
              << error << "\n";
    return;
  }
  SnapshotReply answer;
  answer.nonce = *nonce;
  std::optional<std::string> held = settings_.snapshot ? settings_.snapshot() : std::nullopt;
  if (held) {
    answer.status = kSnapshotStatusOk;
    answer.bytes = std::move(*held);
  } else {
    answer.status = kSnapshotStatusNone;
    answer.bytes = settings_.snapshot ? "it has not signed one yet"
                                      : "it is not the federation's registry primary";
  }
  std::vector<zmq::const_buffer> parts;
  parts.push_back(zmq::buffer(routing_id));
  const Frames reply = encodeSnapshotReply(answer);
  for (const std::string& f : reply) parts.push_back(zmq::buffer(f));
  zmq::send_multipart(socket_, parts, zmq::send_flags::dontwait);
}

}  // namespace renkei::peer
