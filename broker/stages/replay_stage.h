#pragma once
// Freshness and replay (issue 9): after authorization, so only a message its sender may send
// uses up a message id, and a refusal for bad XML or no link never does.
//  - the header's Timestamp must be within ±max_skew of the broker's clock (Client.StaleMessage);
//  - (sender, MessageId) must not have been accepted within the retention
//    (Client.DuplicateMessage).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "broker/core/stage.h"
#include "broker/replay/replay_guard.h"

namespace renkei {

class ReplayStage : public Stage {
 public:
  using Now = std::function<std::chrono::system_clock::time_point()>;
  ReplayStage(ReplayGuard& guard, std::chrono::seconds max_skew,
              Now now = std::chrono::system_clock::now)
      : guard_(guard), max_skew_(max_skew), now_(std::move(now)) {}
  std::string_view name() const override { return "replay"; }
  StageResult process(Exchange& exchange) override;

 private:
  // The operator's log gets one line when claims start failing and one when they work again,
  // not one per refused exchange: under traffic an outage would write hundreds a second.
  void noteClaimFailed(const std::string& error);
  void noteClaimWorked();

  ReplayGuard& guard_;
  const std::chrono::seconds max_skew_;
  const Now now_;
  std::atomic<bool> claims_failing_{false};  // read per exchange; changed under log_mutex_
  std::mutex log_mutex_;
  int64_t refused_while_failing_ = 0;  // guarded by log_mutex_
};

}  // namespace renkei
