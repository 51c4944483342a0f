#pragma once
// <signatures> in the configuration and the signingCertSha256 attribute of each <unit>: what the
// broker needs to verify WS-Security signed messages (broker/wssec).
#include <map>
#include <string>

namespace renkei {

struct SignatureConfig {
  std::string ca_file;         // absolute; PEM bundle unit signing certificates must chain to
  std::string crl_file;        // absolute or empty; PEM CRL of that CA
  int max_clock_skew_s = 300;  // tolerance for wsu:Timestamp Created/Expires
  // unit id -> lower-case hex SHA-256 of the DER certificate the unit signs with.
  std::map<std::string, std::string> unit_cert_sha256;
  // Broker signing: when both are set, the broker adds its own signature to what it forwards.
  std::string broker_key_file;   // absolute; PEM private key (RSA or EC P-256)
  std::string broker_cert_file;  // absolute; PEM certificate of that key
};

}  // namespace renkei
