#pragma once
// Broker signing: before a request leaves for its receiver, the broker adds a wsse:Security
// header of its own (SOAP actor/role kBrokerActor) with its certificate, a wsu:Timestamp and an
// enveloped XML Signature over the whole envelope, so a receiver can check the message came
// through the broker and was not changed after it. A sender's own signature stays valid: the
// envelope is re-serialized from the same DOM, and exclusive c14n ignores the differences.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include <openssl/evp.h>

namespace renkei::xml {
class ParsedEnvelope;
}

namespace renkei::wssec {

// The role a receiver takes to process the broker's header (SOAP 1.1 actor, SOAP 1.2 role).
inline constexpr std::string_view kBrokerActor = "urn:renkei:broker";

class BrokerSigner {
 public:
  // Throws std::runtime_error naming the file when the key or certificate cannot be read or do
  // not belong together.
  static std::unique_ptr<BrokerSigner> fromFiles(const std::string& key_file,
                                                 const std::string& cert_file);
  ~BrokerSigner();
  BrokerSigner(const BrokerSigner&) = delete;
  BrokerSigner& operator=(const BrokerSigner&) = delete;

  // The envelope with the broker's header added and signed, as UTF-8 bytes; the DOM is changed.
  // nullopt with `error` set when signing failed.
  std::optional<std::string> sign(xml::ParsedEnvelope& envelope, std::string& error) const;

 private:
  BrokerSigner() = default;
  EVP_PKEY* key_ = nullptr;
  std::string cert_base64_;  // DER, for the BinarySecurityToken
  bool ec_ = false;
};

}  // namespace renkei::wssec
