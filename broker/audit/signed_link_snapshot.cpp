#include "broker/audit/signed_link_snapshot.h"

namespace renkei {
namespace {

constexpr std::string_view kFormat = "renkei-signed-link-snapshot-v1\n";

std::optional<std::string_view> field(std::string_view bytes, std::size_t& at,
                                      std::string_view name) {
  const std::size_t end = bytes.find('\n', at);
  if (end == std::string_view::npos) return std::nullopt;
  const std::string_view line = bytes.substr(at, end - at);
  if (line.substr(0, name.size()) != name || line.substr(name.size(), 2) != ": ") {
    return std::nullopt;
  }
  at = end + 1;
  return line.substr(name.size() + 2);
}

}  // namespace

SignedLinkSnapshot signLinkSnapshot(const LinkSnapshot& snapshot, const CheckpointSigner& signer) {
  SignedLinkSnapshot out;
  out.payload = linkSnapshotPayload(snapshot);
  out.key_id = signer.keyId();
  out.signature = signer.sign(out.payload);
  return out;
}

std::string encodeSignedLinkSnapshot(const SignedLinkSnapshot& s) {
  std::string out(kFormat);
  out += "key-id: " + s.key_id + "\nsignature: " + s.signature + "\n\n";
  out += s.payload;
  return out;
}

std::optional<SignedLinkSnapshot> decodeSignedLinkSnapshot(std::string_view bytes,
                                                           std::string* error) {
  if (bytes.substr(0, kFormat.size()) != kFormat) {
    *error = "not a signed registry snapshot";
    return std::nullopt;
  }
  std::size_t at = kFormat.size();
  const auto key_id = field(bytes, at, "key-id");
  const auto signature = key_id ? field(bytes, at, "signature") : std::nullopt;
  if (!signature || at >= bytes.size() || bytes[at] != '\n') {
    *error = "the signed registry snapshot's key-id and signature lines are malformed";
    return std::nullopt;
  }
  SignedLinkSnapshot out;
  out.key_id = std::string(*key_id);
  out.signature = std::string(*signature);
  out.payload = std::string(bytes.substr(at + 1));
  return out;
}

std::optional<LinkSnapshot> verifyLinkSnapshot(const SignedLinkSnapshot& s,
                                               const CheckpointVerifier& verifier,
                                               std::string* error) {
  if (s.key_id != verifier.keyId()) {
    *error = "signed by key " + s.key_id.substr(0, 16) + "…, not by the primary's key " +
             verifier.keyId().substr(0, 16) + "…";
    return std::nullopt;
  }
  if (!verifier.verify(s.payload, s.signature)) {
    *error = "the signature does not match the snapshot (altered, or forged)";
    return std::nullopt;
  }
  return parseLinkSnapshotPayload(s.payload, error);
}

}  // namespace renkei
