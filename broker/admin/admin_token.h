#pragma once
// Admin bearer tokens: 256 random bits, shown to their owner once and stored only as SHA-256.
// A fast hash is right here (unlike passwords): a random 256-bit token cannot be guessed from
// its hash however fast the hash is, and every admin request checks one.
#include <string>
#include <string_view>

namespace renkei::admin {

// 64 lowercase hex digits from the OpenSSL CSPRNG. Throws std::runtime_error if it fails.
std::string newAdminToken();
// The stored form: SHA-256 of the token as lowercase hex.
std::string adminTokenDigest(std::string_view token);
// Compares two digests in time independent of where they differ (CRYPTO_memcmp), so response
// times do not leak how much of a stored digest a guess matched.
bool sameDigest(std::string_view a, std::string_view b);

}  // namespace renkei::admin
