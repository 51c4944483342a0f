#include "adapters/mynumber/provision_service.h"

#include "adapters/mynumber/jst_time.h"
#include "broker/core/fault_code.h"
#include "broker/core/japan_date.h"
#include "broker/core/my_number.h"
#include "broker/core/random_uuid.h"
#include "broker/notify/notify_clock.h"

namespace renkei::mynumber {

namespace {
// Who asked, in the record's unit column: not a business unit of the broker but the network.
constexpr const char* kNetworkUnit = "network";
}  // namespace

ItemAnswer ProvisionService::answer(const std::string& fugo, bool known, const std::string& item,
                                    const ShokaiJoken& joken, std::string& detail) {
  ItemAnswer answer{item, {}, ""};
  const std::optional<Fukuhon> row = known ? fukuhon_.find(fugo, item) : std::nullopt;
  if (!known) {
    answer.fukaiji_code = "F01";  // 該当者なし
  } else if (!row) {
    answer.fukaiji_code = "F02";  // 副本未登録
  } else if (!row->fukaiji_code.empty()) {
    answer.fukaiji_code = row->fukaiji_code;
  } else if (std::string why; !matchesJoken(joken, row->values, why)) {
    // The current version holds another year or period than the one asked. An earlier version
    // may hold it (last 年度's figures, replaced by this 年度's): the newest that answers the
    // 照会条件 is provided, unless the item is now withheld (checked above).
    for (const Fukuhon& earlier : fukuhon_.earlierVersions(fugo, item)) {
      std::string ignored;
      if (!earlier.fukaiji_code.empty() || !matchesJoken(joken, earlier.values, ignored)) continue;
      answer.values = earlier.values;
      detail += (detail.empty() ? "" : " ") + item + "=v" + std::to_string(earlier.version) +
                " (以前の版, 現行 v" + std::to_string(row->version) + ")";
      return answer;
    }
    // None does: as if nothing were registered for it. The record says which condition failed
    // (years and days, no values).
    answer.fukaiji_code = "F02";
    detail += (detail.empty() ? "" : " ") + item + "=F02 照会条件不一致 " + why;
    return answer;
  } else {
    answer.values = row->values;
  }
  // The record names what was answered (codes and the 副本 version, never values).
  detail += (detail.empty() ? "" : " ") + item + "=" +
            (answer.provided() ? "v" + std::to_string(row->version) : answer.fukaiji_code);
  return answer;
}

ProvisionRecord ProvisionService::newRecord(const ProvisionRequest& request) {
  ProvisionRecord record;
  record.record_id = newRandomUuid();
  record.requester = request.requester;
  record.provider = kikan_code_;
  record.jimu_code = request.jimu_code;
  record.jimu_tetsuzuki = request.jimu_tetsuzuki;
  record.items = request.items;
  record.requested_at = jstDateTimeNow();
  record.unit = kNetworkUnit;
  // The network names the person by 符号; the record names them by 宛名番号 (empty when the 符号
  // names nobody here: the request is recorded all the same).
  const std::optional<std::string> atena = records_.atenaOf(request.fugo);
  record.atena_no = atena.value_or("");
  return record;
}

// The network's text goes into the record masked, like every text that reaches a record.
static std::string askedAs(const ProvisionRequest& request) {
  return "照会番号 " + maskMyNumbers(request.shokai_no);
}

ProvisionOutcome ProvisionService::refuse(const ProvisionRequest& request, const std::string& code,
                                          const std::string& reason) {
  ProvisionRecord record = newRecord(request);
  ProvisionOutcome outcome;
  outcome.refusal_code = code;
  outcome.refusal_reason = reason;
  record.result = ProvisionResult::kRefused;
  record.detail = code + ": " + reason + "; " + askedAs(request);
  outcome.record = records_.append(std::move(record));
  return outcome;
}

ProvisionOutcome ProvisionService::provide(const ProvisionRequest& request) {
  ProvisionRecord record = newRecord(request);
  const bool known = !record.atena_no.empty();
  const std::string asked_as = askedAs(request);

  const std::string today = jstDateToday();
  std::string outside;
  for (const std::string& item : request.items) {
    if (!permits_(request.jimu_code, request.requester, kikan_code_, item, today)) {
      outside += (outside.empty() ? "" : ", ") + item;
    }
  }
  ProvisionOutcome outcome;
  if (!outside.empty()) {
    outcome.refusal_code = faultSpec(FaultCode::kPurposeNotPermitted).name;
    outcome.refusal_reason = "事務 " + request.jimu_code + " does not permit " + request.requester +
                             " to ask " + kikan_code_ + " for " + outside +
                             " (no row of the purpose rules on " + today + ")";
    record.result = ProvisionResult::kRefused;
    record.detail = outcome.refusal_code + ": " + outcome.refusal_reason + "; " + asked_as;
    outcome.record = records_.append(std::move(record));
    return outcome;
  }

  std::string detail;
  std::size_t withheld = 0;
  for (const std::string& item : request.items) {
    outcome.items.push_back(answer(request.fugo, known, item, request.joken, detail));
    if (!outcome.items.back().provided()) ++withheld;
  }
  record.provided_at = jstDateTimeNow();
  record.result = withheld == 0                     ? ProvisionResult::kProvided
                  : withheld < outcome.items.size() ? ProvisionResult::kPartlyWithheld
                                                    : ProvisionResult::kWithheld;
  record.detail = detail + "; " + asked_as +
                  (request.joken.empty() ? "" : "; 照会条件 " + request.joken.describe());
  outcome.record = records_.append(std::move(record));
  return outcome;
}

}  // namespace renkei::mynumber
