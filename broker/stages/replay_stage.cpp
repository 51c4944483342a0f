#include "broker/stages/replay_stage.h"

#include <iostream>
#include <string>

#include "broker/core/my_number.h"
#include "broker/replay/xs_date_time.h"

namespace renkei {
namespace {

std::string describeOffset(std::chrono::seconds offset) {
  const auto s = offset.count();
  const auto magnitude = s < 0 ? -s : s;
  std::string amount = magnitude >= 7200  ? std::to_string(magnitude / 3600) + " h"
                       : magnitude >= 120 ? std::to_string(magnitude / 60) + " min"
                                          : std::to_string(magnitude) + " s";
  return amount + (s < 0 ? " behind" : " ahead of");
}

}  // namespace

StageResult ReplayStage::process(Exchange& exchange) {
  const PlatformHeader& header = *exchange.header;
  const auto sent = parseXsDateTime(header.timestamp);
  if (!sent) {
    FaultInfo f;
    f.code = FaultCode::kInvalidHeader;
    f.reason = "platform header field Timestamp is not an xs:dateTime";
    return StageResult::refuse(std::move(f));
  }
  const auto offset = std::chrono::duration_cast<std::chrono::seconds>(*sent - now_());
  if (offset > max_skew_ || -offset > max_skew_) {
    FaultInfo f;
    f.code = FaultCode::kStaleMessage;
    f.reason = "the header's Timestamp " + header.timestamp + " is " + describeOffset(offset) +
               " the broker's clock; messages must be within " + std::to_string(max_skew_.count()) +
               " s of it (send a fresh Timestamp; a resent " + "message needs a new MessageId too)";
    return StageResult::refuse(std::move(f));
  }
  bool fresh = false;
  try {
    fresh = guard_.claim(header.sender, header.message_id);
  } catch (const ReplayStoreError& e) {
    // The store's own words name its host: the operator's log, never the fault.
    noteClaimFailed(maskMyNumbers(e.what()));
    return StageResult::refuse(FaultCode::kAuditUnavailable,
                               std::string(faultSpec(FaultCode::kAuditUnavailable).meaning));
  }
  if (claims_failing_.load(std::memory_order_relaxed)) noteClaimWorked();
  if (!fresh) {
    return StageResult::refuse(FaultCode::kDuplicateMessage,
                               "MessageId " + header.message_id + " from " + header.sender +
                                   " was already accepted; a new message needs a new MessageId");
  }
  return StageResult::proceed();
}

void ReplayStage::noteClaimFailed(const std::string& error) {
  std::lock_guard lock(log_mutex_);
  ++refused_while_failing_;
  if (claims_failing_) return;
  claims_failing_ = true;
  std::cerr << "renkei: replay claims failing, exchanges refused (Server.AuditUnavailable) until "
               "the store answers: "
            << error << std::endl;
}

void ReplayStage::noteClaimWorked() {
  std::lock_guard lock(log_mutex_);
  if (!claims_failing_) return;
  claims_failing_ = false;
  std::cerr << "renkei: replay claims work again; " << refused_while_failing_
            << (refused_while_failing_ == 1 ? " exchange was" : " exchanges were")
            << " refused meanwhile" << std::endl;
  refused_while_failing_ = 0;
}

}  // namespace renkei
