#pragma once
// The registry snapshot that one primary broker of a federation signs and the other brokers
// fetch (docs/federation.md, "Registry snapshot"): the links whose sender and receiver are
// hosted by different brokers, with a version, when it was issued and when it stops being
// valid. Like X-Road's signed global configuration: a follower whose copy has expired refuses
// cross-cloud traffic rather than guessing.
//
// The payload is plain text (a few "name: value" lines, then the links as CSV in the same
// columns as `renkei links export`), so an operator can read exactly what was signed.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "broker/core/registry_types.h"

namespace renkei {

struct LinkSnapshot {
  std::string primary;        // the federation name of the broker that issued it
  int64_t version = 0;        // grows with every change of content; followers never go back
  int64_t issued_at_ms = 0;   // Unix ms
  int64_t expires_at_ms = 0;  // Unix ms; after this no follower uses it
  std::vector<Link> links;

  bool expiredAt(int64_t now_ms) const { return now_ms >= expires_at_ms; }
};

// The exact bytes that are signed.
std::string linkSnapshotPayload(const LinkSnapshot& snapshot);
// nullopt and `error` set when `payload` is not a snapshot this version of the broker wrote.
std::optional<LinkSnapshot> parseLinkSnapshotPayload(std::string_view payload, std::string* error);

// True when both hold the same links (ids, statuses, every field): the primary issues a new
// version only then, or when the old one is halfway to its expiry.
bool sameLinks(const std::vector<Link>& a, const std::vector<Link>& b);

// "2026-12-02T03:04:05Z", for log lines and the CLI.
std::string utcText(int64_t unix_ms);

}  // namespace renkei
