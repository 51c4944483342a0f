#include "adapters/rest/jwt_signer.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "adapters/rest/base64url.h"
#include "broker/core/json_text.h"

namespace renkei::rest {

std::string signHs256Jwt(const JwtToSign& token, const std::string& secret,
                         std::chrono::system_clock::time_point now) {
  const long long iat =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::string claims =
      "{\"iss\":" + jsonString(token.issuer) + ",\"sub\":" + jsonString(token.issuer) +
      ",\"aud\":" + jsonString(token.audience) + ",\"iat\":" + std::to_string(iat) +
      ",\"exp\":" + std::to_string(iat + token.lifetime.count()) +
      ",\"jti\":" + jsonString(token.jti) + "}";
  const std::string input =
      encodeBase64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encodeBase64Url(claims);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &length);
  return input + "." + encodeBase64Url(std::string(reinterpret_cast<char*>(mac), length));
}

}  // namespace renkei::rest
