#pragma once
// The federation directory (<federation> in the configuration): this broker's name and CURVE
// key, where its peer listener binds, and for each peer broker in another cloud its address,
// its CURVE public key and the tenants and units it hosts. Validated by the configuration
// loader (federation_reader.cpp); the peer transport (adapters/peer) takes it as it is.
#include <string>
#include <vector>

#include "broker/config/registry_snapshot_config.h"

namespace renkei {

struct FederationPeer {
  std::string name;                  // "cloud-b": what audit records and log lines call it
  std::string endpoint;              // "tcp://10.0.0.2:7701": its peer listener
  std::string curve_public_key;      // Z85, 40 characters
  std::vector<std::string> tenants;  // <hosts tenant="062014"/>: every unit of the tenant
  std::vector<std::string> units;    // <hosts unit="062022/kokuho"/>
};

struct FederationConfig {
  bool enabled = false;               // a <federation> element is present
  std::string self;                   // this broker's name in the peers' directories
  std::string listen;                 // "tcp://127.0.0.1:7701"; ZeroMQ endpoint syntax
  std::string curve_secret_key_file;  // absolute path, owner-only, Z85 secret key
  std::string curve_secret_key;       // Z85, read from the file at load
  std::string curve_public_key;       // Z85, derived from the secret key
  int max_in_flight_per_peer = 16;    // requests towards one peer awaiting an answer
  int workers = 8;                    // threads running requests that peers sent here
  int breaker_failures = 3;           // consecutive failed calls that open a peer's breaker
  int breaker_open_ms = 2000;         // how long an open breaker refuses at once
  int heartbeat_ms = 1000;            // ZMTP heartbeats: a silent line counts as down after 3
  std::vector<FederationPeer> peers;
  RegistrySnapshotConfig registry_snapshot;  // <registrySnapshot>; role kNone when absent

  // The peer hosting `unit_id` (by unit first, then by its tenant), or nullptr when this broker
  // hosts it.
  const FederationPeer* hostOf(const std::string& unit_id) const;
  const FederationPeer* peerNamed(const std::string& name) const;
  // True when the two units are hosted by different brokers (this one counting as one of them):
  // an exchange between them is cross-cloud.
  bool crossesClouds(const std::string& unit_a, const std::string& unit_b) const {
    return hostOf(unit_a) != hostOf(unit_b);
  }
};

}  // namespace renkei
