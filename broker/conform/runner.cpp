#include "broker/conform/runner.h"

#include <chrono>

#include "broker/conform/envelope_builder.h"
#include "broker/conform/exchange_checks.h"
#include "broker/conform/http_client.h"
#include "broker/conform/wsdl_checks.h"
#include "broker/core/random_uuid.h"
#include "broker/core/utc_timestamp.h"

namespace renkei::conform {
namespace {

double msSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

void skip(CaseResult& r, std::string why) {
  r.verdict = Verdict::kSkip;
  r.reason = std::move(why);
}

}  // namespace

const char* verdictName(Verdict v) {
  return v == Verdict::kPass ? "pass" : v == Verdict::kFail ? "fail" : "skip";
}

RunSummary Runner::run(const std::vector<ServiceUnderTest>& services,
                       const std::function<void(const CaseResult&)>& progress) {
  RunSummary summary;
  summary.endpoint = options_.endpoint;
  summary.started_at = utcTimestampNow();
  const auto start = std::chrono::steady_clock::now();
  for (const ServiceUnderTest& s : services) {
    summary.services.push_back(s.label());
    for (const ConformCase& c : cases_) {
      if (!options_.only.empty() && !options_.only.count(c.id)) continue;
      if (!c.received_check.empty()) continue;  // --as-receiver cases: receiver_runner.h
      summary.results.push_back(runCase(c, s));
      if (progress) progress(summary.results.back());
    }
  }
  summary.elapsed_ms = msSince(start);
  return summary;
}

CaseResult Runner::runCase(const ConformCase& c, const ServiceUnderTest& s) {
  CaseResult r;
  r.spec = c;
  r.service = s.label();
  const auto start = std::chrono::steady_clock::now();
  if (!c.wsdl_check.empty()) {
    r.problems = runWsdlCheck(c.wsdl_check, s.wsdl, s.view);
  } else if (c.exchange) {
    const ExchangeSpec& x = *c.exchange;
    std::vector<bool> versions;  // false: SOAP 1.1, true: SOAP 1.2
    if (x.soap != SoapChoice::k12 && options_.soap11 && s.view.binds11) versions.push_back(false);
    if (x.soap != SoapChoice::k11 && options_.soap12 && s.view.binds12) versions.push_back(true);
    for (size_t i = 0; i < s.view.operations.size() && (x.all_operations || i == 0); ++i) {
      const ServiceOperation& op = s.view.operations[i];
      if (x.body_ref == "text" && s.data.operation(op.name)->text_body.empty()) continue;
      for (bool soap12 : versions) runExchange(x, s, op, soap12, r);
    }
    if (r.exchanges.empty()) {
      skip(r, x.body_ref == "text"
                  ? "the data set " + s.data.file + " declares no <text> to round-trip"
                  : "no SOAP version both selected (--soap) and bound by the WSDL applies");
    }
  }
  for (const ExchangeRecord& e : r.exchanges) {
    for (const std::string& p : e.problems) r.problems.push_back(e.label + ": " + p);
  }
  if (!r.problems.empty()) {
    r.verdict = Verdict::kFail;
    r.reason = r.problems.front();
    if (r.problems.size() > 1)
      r.reason += " (and " + std::to_string(r.problems.size() - 1) + " more)";
  }
  r.elapsed_ms = msSince(start);
  return r;
}

void Runner::runExchange(const ExchangeSpec& x, const ServiceUnderTest& s,
                         const ServiceOperation& op, bool soap12, CaseResult& result) {
  const OperationData& data = *s.data.operation(op.name);
  const std::string where = result.spec.file + ": case " + result.spec.id;
  std::map<std::string, std::string> body_values = {{"bodyNs", op.request.ns}};
  const std::string& body_text = x.body_ref == "valid"     ? data.valid_body
                                 : x.body_ref == "invalid" ? data.invalid_body
                                 : x.body_ref == "text"    ? data.text_body
                                                           : x.body_template;
  HttpClient client(options_.timeout_ms);  // a fresh connection per operation and version
  for (int n = 0; n < x.repeat; ++n) {
    RequestParts parts;
    parts.soap12 = soap12;
    parts.body_ns = op.request.ns;
    parts.body = fillTemplate(body_text, body_values, where);
    parts.header = {{"MessageId", newRandomUuid()},     {"Sender", s.data.sender},
                    {"Receiver", s.data.receiver},      {"ServiceName", s.data.service},
                    {"ServiceVersion", s.data.version}, {"PurposeCode", s.data.purpose},
                    {"Timestamp", utcTimestampNow()},   {"ProtocolVersion", "1.0"}};
    for (const auto& [field, value] : x.header_overrides) parts.header[field] = value;
    const size_t pad = static_cast<size_t>(x.pad_to_limit * s.data.max_message_bytes);
    ExchangeRecord record;
    record.label = op.name + ", SOAP " + (soap12 ? "1.2" : "1.1") +
                   (x.repeat > 1 ? ", request " + std::to_string(n + 1) : "");
    record.request = buildEnvelope(x, parts, pad, where);
    const HttpReply reply =
        client.postSoap(options_.endpoint, record.request, soap12, op.soap_action);
    record.http_status = reply.status;
    record.content_type = reply.content_type;
    record.response = reply.body;
    record.elapsed_ms = reply.elapsed_ms;
    ExchangeContext context{
        op, s.data, soap12, parts.header, x.expect, schemas_, data.text_expected};
    judgeReply(context, reply, record);
    if (x.expect.within_time_limit) {
      record.check("an answer within " + std::to_string(s.data.time_limit_ms) +
                       " ms (the data set's timeLimitMs)",
                   reply.elapsed_ms <= s.data.time_limit_ms,
                   "answered after " + std::to_string(long(reply.elapsed_ms)) +
                       " ms; the limit is " + std::to_string(s.data.time_limit_ms) + " ms");
    }
    if (x.expect.same_connection && n > 0) {
      record.check("the connection of the previous request is reused", reply.reused_connection,
                   "the unit closed the connection after the previous answer (no HTTP "
                   "keep-alive); the client had to open a new one");
    }
    result.exchanges.push_back(std::move(record));
  }
}

}  // namespace renkei::conform
