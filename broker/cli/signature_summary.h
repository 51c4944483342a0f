#pragma once
// The WS-Security part of `renkei config check`: what signed messages are checked against, and
// whether the CA, CRL and broker key the broker would load at start can be read now.
#include <ostream>

#include "broker/config/signature_config.h"

namespace renkei::cli {

// Prints one "  signed   ..." line (and the reason when a file cannot be used); false when the
// broker would refuse to start with this configuration.
bool printSignatureSummary(const SignatureConfig& config, std::ostream& out);

}  // namespace renkei::cli
