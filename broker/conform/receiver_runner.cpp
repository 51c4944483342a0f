#include "broker/conform/receiver_runner.h"

#include <chrono>

#include "broker/conform/envelope_builder.h"
#include "broker/conform/http_listener.h"
#include "broker/conform/received_request.h"
#include "broker/core/utc_timestamp.h"

namespace renkei::conform {

RunSummary runAsReceiver(const std::vector<ConformCase>& cases,
                         const std::vector<ServiceUnderTest>& services,
                         const xml::SchemaSet& schemas, const ReceiverOptions& options,
                         const ReceiverProgress& progress) {
  HttpListener listener(options.host, options.port);
  RunSummary summary;
  summary.endpoint = "as receiver on " + options.host + ":" + std::to_string(listener.port());
  summary.started_at = utcTimestampNow();
  std::string services_label;
  for (const auto& s : services) {
    summary.services.push_back(s.label());
    services_label += (services_label.empty() ? "" : ", ") + s.label();
  }
  for (const ConformCase& c : cases) {
    if (c.received_check.empty() || (!options.only.empty() && !options.only.count(c.id))) continue;
    CaseResult r;
    r.spec = c;
    r.service = services_label;
    summary.results.push_back(std::move(r));
  }
  if (progress.listening) progress.listening(listener.port());
  const auto start = std::chrono::steady_clock::now();
  int received = 0;
  listener.serve(start + std::chrono::milliseconds(options.wait_ms),
                 [&](const ReceivedRequest& request, ReplyToSend& reply) {
                   ++received;
                   const ReceivedRequestJudge judge(request, services, schemas);
                   std::vector<std::string> problems;
                   for (CaseResult& r : summary.results) {
                     ExchangeRecord record;
                     record.label = "request " + std::to_string(received) + ": " + judge.label();
                     record.request = request.body;
                     judge.judge(r.spec.received_check, record);
                     for (const auto& p : record.problems) problems.push_back(r.spec.id + ": " + p);
                     r.exchanges.push_back(std::move(record));
                   }
                   reply = judge.reply(problems);
                   for (CaseResult& r : summary.results) {
                     r.exchanges.back().http_status = reply.status;
                     r.exchanges.back().content_type = reply.content_type;
                     r.exchanges.back().response = reply.body;
                   }
                   if (progress.request) progress.request(received, judge.label(), problems);
                   return received < options.count;
                 });
  summary.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  for (CaseResult& r : summary.results) {
    for (const ExchangeRecord& e : r.exchanges) {
      for (const std::string& p : e.problems) r.problems.push_back(e.label + ": " + p);
    }
    if (received == 0) {
      r.problems.push_back("no request arrived within " + std::to_string(options.wait_ms / 1000) +
                           " s on " + options.host + ":" + std::to_string(listener.port()));
    }
    if (!r.problems.empty()) {
      r.verdict = Verdict::kFail;
      r.reason = r.problems.front();
    }
  }
  return summary;
}

}  // namespace renkei::conform
