#pragma once
// Hex and SHA-256 helpers shared by the exchange's body digests (core), the audit chain and the
// archive. Here, in core, so the pipeline can digest a body without depending on the audit trail.
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace renkei {

// Lowercase hex of raw bytes, and back (nullopt for odd length or a non-hex digit).
std::string hexEncode(std::string_view bytes);
std::optional<std::string> hexDecode(std::string_view hex);

// Appends "<decimal length>:<bytes>;": a field that cannot bleed into its neighbour, so a
// sequence of them serializes no two different inputs alike (the chain hash, the archive's
// associated data).
void appendLengthPrefixed(std::string& out, std::string_view value);

// SHA-256 of arbitrary bytes, raw.
using Sha256 = std::array<unsigned char, 32>;
Sha256 sha256(std::string_view data);

// Lowercase hex SHA-256 of arbitrary bytes (used for request/response body digests).
std::string sha256Hex(std::string_view data);

}  // namespace renkei
