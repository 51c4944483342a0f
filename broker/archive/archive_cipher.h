#pragma once
// AES-256-GCM (OpenSSL EVP) over an exchange's request and response bodies, bound to its
// metadata. A random 96-bit nonce per record: with one key, the chance of two records sharing a
// nonce stays below 2^-32 up to 2^32 records (NIST SP 800-38D), far beyond a year of traffic;
// rotate the key before that (docs/archive.md).
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "broker/archive/archive_key.h"
#include "broker/archive/archive_record.h"

namespace renkei::archive {

class ArchiveCipherError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OpenedRecord {
  std::string request;
  std::string response;
};

// The associated data: every metadata field, length-prefixed, so no two different metadata
// serialize alike. Independent of how a record is written to the file (archive_line.h).
std::string associatedData(const ArchiveMeta& meta);

// Seals `request` and `response` under `key`; `meta`'s sizes and key id are filled in here.
// Throws ArchiveCipherError when OpenSSL fails (no randomness, no memory).
SealedRecord seal(const ArchiveKey& key, ArchiveMeta meta, std::string_view request,
                  std::string_view response);

// The bodies, or nullopt when the record does not authenticate under `key`: a wrong key, or
// any changed byte of nonce, ciphertext, tag or metadata. Never returns unauthenticated bytes.
std::optional<OpenedRecord> unseal(const ArchiveKey& key, const SealedRecord& record);

}  // namespace renkei::archive
