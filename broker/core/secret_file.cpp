#include "broker/core/secret_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace renkei {
namespace {

std::string modeText(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

}  // namespace

void requireOwnerOnly(const std::string& path, const std::string& what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw KeyFileError(path + ": " + what + " not found");
  if ((st.st_mode & 077) != 0) {
    throw KeyFileError(path + ": " + what + " is accessible to group or others (mode " +
                       modeText(st.st_mode) + "); run `chmod 600 " + path + "`");
  }
}

std::string readOwnerOnlyFile(const std::string& path, const std::string& what) {
  requireOwnerOnly(path, what);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw KeyFileError(path + ": cannot read the " + what);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void writeNewFile(const std::string& path, const std::string& content, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) throw KeyFileError(path + ": cannot create (it may already exist)");
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw KeyFileError(path + ": write failed");
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) throw KeyFileError(path + ": write failed");
}

}  // namespace renkei
