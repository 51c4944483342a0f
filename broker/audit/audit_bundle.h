#pragma once
// An audit bundle: the trail, its checkpoints and the public key, in one file that can be
// copied off the broker host and checked later without any database (docs/audit.md).
//
// Format: JSON lines, one flat object each, told apart by "type":
//   {"type":"renkei-audit-bundle","version":1,"exported":"...","source":"..."}   first line
//   {"type":"public_key","pem":"-----BEGIN PUBLIC KEY-----\n..."}                optional
//   {"type":"record","seq":1,"format":2,"time":"...",...,"hash":"..."}           seq order
//   {"type":"checkpoint","id":1,"seq":1000,"head_hash":"...",...}                id order
// Field names are the store's column names; link_id is null when absent; tsa_token is the
// base64 DER of an RFC 3161 response, "" when none.
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "broker/audit/audit_checkpoint.h"
#include "broker/audit/audit_verifier.h"

namespace renkei {

class Store;

// A file that is not a bundle; the text names the file and line.
class AuditBundleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AuditBundleCounts {
  int64_t records = 0;
  int64_t checkpoints = 0;
};

// `public_pem` may be "" (no key line). Reads the store page by page.
AuditBundleCounts writeAuditBundle(std::ostream& out, Store& store, const std::string& source,
                                   const std::string& exported_at, const std::string& public_pem);

class AuditBundle {
 public:
  // Reads the header, key and checkpoints; records are read again from the file by each walk,
  // so a large trail is never held in memory.
  static AuditBundle open(const std::string& path);

  AuditRecordWalk records() const;
  const std::vector<AuditCheckpoint>& checkpoints() const { return checkpoints_; }
  const std::string& publicPem() const { return public_pem_; }
  const std::string& source() const { return source_; }

 private:
  std::string path_;
  std::string source_;
  std::string public_pem_;
  std::vector<AuditCheckpoint> checkpoints_;
};

}  // namespace renkei
