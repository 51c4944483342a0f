#pragma once
// An audit bundle: the trail, its checkpoints and the public key, in one file that can be
// copied off the broker host and checked later without any database (docs/audit.md).
//
// Format: JSON lines, one flat object each, told apart by "type":
//   {"type":"renkei-audit-bundle","version":1,"exported":"...","source":"..."}   first line
//   {"type":"public_key","pem":"-----BEGIN PUBLIC KEY-----\n..."}                optional
//   {"type":"record","seq":1,"format":2,"time":"...",...,"hash":"..."}           seq order
//   {"type":"checkpoint","id":1,"seq":1000,"head_hash":"...",...}                id order
//   {"type":"link","id":7,"sender":"...",...,"crossTenant":false}                 version 2
//   {"type":"history","seq":41,"link_id":7,"at":"...",...,"after":"..."}          version 2
// Version 2 adds the registry (links and their history rows) so `audit verify --bundle` can
// replay it offline (registry_replay.h); version 1 bundles are still read, without a registry.
// Field names are the store's column names; link_id is null when absent; tsa_token is the
// base64 DER of an RFC 3161 response, "" when none.
#include <map>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "broker/audit/audit_checkpoint.h"
#include "broker/audit/audit_verifier.h"
#include "broker/core/registry_types.h"

namespace renkei {

class AuditedRegistry;

// A file that is not a bundle; the text names the file and line.
class AuditBundleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AuditBundleCounts {
  int64_t records = 0;
  int64_t checkpoints = 0;
  int64_t links = 0;
  int64_t history_rows = 0;
};

// One record as the bundle writes it: a "type":"record" line, newline included.
std::string auditRecordJsonLine(const AuditRecord& record);

// `public_pem` may be "" (no key line). Reads the store page by page.
AuditBundleCounts writeAuditBundle(std::ostream& out, AuditedRegistry& store,
                                   const std::string& source, const std::string& exported_at,
                                   const std::string& public_pem);

class AuditBundle {
 public:
  // Reads the header, key and checkpoints; records are read again from the file by each walk,
  // so a large trail is never held in memory.
  static AuditBundle open(const std::string& path);

  AuditRecordWalk records() const;
  const std::vector<AuditCheckpoint>& checkpoints() const { return checkpoints_; }
  const std::string& publicPem() const { return public_pem_; }
  const std::string& source() const { return source_; }
  // The registry as exported (version 2 bundles); false for version 1.
  bool hasRegistry() const { return has_registry_; }
  const std::vector<Link>& links() const { return links_; }
  std::vector<LinkChange> historyOf(int64_t link_id) const;

 private:
  std::string path_;
  std::string source_;
  std::string public_pem_;
  std::vector<AuditCheckpoint> checkpoints_;
  bool has_registry_ = false;
  std::vector<Link> links_;
  std::map<int64_t, std::vector<LinkChange>> history_;
};

}  // namespace renkei
