#include "adapters/mynumber/inquiry.h"

#include "adapters/mynumber/jst_time.h"
#include "broker/core/fault_code.h"
#include "broker/core/japan_date.h"
#include "broker/core/random_uuid.h"
#include "broker/notify/notify_clock.h"

namespace renkei::mynumber {

InquiryOutcome InquiryService::refuse(ProvisionRecord record, FaultCode fault, std::string reason) {
  const std::string code(faultSpec(fault).name);
  record.result = ProvisionResult::kRefused;
  record.detail = code + ": " + reason;
  InquiryOutcome outcome;
  outcome.record = store_.append(std::move(record));
  outcome.refusal_code = code;
  outcome.refusal_reason = std::move(reason);
  return outcome;
}

InquiryOutcome InquiryService::inquire(const InquiryRequest& request) {
  ProvisionRecord record;
  record.record_id = newRandomUuid();
  record.atena_no = request.atena_no;
  record.requester = request.requester;
  record.provider = request.provider;
  record.jimu_code = request.jimu_code;
  record.jimu_tetsuzuki = request.jimu_tetsuzuki;
  record.items = request.items;
  record.requested_at = jstDateTimeNow();
  record.unit = request.unit;

  const std::string today = jstDateToday();
  std::string outside;
  for (const std::string& item : request.items) {
    if (!permits_(request.jimu_code, request.requester, request.provider, item, today)) {
      outside += (outside.empty() ? "" : ", ") + item;
    }
  }
  if (!outside.empty()) {
    return refuse(std::move(record), FaultCode::kPurposeNotPermitted,
                  "事務 " + request.jimu_code + " does not permit " + request.requester +
                      " to ask " + request.provider + " for " + outside +
                      " (no row of the purpose rules on " + today + ")");
  }
  const std::optional<std::string> fugo = store_.fugoOf(request.atena_no);
  if (!fugo) {
    return refuse(
        std::move(record), FaultCode::kFugoNotObtained,
        "no 符号 is kept for 宛名番号 " + request.atena_no + ": obtain it first (FugoShutoku)");
  }

  NetworkAnswer answer = network_(request, *fugo, record.record_id);
  InquiryOutcome outcome;
  if (!answer.answered) {
    record.result = ProvisionResult::kNoAnswer;
    record.detail = answer.error;
    for (const std::string& item : request.items) outcome.items.push_back({item, {}, "F05"});
  } else {
    record.provided_at = answer.provided_at;
    std::size_t withheld = 0;
    std::string codes;
    for (const ItemAnswer& item : answer.items) {
      if (item.provided()) continue;
      ++withheld;
      codes += (codes.empty() ? "" : " ") + item.item + "=" + item.fukaiji_code;
    }
    record.result = withheld == 0                    ? ProvisionResult::kProvided
                    : withheld < answer.items.size() ? ProvisionResult::kPartlyWithheld
                                                     : ProvisionResult::kWithheld;
    record.detail = codes;
    outcome.items = std::move(answer.items);
  }
  outcome.record = store_.append(std::move(record));
  return outcome;
}

}  // namespace renkei::mynumber
