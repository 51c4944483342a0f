#pragma once
// The registry as evidence. Every registry change writes a link history row and, in the same
// transaction, an audit record pinning that row's digest (admin_audit.h); a link's creation row
// carries what the link said (link_content.h). Replaying the history therefore says what each
// link must say now, and the trail says what the history must hold. This checks both:
//   - every history row has its audit record, unchanged, and every such record its row;
//   - each link as stored equals its history replayed (status, approver, key, details).
// An `UPDATE links SET legal_basis = ...` or an edited history row shows up here even though
// the audit chain itself is intact; the chain (audit_verifier.h) and its signed checkpoints
// make sure the records this compares against are themselves the ones written.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "broker/audit/audit_verifier.h"
#include "broker/core/registry_types.h"

namespace renkei {

class AuditedRegistry;

enum class RegistryProblemKind {
  kNoHistory,      // a link with no history row: inserted outside the broker
  kRowNotInTrail,  // a history row no audit record vouches for: inserted or its time/actor changed
  kRowAltered,     // a history row whose statuses, reason or values differ from its record's digest
  kRowDeleted,     // an audit record of a change the link's history no longer has
  kLinkDeleted,    // audit records of a link the registry no longer has
  kStateDiffers,   // a link whose stored columns differ from its history replayed
};

const char* registryProblemKindName(RegistryProblemKind kind);

struct RegistryProblem {
  int64_t link_id = 0;
  RegistryProblemKind kind = RegistryProblemKind::kStateDiffers;
  std::string message;  // plain English, naming the link, the row or record, and the values
};

struct RegistryReplay {
  int64_t links_checked = 0;
  int64_t rows_checked = 0;
  // Links seeded or created before creation rows carried the link's content: their key and
  // initial details are not pinned, only what later rows changed.
  int64_t links_without_content = 0;
  // Creation rows of links seeded by brokers older than seeding's audit records: they carry the
  // link as seeded, but no record vouches for them, so someone who rewrites such a row together
  // with its link goes unseen until the link is next changed through the broker. Always 0 on a
  // store whose links were all seeded by this version (each seed row has its record).
  int64_t seeded_rows_unvouched = 0;
  std::vector<RegistryProblem> problems;
  bool ok() const { return problems.empty(); }
};

using LinkHistoryLookup = std::function<std::vector<LinkChange>(int64_t link_id)>;

RegistryReplay replayRegistry(const std::vector<Link>& links, const LinkHistoryLookup& history,
                              const AuditRecordWalk& trail);
RegistryReplay replayRegistry(AuditedRegistry& store);

}  // namespace renkei
