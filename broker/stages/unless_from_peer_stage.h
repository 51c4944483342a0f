#pragma once
// Runs a stage only for exchanges that did not come over the peer link. For a notification
// copy a peer broker forwards (store-and-forward, docs/federation.md), the replay check was
// made by the broker that accepted the post: a copy delivered hours later from the peer's
// backlog carries the original Timestamp, and a copy sent again after a lost receipt carries
// the same MessageId. The outbox keeps that idempotent instead (OutboxStore::addPeerCopy).
#include <memory>

#include "broker/core/stage.h"

namespace renkei {

class UnlessFromPeerStage : public Stage {
 public:
  explicit UnlessFromPeerStage(std::unique_ptr<Stage> stage) : stage_(std::move(stage)) {}
  std::string_view name() const override { return stage_->name(); }
  StageResult process(Exchange& exchange) override {
    if (!exchange.request.via_peer.empty()) return StageResult::proceed();
    return stage_->process(exchange);
  }

 private:
  std::unique_ptr<Stage> stage_;
};

}  // namespace renkei
