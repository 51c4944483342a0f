#include "broker/config/federation_config.h"
#include "broker/core/tenant_code.h"

#include <algorithm>

namespace renkei {

const FederationPeer* FederationConfig::hostOf(const std::string& unit_id) const {
  for (const FederationPeer& peer : peers) {
    if (std::find(peer.units.begin(), peer.units.end(), unit_id) != peer.units.end()) return &peer;
  }
  const std::string tenant(tenantOfUnit(unit_id));
  for (const FederationPeer& peer : peers) {
    if (std::find(peer.tenants.begin(), peer.tenants.end(), tenant) != peer.tenants.end()) {
      return &peer;
    }
  }
  return nullptr;
}

const FederationPeer* FederationConfig::peerNamed(const std::string& name) const {
  for (const FederationPeer& peer : peers) {
    if (peer.name == name) return &peer;
  }
  return nullptr;
}

}  // namespace renkei
