#pragma once
// One step of the pipeline. A stage inspects or enriches the exchange and either lets it go on
// or stops it with a fault. Stages are assembled into a chain in one place (pipeline_builder).
#include <optional>
#include <string_view>

#include "broker/core/exchange.h"

namespace renkei {

class StageResult {
 public:
  static StageResult proceed() { return StageResult(); }
  // The stage has arranged for exchange.resume to be called and must run again then (see
  // Exchange::resume). Only a stage that found exchange.resume set may return it.
  static StageResult park() {
    StageResult parked;
    parked.parked_ = true;
    return parked;
  }
  static StageResult refuse(FaultInfo fault) { return StageResult(std::move(fault)); }
  static StageResult refuse(FaultCode code, std::string reason) {
    FaultInfo f;
    f.code = code;
    f.reason = std::move(reason);
    return StageResult(std::move(f));
  }
  bool ok() const { return !fault_; }
  bool parked() const { return parked_; }
  const std::optional<FaultInfo>& fault() const { return fault_; }

 private:
  StageResult() = default;
  explicit StageResult(FaultInfo f) : fault_(std::move(f)) {}
  std::optional<FaultInfo> fault_;
  bool parked_ = false;
};

class Stage {
 public:
  virtual ~Stage() = default;
  virtual std::string_view name() const = 0;
  virtual StageResult process(Exchange& exchange) = 0;
};

}  // namespace renkei
