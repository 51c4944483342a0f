#include "adapters/peer/peer_frames.h"

namespace renkei::peer {
namespace {

// Request: tag, correlation, message id, deadline, sender, receiver, service name, service
// version, content type, SOAPAction, body. Reply: tag, correlation, status, HTTP status, content
// type, reason, body. Integers are 8 bytes big-endian; the rest is UTF-8 or raw bytes.
constexpr std::size_t kRequestFrames = 11;
constexpr std::size_t kReplyFrames = 7;

std::string bigEndian(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

std::optional<uint64_t> fromBigEndian(const std::string& bytes) {
  if (bytes.size() != 8) return std::nullopt;
  uint64_t value = 0;
  for (unsigned char c : bytes) value = (value << 8) | c;
  return value;
}

bool fail(std::string* error, const std::string& what) {
  if (error) *error = what;
  return false;
}

// Every frame but the last (the body) is a short header field.
bool checkShape(const Frames& frames, std::size_t count, const char* tag,
                std::size_t max_body_bytes, std::string* error) {
  if (frames.size() != count) {
    return fail(error, "expected " + std::to_string(count) + " frames, got " +
                           std::to_string(frames.size()));
  }
  if (frames[0] != tag) return fail(error, "not a " + std::string(tag) + " message");
  for (std::size_t i = 1; i + 1 < frames.size(); ++i) {
    if (frames[i].size() > kMaxFieldBytes) {
      return fail(error, "frame " + std::to_string(i) + " is longer than a header field may be");
    }
  }
  if (frames.back().size() > max_body_bytes) return fail(error, "the body is too large");
  return true;
}

}  // namespace

Frames encodeRequest(uint64_t correlation, const PeerCall& call) {
  return {kRequestTag,       bigEndian(correlation),
          call.message_id,   bigEndian(static_cast<uint64_t>(call.deadline_unix_ms)),
          call.sender,       call.receiver,
          call.service_name, call.service_version,
          call.content_type, call.soap_action,
          call.body};
}

Frames encodeReply(uint64_t correlation, const PeerAnswer& answer) {
  return {kReplyTag,           bigEndian(correlation),
          answer.status,       std::to_string(answer.http_status),
          answer.content_type, answer.reason,
          answer.body};
}

std::optional<DecodedRequest> decodeRequest(const Frames& frames, std::size_t max_body_bytes,
                                            std::string* error) {
  if (!checkShape(frames, kRequestFrames, kRequestTag, max_body_bytes, error)) return std::nullopt;
  auto correlation = fromBigEndian(frames[1]);
  auto deadline = fromBigEndian(frames[3]);
  if (!correlation || !deadline) {
    fail(error, "correlation and deadline must be 8-byte integers");
    return std::nullopt;
  }
  DecodedRequest out;
  out.correlation = *correlation;
  out.call.message_id = frames[2];
  out.call.deadline_unix_ms = static_cast<int64_t>(*deadline);
  out.call.sender = frames[4];
  out.call.receiver = frames[5];
  out.call.service_name = frames[6];
  out.call.service_version = frames[7];
  out.call.content_type = frames[8];
  out.call.soap_action = frames[9];
  out.call.body = frames[10];
  if (out.call.deadline_unix_ms <= 0 || out.call.sender.empty() || out.call.receiver.empty() ||
      out.call.service_name.empty() || out.call.body.empty()) {
    fail(error, "deadline, sender, receiver, service and body are required");
    return std::nullopt;
  }
  return out;
}

std::optional<DecodedReply> decodeReply(const Frames& frames, std::size_t max_body_bytes,
                                        std::string* error) {
  if (!checkShape(frames, kReplyFrames, kReplyTag, max_body_bytes, error)) return std::nullopt;
  auto correlation = fromBigEndian(frames[1]);
  if (!correlation) {
    fail(error, "the correlation must be an 8-byte integer");
    return std::nullopt;
  }
  int http_status = 0;
  for (char c : frames[3]) {
    if (c < '0' || c > '9' || http_status > 999) {
      fail(error, "the HTTP status is not a number");
      return std::nullopt;
    }
    http_status = http_status * 10 + (c - '0');
  }
  if (frames[2].empty() || http_status < 100 || http_status > 599) {
    fail(error, "a reply needs a status and an HTTP status");
    return std::nullopt;
  }
  DecodedReply out;
  out.correlation = *correlation;
  out.answer.outcome = PeerAnswer::kAnswered;
  out.answer.status = frames[2];
  out.answer.http_status = http_status;
  out.answer.content_type = frames[4];
  out.answer.reason = frames[5];
  out.answer.body = frames[6];
  return out;
}

}  // namespace renkei::peer
