#pragma once
// <rest>: the REST/JSON bridge (adapters/rest, docs/rest.md). Units that speak JSON call
// POST /api/v1/{service} with a client assertion (RFC 7523) signed by a key registered here.
// The key material is read when the configuration is loaded, so a missing or unusable key
// file is a load error naming file and line, never a refusal at the first call.
#include <string>
#include <vector>

namespace renkei {

struct RestClientConfig {
  std::string unit;            // the unit its tokens authenticate (declared under <units>)
  std::string issuer;          // iss and sub of its tokens; the unit id unless configured
  std::string algorithm;       // "HS256", "RS256", "ES256"
  std::string secret;          // HS256: the shared secret, from secretFile (owner-only)
  std::string public_key_pem;  // RS256, ES256: from publicKeyFile
};

// A unit that is itself a REST service (the other direction): SOAP callers reach it through the
// broker, which posts the request's JSON form to {endpoint}{service} with a bearer JWT it signs
// (HS256 with the secret shared with that unit) and makes the JSON answer a SOAP answer.
struct RestTargetConfig {
  std::string unit;
  std::string endpoint;             // the unit's endpoint, from <units>
  std::string issuer;               // iss and sub of the broker's tokens towards it
  std::string audience;             // aud of those tokens: what the unit expects
  std::string algorithm = "HS256";  // of the broker's tokens: HS256, RS256 or ES256
  std::string secret;               // HS256, from secretFile (owner-only)
  std::string private_key_pem;      // RS256 / ES256, from privateKeyFile (owner-only)
};

struct RestConfig {
  bool enabled = false;  // <rest> present
  std::string audience;  // what aud must name: this broker's REST endpoint
  int max_clock_skew_s = 60;
  int max_lifetime_s = 3600;
  std::vector<RestClientConfig> clients;
  std::vector<RestTargetConfig> targets;
};

}  // namespace renkei
