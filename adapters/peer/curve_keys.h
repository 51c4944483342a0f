#pragma once
// CURVE key pairs in Z85 text (40 characters each), the form ZeroMQ's socket options, the
// configuration (curvePublicKey) and the key files of `renkei federation keygen` share.
#include <optional>
#include <string>

namespace renkei::peer {

struct CurveKeyPair {
  std::string public_key;  // Z85
  std::string secret_key;  // Z85
};

// A fresh key pair from libzmq (libsodium underneath). Throws std::runtime_error when libzmq
// was built without CURVE.
CurveKeyPair generateCurveKeyPair();

// True for 40 characters of Z85 that decode to a 32-byte key.
bool isCurveKeyZ85(const std::string& text);

// The public key of a Z85 secret key; nullopt when `secret` is not a key.
std::optional<std::string> curvePublicOf(const std::string& secret);

// The 32 bytes of a Z85 key as the ZAP handler receives them, back in Z85; "" if not 32 bytes.
std::string z85OfKeyBytes(const std::string& bytes);

}  // namespace renkei::peer
