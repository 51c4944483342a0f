#include "broker/cli/signature_summary.h"

#include <stdexcept>

#include "broker/wssec/broker_signer.h"
#include "broker/wssec/trust_store.h"

namespace renkei::cli {

bool printSignatureSummary(const SignatureConfig& config, std::ostream& out) {
  out << "  signed   ";
  if (config.ca_file.empty()) {
    out << "no <signatures>: every WS-Security signed message is refused\n";
    return true;
  }
  out << "CA " << config.ca_file;
  if (!config.crl_file.empty()) out << ", CRL " << config.crl_file;
  out << "; " << config.unit_cert_sha256.size() << " unit certificate(s) bound; broker signing "
      << (config.broker_key_file.empty() ? "off" : "on") << "\n";
  try {
    wssec::TrustStore::load(config.ca_file, config.crl_file);
    if (!config.broker_key_file.empty()) {
      wssec::BrokerSigner::fromFiles(config.broker_key_file, config.broker_cert_file);
    }
  } catch (const std::runtime_error& e) {
    out << "error: " << e.what() << "\n";
    return false;
  }
  return true;
}

}  // namespace renkei::cli
