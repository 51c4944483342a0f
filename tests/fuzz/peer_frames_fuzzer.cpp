// Fuzz target for the broker-to-broker frames (adapters/peer/peer_frames): what a peer, or
// anyone who got past CURVE with a stolen key, can send. The input is split into frames, each a
// 2-byte big-endian length and that many bytes. Replayed over corpus/peer_frames as an ordinary
// test; a libFuzzer binary with clang (-DRENKEI_FUZZ=ON).
#include <cstddef>
#include <cstdint>
#include <string>

#include "adapters/peer/peer_frames.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  renkei::peer::Frames frames;
  for (size_t at = 0; at + 2 <= size;) {
    const size_t length = (size_t{data[at]} << 8) | data[at + 1];
    at += 2;
    const size_t take = length < size - at ? length : size - at;
    frames.emplace_back(reinterpret_cast<const char*>(data + at), take);
    at += take;
  }
  std::string error;
  // Whatever decodes must encode back to the same frames.
  if (auto request = renkei::peer::decodeRequest(frames, 64 * 1024, &error)) {
    if (renkei::peer::encodeRequest(request->correlation, request->call) != frames) {
      __builtin_trap();
    }
  }
  if (auto reply = renkei::peer::decodeReply(frames, 64 * 1024, &error)) {
    const renkei::peer::Frames again = renkei::peer::encodeReply(reply->correlation, reply->answer);
    // The HTTP status may be written with leading zeros; everything else is kept as it was.
    if (again.size() != frames.size()) __builtin_trap();
    for (size_t i = 0; i < again.size(); ++i) {
      if (i != 3 && again[i] != frames[i]) __builtin_trap();
    }
  }
  return 0;
}
