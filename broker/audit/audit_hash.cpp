#include "broker/audit/audit_hash.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace renkei {

namespace {

// Bump when the canonical serialization changes, so old and new hashes can never be confused.
constexpr std::string_view kChainFormat = "renkei-audit-v1";

std::string toHex(const unsigned char* bytes, unsigned int length) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kDigits[bytes[i] >> 4]);
    hex.push_back(kDigits[bytes[i] & 0x0f]);
  }
  return hex;
}

// "<decimal length>:<bytes>;" — a netstring-like field that cannot bleed into its neighbour.
void appendField(std::string& out, std::string_view value) {
  out.append(std::to_string(value.size()));
  out.push_back(':');
  out.append(value);
  out.push_back(';');
}

}  // namespace

std::string sha256Hex(std::string_view data) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1) {
    throw std::runtime_error("SHA-256 digest failed (OpenSSL EVP)");
  }
  return toHex(digest, length);
}

std::string chainHash(const AuditRecord& r) {
  std::string canonical;
  canonical.reserve(512);
  appendField(canonical, kChainFormat);
  appendField(canonical, std::to_string(r.seq));
  appendField(canonical, r.time);
  appendField(canonical, r.message_id);
  appendField(canonical, r.sender);
  appendField(canonical, r.receiver);
  appendField(canonical, r.service);
  appendField(canonical, r.purpose);
  // An absent link id and link id 0 must hash differently, hence the marker.
  appendField(canonical, r.link_id ? "L" + std::to_string(*r.link_id) : std::string());
  appendField(canonical, r.outcome);
  appendField(canonical, r.fault_code);
  appendField(canonical, std::to_string(r.latency_us));
  appendField(canonical, r.request_sha256);
  appendField(canonical, r.response_sha256);
  appendField(canonical, r.prev_hash);
  return sha256Hex(canonical);
}

}  // namespace renkei
