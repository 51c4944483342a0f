#include "broker/audit/registry_replay.h"

#include <map>
#include <set>

#include "broker/audit/admin_audit.h"
#include "broker/audit/audited_registry.h"
#include "broker/audit/link_content.h"

namespace renkei {
namespace {

// An audit record of one registry change, as the trail holds it.
struct ChangeRecord {
  int64_t seq = 0;
  std::string time;
  std::string action;
  std::string actor;
  std::string digest;
  bool matched = false;
};

using RecordsByLink = std::map<int64_t, std::vector<ChangeRecord>>;

RecordsByLink registryRecords(const AuditRecordWalk& trail) {
  RecordsByLink records;
  trail([&](const AuditRecord& r) {
    // Reads of the registry carry no link: only changes have history rows.
    if (r.outcome == kAdminOutcome && r.service == "registry" && r.link_id && *r.link_id > 0) {
      records[*r.link_id].push_back(
          {r.seq, r.time, r.purpose, r.operator_id, r.request_sha256, false});
    }
    return true;
  });
  return records;
}

std::string describeRow(const LinkChange& row) {
  std::string text = "history row #" + std::to_string(row.seq) + " (" + row.action;
  if (!row.field.empty() && row.field != kLinkContentField) text += " " + row.field;
  return text + " at " + row.at + " by " + row.actor + ")";
}

// Brokers before seeding wrote audit records (store/link_seeding.h) left seeded links' creation
// rows without one; on such a store the row is unvouched, not forged, and counted rather than
// reported. Anything else without its record is forged.
bool isUnrecordedSeedRow(const LinkChange& row) {
  return row.action == "created" && row.actor == "config";
}

// What the history of one link says its columns are, by column name; a column no row speaks
// about (a link created before creation rows carried content) is absent.
class LinkReplay {
 public:
  void apply(const LinkChange& row, RegistryReplay& result, int64_t link_id) {
    if (row.action == "created") {
      said_.clear();
      if (row.field == kLinkContentField) {
        std::string error;
        if (auto link = parseLinkContentText(row.after, error)) {
          for (auto& [name, value] : linkContentColumns(*link)) said_[name] = value;
        } else {
          result.problems.push_back({link_id, RegistryProblemKind::kRowAltered,
                                     "link " + std::to_string(link_id) + ": " + describeRow(row) +
                                         " does not hold a readable link: " + error});
        }
      } else {
        ++result.links_without_content;
      }
    } else if (!row.field.empty()) {
      said_[row.field] = row.after;
    }
    if (!row.to_status.empty()) said_["status"] = row.to_status;
    if (row.action == "approved") said_["approver"] = row.actor;
    last_row_ = row.seq;
  }

  // One problem naming every column that differs, or none.
  void compare(const Link& stored, RegistryReplay& result) const {
    std::string differences;
    for (const auto& [name, value] : linkContentColumns(stored)) {
      auto it = said_.find(name);
      if (it == said_.end() || it->second == value) continue;
      if (!differences.empty()) differences += "; ";
      differences +=
          name + " is '" + value + "' in the registry but '" + it->second + "' by its history";
    }
    if (differences.empty()) return;
    result.problems.push_back(
        {stored.id, RegistryProblemKind::kStateDiffers,
         "link " + std::to_string(stored.id) + " was changed outside the broker: " + differences +
             " (history replayed through row #" + std::to_string(last_row_) + ")"});
  }

 private:
  std::map<std::string, std::string> said_;
  int64_t last_row_ = 0;
};

// Finds the record of `row` among its link's records: same time, action and actor. Marks it
// used so two identical rows need two records.
ChangeRecord* recordOf(const LinkChange& row, std::vector<ChangeRecord>* records) {
  if (records == nullptr) return nullptr;
  for (ChangeRecord& record : *records) {
    if (!record.matched && record.time == row.at && record.action == row.action &&
        record.actor == row.actor) {
      return &record;
    }
  }
  return nullptr;
}

void checkRows(int64_t link_id, const std::vector<LinkChange>& rows,
               std::vector<ChangeRecord>* records, RegistryReplay& result) {
  const std::string link = "link " + std::to_string(link_id) + ": ";
  for (const LinkChange& row : rows) {
    ++result.rows_checked;
    ChangeRecord* record = recordOf(row, records);
    if (record == nullptr) {
      if (isUnrecordedSeedRow(row)) {
        ++result.seeded_rows_unvouched;
        continue;
      }
      result.problems.push_back({link_id, RegistryProblemKind::kRowNotInTrail,
                                 link + describeRow(row) +
                                     " has no record in the audit trail: it was inserted, or its "
                                     "time, action or actor changed"});
      continue;
    }
    record->matched = true;
    const ChangeContext change{row.actor, row.reason, row.at};
    if (adminAuditRecord(row, change).request_sha256 != record->digest) {
      result.problems.push_back({link_id, RegistryProblemKind::kRowAltered,
                                 link + describeRow(row) + " is not what audit record " +
                                     std::to_string(record->seq) +
                                     " vouches for: its statuses, reason or values were changed"});
    }
  }
  if (records == nullptr) return;
  for (const ChangeRecord& record : *records) {
    if (record.matched) continue;
    result.problems.push_back({link_id, RegistryProblemKind::kRowDeleted,
                               link + "audit record " + std::to_string(record.seq) + " (" +
                                   record.action + " at " + record.time + " by " + record.actor +
                                   ") has no row in the link's history: it was "
                                   "deleted or changed"});
  }
}

}  // namespace

const char* registryProblemKindName(RegistryProblemKind kind) {
  switch (kind) {
    case RegistryProblemKind::kNoHistory:
      return "no history";
    case RegistryProblemKind::kRowNotInTrail:
      return "history row not in the trail";
    case RegistryProblemKind::kRowAltered:
      return "history row altered";
    case RegistryProblemKind::kRowDeleted:
      return "history row deleted";
    case RegistryProblemKind::kLinkDeleted:
      return "link deleted";
    case RegistryProblemKind::kStateDiffers:
      return "link differs from its history";
  }
  return "unknown";
}

RegistryReplay replayRegistry(const std::vector<Link>& links, const LinkHistoryLookup& history,
                              const AuditRecordWalk& trail) {
  RegistryReplay result;
  RecordsByLink records = registryRecords(trail);
  std::set<int64_t> present;
  for (const Link& link : links) {
    ++result.links_checked;
    present.insert(link.id);
    const std::vector<LinkChange> rows = history(link.id);
    if (rows.empty()) {
      result.problems.push_back({link.id, RegistryProblemKind::kNoHistory,
                                 "link " + std::to_string(link.id) +
                                     " has no history: it was inserted outside the broker"});
      continue;
    }
    auto found = records.find(link.id);
    checkRows(link.id, rows, found == records.end() ? nullptr : &found->second, result);
    LinkReplay replay;
    for (const LinkChange& row : rows) replay.apply(row, result, link.id);
    replay.compare(link, result);
  }
  for (const auto& [link_id, recorded] : records) {
    if (present.count(link_id) != 0) continue;
    result.problems.push_back(
        {link_id, RegistryProblemKind::kLinkDeleted,
         "link " + std::to_string(link_id) + ": the audit trail records " +
             std::to_string(recorded.size()) + " change(s) to it (first record " +
             std::to_string(recorded.front().seq) + ") but the registry no longer has it"});
  }
  return result;
}

RegistryReplay replayRegistry(AuditedRegistry& store) {
  const RegistrySnapshot registry = store.loadRegistry();
  return replayRegistry(
      registry.links, [&store](int64_t link_id) { return store.linkHistory(link_id); },
      [&store](const std::function<bool(const AuditRecord&)>& visit) {
        store.forEachAudit(visit);
      });
}

}  // namespace renkei
