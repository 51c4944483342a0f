#pragma once
// Who is told about each exchange once the pipeline is done with it: metrics and the access log.
// Core knows only this interface; the implementations live in broker/metrics and
// broker/accesslog. Observers run on the worker, after the reply is decided and the audit record
// is durable, so they must be quick and must not throw.
#include <chrono>
#include <span>
#include <string_view>
#include <vector>

#include "broker/core/exchange.h"

namespace renkei {

// "routed", "refused" (the caller's fault), "failed" (the broker's or the receiver's transport),
// or "fault": routed, and the receiving unit answered with its own SOAP Fault.
std::string_view exchangeOutcome(const Exchange& exchange);

// A finished exchange as observers see it: what the caller was answered, and where time went.
struct ExchangeReport {
  const Exchange& exchange;
  std::string_view outcome;     // exchangeOutcome(), or "failed" when the audit record failed
  std::string_view fault_code;  // the fault table's name; empty when none
  std::span<const StageTiming> stages;  // in the order they ran
  std::chrono::microseconds audit{0};   // waiting for the audit record to be durable
  std::chrono::microseconds total{0};   // from the request's last byte to the reply
};

// The name a stage's time is reported under, in metrics and the access log alike:
// "header_check" is "header", "audit-ready" "audit_ready"; the audit record's wait is "audit".
std::string_view stageLabel(std::string_view stage_name);

class ExchangeObserver {
 public:
  virtual ~ExchangeObserver() = default;
  virtual void started() {}
  virtual void finished(const ExchangeReport& report) = 0;
};

// Several observers as one, told in the order given.
class ExchangeObservers : public ExchangeObserver {
 public:
  void add(ExchangeObserver* observer) {
    if (observer != nullptr) observers_.push_back(observer);
  }
  bool empty() const { return observers_.empty(); }
  void started() override {
    for (ExchangeObserver* o : observers_) o->started();
  }
  void finished(const ExchangeReport& report) override {
    for (ExchangeObserver* o : observers_) o->finished(report);
  }

 private:
  std::vector<ExchangeObserver*> observers_;
};

}  // namespace renkei
