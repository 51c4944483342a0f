#pragma once
// The archive's AES-256 key. On disk: 64 hexadecimal digits (32 random bytes) and an optional
// trailing newline, in a file only its owner may read. Text rather than raw bytes so it can be
// made with `renkei archive keygen` or `openssl rand -hex 32`, checked with `wc -c`, and kept
// in a password safe or printed for a sealed envelope without an encoding step.
#include <array>
#include <string>

#include "broker/core/secret_file.h"  // KeyFileError

namespace renkei::archive {

class ArchiveKey {
 public:
  static constexpr size_t kBytes = 32;

  // Refuses a file that group or others may access, and anything but 64 hex digits.
  static ArchiveKey fromFile(const std::string& path);
  static ArchiveKey fromBytes(const std::array<unsigned char, kBytes>& bytes);
  ~ArchiveKey();
  ArchiveKey(const ArchiveKey&) = default;
  ArchiveKey& operator=(const ArchiveKey&) = default;

  const unsigned char* data() const { return bytes_.data(); }
  // 16 hex digits naming the key (a digest, not the key): each record carries it, so a reader
  // holding the wrong key is told so, and several keys can be told apart after a rotation.
  const std::string& keyId() const { return key_id_; }

 private:
  explicit ArchiveKey(const std::array<unsigned char, kBytes>& bytes);
  std::array<unsigned char, kBytes> bytes_{};
  std::string key_id_;
};

// Writes a new random key to `path` (mode 0600, never overwrites an existing file). Returns
// its key id.
std::string generateArchiveKey(const std::string& path);

}  // namespace renkei::archive
