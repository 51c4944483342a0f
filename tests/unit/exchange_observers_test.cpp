// What metrics and the access log make of one finished exchange: bounded labels (unknown units
// and services are "other"), outcomes as the audit trail decides them plus "fault", and an
// access-log line that is JSON with identifiers only.
#include <gtest/gtest.h>

#include <set>

#include "broker/accesslog/access_log_line.h"
#include "broker/metrics/exchange_metrics.h"
#include "tests/support/prometheus_text.h"

namespace renkei {
namespace {

using renkei::testing::parsePrometheusText;

class KnownUnits : public ServiceCatalog {
 public:
  std::optional<Unit> findUnit(const std::string& id) const override {
    if (id != "062022/kokuho" && id != "062022/juki") return std::nullopt;
    Unit unit;
    unit.id = id;
    return unit;
  }
  std::optional<ServiceDef> findService(const std::string&, const std::string&) const override {
    return std::nullopt;
  }
  std::optional<Link> findActiveLink(const std::string&, const std::string&, const std::string&,
                                     const std::string&, const std::string&,
                                     const std::string&) const override {
    return std::nullopt;
  }
};

void withHeader(Exchange& exchange, const std::string& sender, const std::string& receiver) {
  PlatformHeader header;
  header.message_id = "5f0c6a43-4a7e-4c59-9a51-7d4f9c1b2e01";
  header.sender = sender;
  header.receiver = receiver;
  header.service_name = "IdoJohoShokai";
  header.service_version = "1";
  exchange.header = header;
}

ExchangeReport reportOf(const Exchange& exchange) {
  ExchangeReport report{exchange, exchangeOutcome(exchange), {}, {}};
  if (exchange.fault) report.fault_code = faultSpec(exchange.fault->code).name;
  report.stages = std::span(exchange.stage_timings.data(), exchange.stage_count);
  return report;
}

TEST(ExchangeOutcome, FollowsTheAuditTrailAndNamesAUnitsOwnFault) {
  Exchange routed;
  EXPECT_EQ(exchangeOutcome(routed), "routed");
  Exchange unit_fault;
  unit_fault.unit_fault = true;
  EXPECT_EQ(exchangeOutcome(unit_fault), "fault");
  Exchange refused;
  refused.fault = faultOf(FaultCode::kSchemaViolation, "x");
  EXPECT_EQ(exchangeOutcome(refused), "refused");
  Exchange failed;
  failed.fault = faultOf(FaultCode::kReceiverTimeout, "x");
  EXPECT_EQ(exchangeOutcome(failed), "failed");
}

TEST(ExchangeMetrics, UnknownUnitsAndServicesAreOther) {
  metrics::Registry registry;
  KnownUnits units;
  metrics::ExchangeMetrics observer(registry, units);

  Exchange known;
  withHeader(known, "062022/kokuho", "062022/juki");
  known.service = ServiceDef{"IdoJohoShokai", "1", "", "", "", "", ""};
  known.stage_timings[known.stage_count++] = {"parse", std::chrono::microseconds(120)};
  known.stage_timings[known.stage_count++] = {"header_check", std::chrono::microseconds(5)};
  observer.started();
  observer.finished(reportOf(known));

  Exchange stranger;  // claims units nobody registered and a service nobody configured
  withHeader(stranger, "999999/nobody-123456789018", "062022/juki");
  stranger.fault = faultOf(FaultCode::kUnknownUnit, "x");
  observer.started();
  observer.finished(reportOf(stranger));

  Exchange unreadable;  // no platform header at all
  unreadable.fault = faultOf(FaultCode::kInvalidXml, "x");
  observer.started();
  observer.finished(reportOf(unreadable));

  const std::string text = registry.exposition();
  const auto parsed = parsePrometheusText(text);
  EXPECT_EQ(parsed.value("renkei_exchanges_total", {{"sender", "062022/kokuho"},
                                                    {"receiver", "062022/juki"},
                                                    {"service", "IdoJohoShokai"},
                                                    {"outcome", "routed"},
                                                    {"fault_code", ""}}),
            1);
  EXPECT_EQ(parsed.value("renkei_exchanges_total", {{"sender", "other"},
                                                    {"receiver", "062022/juki"},
                                                    {"service", "other"},
                                                    {"outcome", "refused"},
                                                    {"fault_code", "Client.UnknownUnit"}}),
            1);
  EXPECT_EQ(parsed.value("renkei_exchanges_total", {{"sender", ""},
                                                    {"receiver", ""},
                                                    {"service", ""},
                                                    {"outcome", "refused"},
                                                    {"fault_code", "Client.InvalidXml"}}),
            1);
  EXPECT_EQ(text.find("nobody"), std::string::npos) << text;
  EXPECT_EQ(parsed.value("renkei_stage_duration_seconds_count", {{"stage", "header"}}), 1);
  EXPECT_EQ(parsed.value("renkei_stage_duration_seconds_count", {{"stage", "parse"}}), 1);
  EXPECT_EQ(parsed.value("renkei_stage_duration_seconds_count", {{"stage", "audit"}}), 3);
  EXPECT_DOUBLE_EQ(parsed.value("renkei_stage_duration_seconds_sum", {{"stage", "parse"}}),
                   0.00012);
  EXPECT_EQ(parsed.value("renkei_exchanges_in_flight"), 0);
}

TEST(AccessLogLine, TimeCarriesTheLocalOffset) {
  const auto when = std::chrono::system_clock::time_point(std::chrono::milliseconds(1717377342123));
  EXPECT_EQ(accesslog::isoTimeWithOffset(when, 9 * 3600), "2024-06-03T10:15:42.123+09:00");
  EXPECT_EQ(accesslog::isoTimeWithOffset(when, 0), "2024-06-03T01:15:42.123+00:00");
  EXPECT_EQ(accesslog::isoTimeWithOffset(when, -(3 * 3600 + 1800)),
            "2024-06-02T21:45:42.123-03:30");
}

TEST(AccessLogLine, IdentifiersAndTimingsOnlyWithMyNumbersMasked) {
  Exchange exchange;
  withHeader(exchange, "062022/kokuho", "062022/juki");
  exchange.request.peer = "127.0.0.1:40000";
  exchange.request.body = "<AtenaNo>000000000000001</AtenaNo>";
  exchange.fault = faultOf(FaultCode::kSchemaViolation, "value 123456789018 is too long");
  exchange.stage_timings[exchange.stage_count++] = {"parse", std::chrono::microseconds(120)};
  exchange.stage_timings[exchange.stage_count++] = {"header_check", std::chrono::microseconds(7)};
  ExchangeReport report = reportOf(exchange);
  report.audit = std::chrono::microseconds(300);
  report.total = std::chrono::microseconds(450);
  const auto when = std::chrono::system_clock::time_point(std::chrono::milliseconds(1717377342123));
  EXPECT_EQ(accesslog::accessLogLine(report, "broker-123456789018:8080", when, 9 * 3600),
            "{\"time\":\"2024-06-03T10:15:42.123+09:00\","
            "\"message_id\":\"5f0c6a43-4a7e-4c59-9a51-7d4f9c1b2e01\","
            "\"sender\":\"062022/kokuho\",\"receiver\":\"062022/juki\","
            "\"service\":\"IdoJohoShokai:1\",\"outcome\":\"refused\","
            "\"fault_code\":\"Client.SchemaViolation\",\"latency_us\":450,"
            "\"stages_us\":{\"parse\":120,\"header\":7,\"audit\":300},"
            "\"peer\":\"127.0.0.1:40000\",\"instance\":\"broker-************:8080\"}");
}

}  // namespace
}  // namespace renkei
