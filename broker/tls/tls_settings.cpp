#include "broker/tls/tls_settings.h"

namespace renkei {

const char* clientCertificateModeName(ClientCertificateMode mode) {
  switch (mode) {
    case ClientCertificateMode::kNone:
      return "none";
    case ClientCertificateMode::kOptional:
      return "optional";
    case ClientCertificateMode::kRequired:
      return "required";
  }
  return "none";
}

bool parseClientCertificateMode(const std::string& text, ClientCertificateMode* out) {
  for (auto mode : {ClientCertificateMode::kNone, ClientCertificateMode::kOptional,
                    ClientCertificateMode::kRequired}) {
    if (text == clientCertificateModeName(mode)) {
      *out = mode;
      return true;
    }
  }
  return false;
}

}  // namespace renkei
