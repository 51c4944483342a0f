#include "broker/registry/unit_identity.h"

namespace renkei {

const char* connectionPolicyName(ConnectionPolicy policy) {
  switch (policy) {
    case ConnectionPolicy::kPlain:
      return "plain";
    case ConnectionPolicy::kMtls:
      return "mtls";
    case ConnectionPolicy::kSigned:
      return "signed";
    case ConnectionPolicy::kPeer:
      return "peer";
  }
  return "plain";
}

bool parseConnectionPolicy(const std::string& text, ConnectionPolicy* out) {
  for (auto policy :
       {ConnectionPolicy::kPlain, ConnectionPolicy::kMtls, ConnectionPolicy::kSigned}) {
    if (text == connectionPolicyName(policy)) {
      *out = policy;
      return true;
    }
  }
  return false;
}

UnitIdentities::UnitIdentities(std::vector<UnitIdentity> identities)
    : identities_(std::move(identities)) {
  for (std::size_t i = 0; i < identities_.size(); ++i) {
    const UnitIdentity& identity = identities_[i];
    by_unit_.emplace(identity.unit_id, i);
    if (identity.policy != ConnectionPolicy::kMtls) continue;
    if (!identity.cert_sha256.empty()) by_sha256_.emplace(identity.cert_sha256, i);
    if (!identity.cert_subject.empty()) by_subject_.emplace(identity.cert_subject, i);
  }
}

const UnitIdentity* UnitIdentities::forUnit(const std::string& unit_id) const {
  auto it = by_unit_.find(unit_id);
  return it == by_unit_.end() ? nullptr : &identities_[it->second];
}

const UnitIdentity* UnitIdentities::forCertificate(const std::string& sha256,
                                                   const std::string& subject) const {
  if (auto it = by_sha256_.find(sha256); it != by_sha256_.end()) return &identities_[it->second];
  if (auto it = by_subject_.find(subject); it != by_subject_.end() && !subject.empty()) {
    // A unit bound by both must match both: the subject alone would accept any certificate
    // its CA issues under that name.
    const UnitIdentity& identity = identities_[it->second];
    if (identity.cert_sha256.empty() || identity.cert_sha256 == sha256) return &identity;
  }
  return nullptr;
}

}  // namespace renkei
