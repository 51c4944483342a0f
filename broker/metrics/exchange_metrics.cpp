#include "broker/metrics/exchange_metrics.h"

namespace renkei::metrics {
namespace {

constexpr std::string_view kOther = "other";

// Stage::name() of every stage pipeline_builder can assemble.
constexpr std::string_view kStageNames[] = {
    "parse",  "header_check", "signature",   "authenticate", "schema",        "authorize",
    "replay", "audit-ready",  "broker_sign", "forward",      "response_check"};

}  // namespace

ExchangeMetrics::ExchangeMetrics(Registry& registry, const ServiceCatalog& catalog)
    : catalog_(catalog),
      exchanges_(registry.counter(
          "renkei_exchanges_total",
          "Exchanges answered, by sender, receiver, service, outcome (routed, refused, failed, "
          "fault) and fault code. Units the registry does not know are \"other\".",
          {"sender", "receiver", "service", "outcome", "fault_code"})),
      stages_(registry.histogram("renkei_stage_duration_seconds",
                                 "Time spent in each pipeline stage; audit is the wait for the "
                                 "exchange's audit record to be durable.",
                                 {"stage"}, latencyBuckets())),
      in_flight_(registry
                     .gauge("renkei_exchanges_in_flight",
                            "Exchanges inside the pipeline now (on a worker).")
                     .with({})) {
  static_assert(std::size(kStageNames) <= std::tuple_size_v<decltype(by_stage_)>);
  std::size_t i = 0;
  for (std::string_view name : kStageNames) {
    by_stage_[i++] = {name, &stages_.with({stageLabel(name)})};
  }
  audit_ = &stages_.with({"audit"});
}

Histogram& ExchangeMetrics::stageHistogram(std::string_view stage_name) {
  for (const auto& [name, histogram] : by_stage_) {
    if (histogram != nullptr && name == stage_name) return *histogram;
  }
  // A stage added later without a line above still gets its own (bounded: stages are code).
  return stages_.with({stageLabel(stage_name)});
}

void ExchangeMetrics::started() { in_flight_.add(1); }

void ExchangeMetrics::finished(const ExchangeReport& report) {
  const Exchange& exchange = report.exchange;
  std::string_view sender;
  std::string_view receiver;
  std::string_view service;
  if (exchange.header) {
    const PlatformHeader& header = *exchange.header;
    // The authenticate stage proved this one; otherwise ask the registry.
    sender = exchange.authenticated_unit == header.sender || catalog_.findUnit(header.sender)
                 ? std::string_view(header.sender)
                 : kOther;
    if (exchange.receiver) {
      receiver = exchange.receiver->id;
    } else {
      receiver = catalog_.findUnit(header.receiver) ? std::string_view(header.receiver) : kOther;
    }
    // The schema stage sets exchange.service only once the body is valid; a refusal before
    // that still names a configured service.
    if (exchange.service || catalog_.findService(header.service_name, header.service_version)) {
      service = header.service_name;
    } else {
      service = kOther;
    }
  }
  exchanges_.with({sender, receiver, service, report.outcome, report.fault_code}).inc();
  constexpr double kPerMicro = 1e-6;
  for (const StageTiming& timing : report.stages) {
    stageHistogram(timing.stage).observe(static_cast<double>(timing.elapsed.count()) * kPerMicro);
  }
  audit_->observe(static_cast<double>(report.audit.count()) * kPerMicro);
  in_flight_.add(-1);
}

}  // namespace renkei::metrics
