#pragma once
// A LinkSnapshot with the primary's Ed25519 signature over its payload: what travels between
// brokers and what each follower keeps on disk. The key is the kind the audit checkpoints use
// (`renkei audit keygen`): the primary holds the private half, each follower's configuration
// names the public half, so a peer, or anyone on the line, cannot make a follower authorize a
// link the primary did not sign.
#include <optional>
#include <string>
#include <string_view>

#include "broker/audit/checkpoint_key.h"
#include "broker/registry/link_snapshot.h"

namespace renkei {

struct SignedLinkSnapshot {
  std::string payload;    // linkSnapshotPayload(), exactly as signed
  std::string key_id;     // SHA-256 hex of the signer's raw public key
  std::string signature;  // hex Ed25519 over payload
};

SignedLinkSnapshot signLinkSnapshot(const LinkSnapshot& snapshot, const CheckpointSigner& signer);

// The bytes on the wire and in the follower's file, and back (nullopt and `error` when they are
// not a signed snapshot at all; the signature is not checked here).
std::string encodeSignedLinkSnapshot(const SignedLinkSnapshot& signed_snapshot);
std::optional<SignedLinkSnapshot> decodeSignedLinkSnapshot(std::string_view bytes,
                                                           std::string* error);

// The snapshot, when `verifier` checks the signature and the payload parses; otherwise nullopt
// and `error` says which.
std::optional<LinkSnapshot> verifyLinkSnapshot(const SignedLinkSnapshot& signed_snapshot,
                                               const CheckpointVerifier& verifier,
                                               std::string* error);

}  // namespace renkei
