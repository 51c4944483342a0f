#include "broker/archive/archive_key.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <string_view>

#include "broker/audit/audit_hash.h"

namespace renkei::archive {
namespace {

constexpr const char* kWhat = "archive key";

std::string trimmed(const std::string& text) {
  size_t end = text.size();
  while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == ' ')) {
    --end;
  }
  return text.substr(0, end);
}

}  // namespace

ArchiveKey::ArchiveKey(const std::array<unsigned char, kBytes>& bytes) : bytes_(bytes) {
  // Domain-separated so the id can never equal a digest the key is used for elsewhere.
  std::string input = "renkei archive key id v1:";
  input.append(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
  key_id_ = sha256Hex(input).substr(0, 16);
  OPENSSL_cleanse(input.data(), input.size());
}

ArchiveKey::~ArchiveKey() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }

ArchiveKey ArchiveKey::fromBytes(const std::array<unsigned char, kBytes>& bytes) {
  return ArchiveKey(bytes);
}

ArchiveKey ArchiveKey::fromFile(const std::string& path) {
  std::string text = readOwnerOnlyFile(path, kWhat);
  const std::string hex = trimmed(text);
  OPENSSL_cleanse(text.data(), text.size());
  auto raw = hex.size() == 2 * kBytes ? hexDecode(hex) : std::nullopt;
  if (!raw) {
    throw KeyFileError(path +
                       ": not an archive key (expected 64 hexadecimal digits; create one "
                       "with `renkei archive keygen --out FILE`)");
  }
  std::array<unsigned char, kBytes> bytes{};
  std::copy(raw->begin(), raw->end(), bytes.begin());
  OPENSSL_cleanse(raw->data(), raw->size());
  ArchiveKey key(bytes);
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return key;
}

std::string generateArchiveKey(const std::string& path) {
  std::array<unsigned char, ArchiveKey::kBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw KeyFileError("generating an archive key failed (OpenSSL RAND_bytes)");
  }
  const ArchiveKey key = ArchiveKey::fromBytes(bytes);
  std::string text =
      hexEncode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())) + "\n";
  OPENSSL_cleanse(bytes.data(), bytes.size());
  try {
    writeNewFile(path, text, 0600);
  } catch (...) {
    OPENSSL_cleanse(text.data(), text.size());
    throw;
  }
  OPENSSL_cleanse(text.data(), text.size());
  return key.keyId();
}

}  // namespace renkei::archive
