#pragma once
// The per-exchange series: renkei_exchanges_total by sender, receiver, service, outcome and fault
// code; renkei_stage_duration_seconds by stage; renkei_exchanges_in_flight.
//
// Label values stay bounded whatever callers send: a sender or receiver is named only when the
// registry knows the unit (else "other"), a service only when it is configured (else "other"),
// a fault code only from the fault table; each is empty when the message never got far enough to
// say (no readable platform header). Nothing from a message body ever becomes a label.
#include <array>
#include <string_view>
#include <utility>

#include "broker/core/exchange_observer.h"
#include "broker/core/service_catalog.h"
#include "broker/metrics/metrics_registry.h"

namespace renkei::metrics {

class ExchangeMetrics : public ExchangeObserver {
 public:
  ExchangeMetrics(Registry& registry, const ServiceCatalog& catalog);

  void started() override;
  void finished(const ExchangeReport& report) override;

 private:
  Histogram& stageHistogram(std::string_view stage_name);

  const ServiceCatalog& catalog_;
  CounterFamily& exchanges_;
  HistogramFamily& stages_;
  Gauge& in_flight_;
  // Every stage's histogram, resolved once here: no family lookup per stage per exchange.
  std::array<std::pair<std::string_view, Histogram*>, 13> by_stage_{};
  Histogram* audit_ = nullptr;
};

}  // namespace renkei::metrics
