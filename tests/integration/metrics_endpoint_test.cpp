// GET /metrics on the admin listener counts exactly the traffic sent, per outcome and fault code,
// keeps labels bounded (a sender nobody registered is "other"), records a unit's own SOAP Fault
// as outcome "fault", and always parses as the text exposition format.
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/support/admin_listener.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"
#include "tests/support/prometheus_text.h"
#include "tests/unit/support/test_http_server.h"

namespace renkei::testing {
namespace {

using Labels = std::map<std::string, std::string>;

// The platform fault code a refusal names, e.g. "Client.SchemaViolation".
std::string faultCodeIn(const std::string& body) {
  for (const char* kind : {"Client.", "Server."}) {
    const auto at = body.find(kind);
    if (at == std::string::npos) continue;
    auto end = at + std::string(kind).size();
    while (end < body.size() && std::isalpha(static_cast<unsigned char>(body[end]))) ++end;
    return body.substr(at, end - at);
  }
  return "";
}

PromExposition scrape(SoapClient& client, const AdminListener& admin) {
  const HttpAnswer answer = client.get(admin.url("/metrics"));
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.content_type.rfind("text/plain; version=0.0.4", 0), 0u) << answer.content_type;
  return parsePrometheusText(answer.body);  // throws on anything the format forbids
}

TEST(MetricsEndpoint, CountsExactlyTheTrafficSentPerOutcomeAndFaultCode) {
  UnitProcess juki("unit_juki");
  RunningBroker broker(BrokerSetup{{{"062022/juki", juki.url()}}});
  AdminListener admin(broker);
  SoapClient client;
  constexpr int kRouted = 5;
  constexpr int kSchemaInvalid = 3;
  constexpr int kStrangers = 2;
  for (int i = 0; i < kRouted; ++i) {
    const HttpAnswer a =
        client.post(broker.url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
    ASSERT_EQ(a.status, 200) << a.body;
  }
  for (int i = 0; i < kSchemaInvalid; ++i) {
    const HttpAnswer a =
        client.post(broker.url(), trafficFile("ido-joho-shokai.schema-invalid.xml"));
    ASSERT_EQ(faultCodeIn(a.body), "Client.SchemaViolation") << a.body;
  }
  // A sender no registry knows, claimed in the header: well-formed, so it reaches the checks.
  std::string stranger = trafficFile("ido-joho-shokai.kokuho-to-juki.xml");
  replaceAll(stranger, "<hdr:Sender>062022/kokuho<", "<hdr:Sender>062022/nobody<");
  std::string stranger_code;
  for (int i = 0; i < kStrangers; ++i) {
    const HttpAnswer a = client.post(broker.url(), stranger);
    stranger_code = faultCodeIn(a.body);
    ASSERT_FALSE(stranger_code.empty()) << a.body;
  }

  const HttpAnswer raw = client.get(admin.url("/metrics"));
  EXPECT_EQ(raw.body.find("nobody"), std::string::npos) << "an unknown unit became a label";
  const PromExposition m = scrape(client, admin);
  const Labels routed = {{"sender", "062022/kokuho"},
                         {"receiver", "062022/juki"},
                         {"service", "IdoJohoShokai"},
                         {"outcome", "routed"},
                         {"fault_code", ""}};
  EXPECT_EQ(m.value("renkei_exchanges_total", routed), kRouted);
  Labels invalid = routed;
  invalid["outcome"] = "refused";
  invalid["fault_code"] = "Client.SchemaViolation";
  EXPECT_EQ(m.value("renkei_exchanges_total", invalid), kSchemaInvalid);
  EXPECT_EQ(m.sum("renkei_exchanges_total", {{"sender", "other"}, {"fault_code", stranger_code}}),
            kStrangers);
  EXPECT_EQ(m.sum("renkei_exchanges_total"), kRouted + kSchemaInvalid + kStrangers);
  EXPECT_EQ(m.sum("renkei_exchanges_total", {{"outcome", "routed"}}), kRouted);

  // Every exchange was parsed and audited; only the routed ones were forwarded.
  const int all = kRouted + kSchemaInvalid + kStrangers;
  EXPECT_EQ(m.value("renkei_stage_duration_seconds_count", {{"stage", "parse"}}), all);
  EXPECT_EQ(m.value("renkei_stage_duration_seconds_count", {{"stage", "audit"}}), all);
  EXPECT_EQ(m.value("renkei_stage_duration_seconds_count", {{"stage", "forward"}}), kRouted);
  EXPECT_EQ(m.value("renkei_stage_duration_seconds_count", {{"stage", "response_check"}}), kRouted);
  EXPECT_EQ(m.value("renkei_exchanges_in_flight"), 0);
  EXPECT_GE(m.value("renkei_open_connections"), 1);  // this client's keep-alive connection
  EXPECT_EQ(m.sum("renkei_overload_refusals_total"), 0);
  EXPECT_EQ(m.value("renkei_receiver_in_flight", {{"receiver", "062022/juki"}}), 0);
  EXPECT_EQ(m.value("renkei_receiver_queued", {{"receiver", "062022/juki"}}), 0);
  EXPECT_EQ(m.value("renkei_receiver_breaker_open", {{"receiver", "062022/juki"}}), 0);
  EXPECT_EQ(m.value("renkei_audit_queue_depth"), 0);
  EXPECT_GE(m.value("renkei_audit_commit_duration_seconds_count"), 1);
  EXPECT_EQ(m.value("renkei_audit_answered_fault_recorded_routed_total"), 0);
  EXPECT_EQ(m.sum("renkei_store_errors_total"), 0);
  EXPECT_GE(m.value("renkei_registry_version"), 0);
  EXPECT_GE(m.value("renkei_registry_age_seconds"), 0);
  for (const char* family :
       {"renkei_exchanges_total", "renkei_stage_duration_seconds", "renkei_exchanges_in_flight",
        "renkei_open_connections", "renkei_overload_refusals_total", "renkei_receiver_in_flight",
        "renkei_receiver_queued", "renkei_receiver_breaker_open", "renkei_audit_queue_depth",
        "renkei_audit_commit_duration_seconds", "renkei_audit_answered_fault_recorded_routed_total",
        "renkei_store_errors_total", "renkei_registry_version", "renkei_registry_age_seconds"}) {
    EXPECT_EQ(m.types.count(family), 1u) << family;
  }
}

TEST(MetricsEndpoint, AUnitsOwnSoapFaultIsOutcomeFault) {
  test_support::TestHttpServer unit;
  test_support::TestHttpAnswer fault;
  fault.status = 500;
  fault.body =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
      "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>no such resident</faultstring>"
      "</soap:Fault></soap:Body></soap:Envelope>";
  unit.setAnswer(fault);
  RunningBroker broker(BrokerSetup{{{"062022/juki", unit.url()}}});
  AdminListener admin(broker);
  SoapClient client;
  const HttpAnswer a = client.post(broker.url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
  ASSERT_EQ(a.status, 500) << a.body;
  ASSERT_NE(a.body.find("no such resident"), std::string::npos) << a.body;
  const PromExposition m = scrape(client, admin);
  EXPECT_EQ(m.value("renkei_exchanges_total", {{"sender", "062022/kokuho"},
                                               {"receiver", "062022/juki"},
                                               {"service", "IdoJohoShokai"},
                                               {"outcome", "fault"},
                                               {"fault_code", ""}}),
            1);
  EXPECT_EQ(m.sum("renkei_exchanges_total", {{"outcome", "routed"}}), 0);
}

}  // namespace
}  // namespace renkei::testing
