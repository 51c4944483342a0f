#include "adapters/mynumber/provision_record.h"

#include <sstream>

#include "broker/audit/audit_hash.h"
#include "broker/store/store.h"

namespace renkei::mynumber {

const char* resultName(ProvisionResult result) {
  switch (result) {
    case ProvisionResult::kProvided:
      return "提供";
    case ProvisionResult::kPartlyWithheld:
      return "一部不開示";
    case ProvisionResult::kWithheld:
      return "不開示";
    case ProvisionResult::kRefused:
      return "拒否";
    case ProvisionResult::kNoAnswer:
      return "応答なし";
  }
  return "?";
}

ProvisionResult resultFromName(const std::string& name) {
  for (ProvisionResult r :
       {ProvisionResult::kProvided, ProvisionResult::kPartlyWithheld, ProvisionResult::kWithheld,
        ProvisionResult::kRefused, ProvisionResult::kNoAnswer}) {
    if (name == resultName(r)) return r;
  }
  throw StoreError("provision record with an unknown result '" + name + "'");
}

std::string itemsColumn(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : " ") + item;
  return text;
}

std::vector<std::string> itemsFromColumn(const std::string& text) {
  std::vector<std::string> items;
  std::istringstream in(text);
  for (std::string item; in >> item;) items.push_back(item);
  return items;
}

namespace {

void field(std::string& out, const std::string& value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
  out += ';';
}

}  // namespace

std::string provisionRecordHash(const ProvisionRecord& r) {
  std::string text = "renkei-provision-record/1;";
  field(text, r.prev_hash);
  field(text, std::to_string(r.seq));
  field(text, r.record_id);
  field(text, r.atena_no);
  field(text, r.requester);
  field(text, r.provider);
  field(text, r.jimu_code);
  field(text, r.jimu_tetsuzuki);
  field(text, std::to_string(r.items.size()));
  for (const std::string& item : r.items) field(text, item);
  field(text, r.requested_at);
  field(text, r.provided_at);
  field(text, resultName(r.result));
  field(text, r.detail);
  field(text, r.unit);
  return sha256Hex(text);
}

std::string provisionPurgeHash(const ProvisionPurge& p, const std::string& prev_purge_hash) {
  std::string text = "renkei-provision-purge/1;";
  field(text, prev_purge_hash);
  field(text, p.purged_at);
  field(text, p.cutoff);
  field(text, std::to_string(p.first_seq));
  field(text, std::to_string(p.last_seq));
  field(text, std::to_string(p.count));
  field(text, p.anchor_hash);
  field(text, p.actor);
  return sha256Hex(text);
}

std::string purgeChainHead(const std::vector<ProvisionPurge>& purges) {
  std::string head;
  for (const ProvisionPurge& p : purges) head = provisionPurgeHash(p, head);
  return head;
}

}  // namespace renkei::mynumber
