#include "fugo.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace renkei::examples {

std::string issueFugo(std::string_view network_key, std::string_view kikan_code,
                      std::string_view juminhyo_code) {
  const std::string message = std::string(kikan_code) + ":" + std::string(juminhyo_code);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), network_key.data(), static_cast<int>(network_key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &mac_len);
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string fugo;
  for (unsigned int i = 0; i < 32 && i < mac_len; ++i) fugo += kAlphabet[mac[i] % 36];
  return fugo;
}

}  // namespace renkei::examples
