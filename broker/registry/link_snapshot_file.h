#pragma once
// The file where a broker keeps the last signed registry snapshot it issued (primary) or
// accepted (follower), so a restart neither goes back a version nor forgets its copy while the
// primary is unreachable. Written beside and renamed into place, fsynced: a crash leaves the
// old file or the new one, never half of either.
#include <optional>
#include <string>

namespace renkei {

// nullopt when there is no file yet; throws std::runtime_error naming the path when it cannot
// be read.
std::optional<std::string> readLinkSnapshotFile(const std::string& path);
// Throws std::runtime_error naming the path when it cannot be written.
void writeLinkSnapshotFile(const std::string& path, const std::string& bytes);

}  // namespace renkei
