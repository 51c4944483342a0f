#pragma once
// A lab's signed verdict: a short text summary of the run (endpoint, services, per-case verdicts,
// SHA-256 of the JSON report), signed with the lab's private key (Ed25519 or RSA, PEM). The
// signature covers every byte before the "signature:" line, so any changed byte is detected.
#include <string>

#include "broker/conform/case_result.h"

namespace renkei::conform {

std::string summaryText(const RunSummary& summary, const std::string& json_report);

// Appends algorithm, public key (base64 DER) and signature lines. Throws ConformInputError when
// the key cannot be read or used.
std::string signSummary(const std::string& text, const std::string& private_key_pem_path);

struct VerifyResult {
  bool ok = false;
  std::string message;          // why not, or what was verified
  std::string key_fingerprint;  // SHA-256 of the signer's public key (DER), hex
};

// `public_key_pem_path` empty: check against the key embedded in the summary (integrity only;
// the caller shows the fingerprint so a person can compare it with the lab's).
VerifyResult verifySummary(const std::string& signed_text, const std::string& public_key_pem_path);

}  // namespace renkei::conform
