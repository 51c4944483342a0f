#include "broker/admin/admin_token.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "broker/audit/audit_hash.h"

namespace renkei::admin {

std::string newAdminToken() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    throw std::runtime_error("cannot draw a random admin token (OpenSSL RAND_bytes failed)");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  token.reserve(2 * sizeof bytes);
  for (unsigned char byte : bytes) {
    token += kHex[byte >> 4];
    token += kHex[byte & 0x0F];
  }
  return token;
}

std::string adminTokenDigest(std::string_view token) { return sha256Hex(token); }

bool sameDigest(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // digests have one length; this leaks nothing
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace renkei::admin
