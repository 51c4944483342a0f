#include "broker/core/base64.h"

#include <openssl/evp.h>

#include <algorithm>

namespace renkei {

std::string base64Encode(std::string_view bytes) {
  std::string out;
  // EVP_EncodeBlock takes an int length and writes a terminating NUL: encode in pieces of a
  // multiple of three bytes so only the last one is padded.
  constexpr size_t kPiece = 3 * (size_t{1} << 28);
  for (size_t done = 0; done < bytes.size(); done += kPiece) {
    const size_t n = std::min(kPiece, bytes.size() - done);
    const size_t start = out.size();
    out.resize(start + 4 * ((n + 2) / 3) + 1);
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data() + start),
                                        reinterpret_cast<const unsigned char*>(bytes.data() + done),
                                        static_cast<int>(n));
    out.resize(start + static_cast<size_t>(written));
  }
  return out;
}

}  // namespace renkei
