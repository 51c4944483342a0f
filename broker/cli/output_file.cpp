#include "broker/cli/output_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace renkei::cli {

bool writeFileAtomically(const std::string& path, const std::string& text, const std::string& who) {
  const std::string temp = path + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) {
      std::cerr << who << ": cannot write " << path << "\n";
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      return false;
    }
  }
  std::error_code error;
  std::filesystem::rename(temp, path, error);
  if (error) {
    std::cerr << who << ": cannot write " << path << ": " << error.message() << "\n";
    std::filesystem::remove(temp, error);
    return false;
  }
  return true;
}

}  // namespace renkei::cli
