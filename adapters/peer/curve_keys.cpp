#include "adapters/peer/curve_keys.h"

#include <zmq.h>

#include <stdexcept>

namespace renkei::peer {

CurveKeyPair generateCurveKeyPair() {
  char public_key[41] = {};
  char secret_key[41] = {};
  if (zmq_curve_keypair(public_key, secret_key) != 0) {
    throw std::runtime_error(std::string("cannot make a CURVE key pair: ") +
                             zmq_strerror(zmq_errno()));
  }
  return {public_key, secret_key};
}

bool isCurveKeyZ85(const std::string& text) {
  if (text.size() != 40) return false;
  uint8_t bytes[32];
  return zmq_z85_decode(bytes, text.c_str()) != nullptr;
}

std::optional<std::string> curvePublicOf(const std::string& secret) {
  if (!isCurveKeyZ85(secret)) return std::nullopt;
  char public_key[41] = {};
  if (zmq_curve_public(public_key, secret.c_str()) != 0) return std::nullopt;
  return std::string(public_key);
}

std::string z85OfKeyBytes(const std::string& bytes) {
  if (bytes.size() != 32) return "";
  char text[41] = {};
  if (!zmq_z85_encode(text, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())) {
    return "";
  }
  return text;
}

}  // namespace renkei::peer
