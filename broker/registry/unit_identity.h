#pragma once
// How each unit proves who it is (its connection policy, after X-Road's per-client connection
// types) and, for units reached over HTTPS, the public key the broker pins. Read from each
// <unit> of the configuration; the same for every broker instance given that configuration.
//
// Why not in the store with the rest of the unit: it is a security setting that belongs with
// the listener's CA and CRL in the configuration the operator controls, and it must not be
// changeable through the admin service until that has people, roles and four-eyes.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace renkei {

enum class ConnectionPolicy {
  kPlain,   // development and quick start: accepted only from a loopback address
  kMtls,    // the client certificate (fingerprint or subject) identifies the unit
  kSigned,  // a WS-Security signature by the unit's certificate (<unit signingCertSha256>)
  // Hosted by a federation peer (<federation><peer><hosts>): its messages arrive only in frames
  // from that peer broker, whose CURVE key authenticated them. Set by the configuration loader,
  // never written in a <unit connection>.
  kPeer,
};

const char* connectionPolicyName(ConnectionPolicy policy);
bool parseConnectionPolicy(const std::string& text, ConnectionPolicy* out);

struct UnitIdentity {
  std::string unit_id;
  ConnectionPolicy policy = ConnectionPolicy::kPlain;
  std::string cert_sha256;   // mtls: canonical lower-case hex, or empty
  std::string cert_subject;  // mtls: RFC 2253 subject, or empty
  // Forwarding to an https endpoint: libcurl CURLOPT_PINNEDPUBLICKEY ("sha256//<base64>;..."),
  // or empty for no pin.
  std::string pinned_public_key;
  // kPeer: the name of the federation peer that hosts the unit (forwards go there too).
  std::string peer;
};

// An immutable lookup table: by unit, and by certificate for mtls units.
class UnitIdentities {
 public:
  UnitIdentities() = default;
  explicit UnitIdentities(std::vector<UnitIdentity> identities);

  const UnitIdentity* forUnit(const std::string& unit_id) const;
  // The mtls unit a verified certificate is bound to: by fingerprint first, then by subject.
  const UnitIdentity* forCertificate(const std::string& sha256, const std::string& subject) const;
  const std::vector<UnitIdentity>& all() const { return identities_; }

 private:
  std::vector<UnitIdentity> identities_;
  std::map<std::string, std::size_t> by_unit_;
  std::map<std::string, std::size_t> by_sha256_;
  std::map<std::string, std::size_t> by_subject_;
};

}  // namespace renkei
