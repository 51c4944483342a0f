#include "adapters/mynumber/provision_verifier.h"

#include <algorithm>
#include <map>

#include "broker/audit/checkpoint_key.h"
#include "broker/audit/timestamp_token.h"

namespace renkei::mynumber {
namespace {

std::string seqRange(int64_t first, int64_t last) {
  if (first == last) return "record " + std::to_string(first);
  return "records " + std::to_string(first) + "-" + std::to_string(last);
}

std::string checkpointName(const AuditCheckpoint& c) {
  return "checkpoint " + std::to_string(c.id) + " (record " + std::to_string(c.seq) + ", signed " +
         c.time + ")";
}

ChainCheck broken(ChainCheck check, ChainProblem problem, int64_t seq, std::string reason) {
  check.problem = problem;
  check.first_broken_seq = seq;
  check.reason = std::move(reason);
  return check;
}

}  // namespace

const char* chainProblemName(ChainProblem problem) {
  switch (problem) {
    case ChainProblem::kNone:
      return "none";
    case ChainProblem::kAltered:
      return "altered";
    case ChainProblem::kRemoved:
      return "removed";
    case ChainProblem::kInserted:
      return "inserted";
    case ChainProblem::kTruncated:
      return "truncated";
    case ChainProblem::kForged:
      return "forged";
    case ChainProblem::kUnsigned:
      return "unsigned";
  }
  return "?";
}

ChainCheck verifyProvisionChain(const std::vector<ProvisionRecord>& records,
                                const std::vector<ProvisionPurge>& purges,
                                const std::vector<AuditCheckpoint>& checkpoints,
                                const CheckpointVerifier* key, const std::string& tsa_ca_file) {
  ChainCheck check;
  check.records = static_cast<int64_t>(records.size());

  // Signatures first: a forged checkpoint must not be used to judge any record.
  if (key != nullptr) {
    for (const AuditCheckpoint& c : checkpoints) {
      if (c.key_id != key->keyId()) {
        return broken(
            check, ChainProblem::kForged, 0,
            checkpointName(c) + " names a key other than the one given (key id " + c.key_id + ")");
      }
      if (!key->verify(checkpointPayload(c), c.signature)) {
        return broken(check, ChainProblem::kForged, 0,
                      checkpointName(c) +
                          " has an invalid signature: it was forged or altered after signing");
      }
      // An RFC 3161 timestamp (<audit tsaUrl>) must cover the checkpoint, as `renkei audit
      // verify` requires of the audit trail's; with a TSA CA its signature is checked too.
      if (!c.tsa_token.empty()) {
        const TimestampCheck stamp = checkTimestamp(c.tsa_token, checkpointPayload(c), tsa_ca_file);
        if (!stamp.ok) {
          return broken(check, ChainProblem::kForged, 0,
                        checkpointName(c) + " has a timestamp that does not hold: " + stamp.error);
        }
        ++check.timestamps_checked;
        check.last_timestamp = stamp.time;
      }
    }
  }

  // The chain starts after the last purge's anchor, or at record 1. The purges themselves
  // must follow one another (each starts where the one before ended) and, with the key, each
  // must be the evidence a checkpoint signed at the purge (provisionPurgeHash, chained over the
  // purges before it): a purge row altered, removed or added afterwards no longer matches.
  int64_t expected = 1;
  std::string prev;
  std::string purge_chain;
  for (const ProvisionPurge& p : purges) {
    const std::string what = "the purge of " + seqRange(p.first_seq, p.last_seq) + " on " +
                             p.purged_at + " by " + p.actor;
    if (p.first_seq != expected) {
      return broken(check, ChainProblem::kRemoved, std::min(p.first_seq, expected),
                    what + " does not start where the chain did (record " +
                        std::to_string(expected) + "): " +
                        (p.first_seq > expected
                             ? seqRange(expected, p.first_seq - 1) +
                                   " went without a purge saying so (its evidence was removed)"
                             : std::string("it overlaps a purge before it")));
    }
    if (p.last_seq < p.first_seq || p.count != p.last_seq - p.first_seq + 1) {
      return broken(check, ChainProblem::kAltered, p.first_seq,
                    what + " says " + std::to_string(p.count) +
                        " record(s) were removed, which its range does not hold (altered)");
    }
    purge_chain = provisionPurgeHash(p, purge_chain);
    if (key != nullptr) {
      const bool vouched =
          std::any_of(checkpoints.begin(), checkpoints.end(), [&](const AuditCheckpoint& c) {
            return c.seq == p.last_seq && c.head_hash == purge_chain;
          });
      // A checkpoint of this seq that is neither this evidence nor the anchor record (signed as
      // the head before the purge) can only be the purge's own, signed for other evidence.
      const bool signed_other =
          std::any_of(checkpoints.begin(), checkpoints.end(), [&](const AuditCheckpoint& c) {
            return c.seq == p.last_seq && c.head_hash != p.anchor_hash;
          });
      if (!vouched && signed_other) {
        return broken(check, ChainProblem::kAltered, p.first_seq,
                      what +
                          " is not what was signed at the purge: its count, range, dates, "
                          "actor or anchor, or a purge before it, were altered or removed "
                          "afterwards");
      }
      if (!vouched) {
        return broken(check, ChainProblem::kRemoved, p.first_seq,
                      what +
                          " is not vouched for by a signed checkpoint: the purge evidence was "
                          "written or altered outside the gateway");
      }
    }
    check.purged_through = p.last_seq;
    expected = p.last_seq + 1;
    prev = p.anchor_hash;
  }

  for (const ProvisionRecord& r : records) {
    if (r.seq < expected) {
      return broken(check, ChainProblem::kInserted, r.seq,
                    "record " + std::to_string(r.seq) + " lies before the chain's start (record " +
                        std::to_string(expected) + " after the purge): it was inserted");
    }
    if (r.seq > expected) {
      const bool at_start = &r == &records.front();
      return broken(
          check, ChainProblem::kRemoved, r.seq,
          seqRange(expected, r.seq - 1) + (r.seq - 1 == expected ? " is" : " are") + " missing" +
              (at_start ? " (removed from the start, and no purge says so)" : " (removed)"));
    }
    if (r.prev_hash != prev) {
      return broken(check, ChainProblem::kInserted, r.seq,
                    "its previous-hash does not name the record before it (a record was "
                    "inserted or replaced there)");
    }
    if (provisionRecordHash(r) != r.hash) {
      return broken(check, ChainProblem::kAltered, r.seq,
                    "its fields do not match its hash (altered)");
    }
    prev = r.hash;
    expected = r.seq + 1;
  }
  if (key == nullptr) return check;

  // The records against what was signed. A consistent chain can still have lost its end, or
  // have been rewritten with fresh hashes: the signed heads show both.
  std::map<int64_t, const ProvisionRecord*> by_seq;
  for (const ProvisionRecord& r : records) by_seq[r.seq] = &r;
  const int64_t last_seq = records.empty() ? check.purged_through : records.back().seq;
  std::vector<const AuditCheckpoint*> ordered;
  for (const AuditCheckpoint& c : checkpoints) ordered.push_back(&c);
  std::sort(ordered.begin(), ordered.end(),
            [](const AuditCheckpoint* a, const AuditCheckpoint* b) { return a->seq < b->seq; });
  for (const AuditCheckpoint* c : ordered) {
    ++check.checkpoints_checked;
    if (c->seq <= check.purged_through) continue;  // vouched for purged records (or the anchor)
    if (c->seq > last_seq) {
      return broken(check, ChainProblem::kTruncated, last_seq + 1,
                    seqRange(last_seq + 1, c->seq) + (c->seq == last_seq + 1 ? " was" : " were") +
                        " removed from the end: " + checkpointName(*c) + " vouches for them");
    }
    const auto it = by_seq.find(c->seq);
    if (it == by_seq.end() || it->second->hash != c->head_hash) {
      return broken(check, ChainProblem::kAltered, c->seq,
                    "record " + std::to_string(c->seq) + " is not the one " + checkpointName(*c) +
                        " signed (altered, and the hashes after it recomputed)");
    }
    check.signed_through = c->seq;
  }
  if (!records.empty() && check.signed_through == 0) {
    return broken(check, ChainProblem::kUnsigned, records.front().seq,
                  "no signed checkpoint covers the records (" + std::to_string(records.size()) +
                      "): checkpoints were removed, or the gateway ran without "
                      "<audit checkpointKey>");
  }
  return check;
}

}  // namespace renkei::mynumber
