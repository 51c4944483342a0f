#pragma once
// Files that hold key material: the audit checkpoint key, the archive key. One place decides
// what "only its owner may read it" means, so every key file the broker uses is held to the
// same rule and worded the same way when it is not.
#include <sys/types.h>
#include <stdexcept>
#include <string>

namespace renkei {

// A key file that cannot be used; the text names the file and never contains key material.
class KeyFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws KeyFileError when `path` is missing ("<path>: <what> not found") or when group or
// others have any permission on it: a key others can read protects nothing only its owner
// could have done. The message names the mode and the chmod that fixes it.
void requireOwnerOnly(const std::string& path, const std::string& what);

// The whole file, after requireOwnerOnly.
std::string readOwnerOnlyFile(const std::string& path, const std::string& what);

// Creates `path` with `mode` and writes `content`, fsynced. Never overwrites: O_EXCL, and the
// mode is set at creation, so a secret never exists with wider permissions, not even briefly.
void writeNewFile(const std::string& path, const std::string& content, mode_t mode);

}  // namespace renkei
