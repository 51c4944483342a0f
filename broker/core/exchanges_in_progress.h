#pragma once
// How many exchanges are between their start and the end of their audit record: the audit
// writer's bound on companions worth waiting for (batching_audit_writer.h). An exchange counted
// here is either still on its way to the writer or already waiting in it; one not counted (a
// notification's delivery record) only makes the writer wait less.
#include <atomic>
#include <cstdint>

#include "broker/core/exchange_observer.h"

namespace renkei {

class ExchangesInProgress : public ExchangeObserver {
 public:
  void started() override { count_.fetch_add(1, std::memory_order_relaxed); }
  void finished(const ExchangeReport&) override { count_.fetch_sub(1, std::memory_order_relaxed); }
  const std::atomic<int64_t>& count() const { return count_; }

 private:
  std::atomic<int64_t> count_{0};
};

}  // namespace renkei
