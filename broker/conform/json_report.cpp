#include <sstream>

#include "broker/conform/reports.h"
#include "broker/reports/report_format.h"

namespace renkei::conform {
namespace {

using reports::jsonString;

std::string stringArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + jsonString(items[i]);
  return out + "]";
}

}  // namespace

std::string jsonReport(const RunSummary& s) {
  std::ostringstream out;
  out << "{\n  \"endpoint\": " << jsonString(s.endpoint)
      << ",\n  \"services\": " << stringArray(s.services)
      << ",\n  \"startedAt\": " << jsonString(s.started_at)
      << ",\n  \"elapsedMs\": " << static_cast<long>(s.elapsed_ms)
      << ",\n  \"passed\": " << s.count(Verdict::kPass)
      << ",\n  \"failed\": " << s.count(Verdict::kFail)
      << ",\n  \"skipped\": " << s.count(Verdict::kSkip)
      << ",\n  \"verdict\": " << jsonString(s.passed() ? "pass" : "fail") << ",\n  \"cases\": [";
  for (size_t i = 0; i < s.results.size(); ++i) {
    const CaseResult& r = s.results[i];
    out << (i ? "," : "") << "\n    {\"id\": " << jsonString(r.spec.id)
        << ", \"service\": " << jsonString(r.service) << ", \"title\": " << jsonString(r.spec.title)
        << ",\n     \"rule\": {\"source\": " << jsonString(r.spec.rule_source)
        << ", \"ref\": " << jsonString(r.spec.rule_ref)
        << ", \"text\": " << jsonString(r.spec.rule_text)
        << "},\n     \"verdict\": " << jsonString(verdictName(r.verdict))
        << ", \"reason\": " << jsonString(r.reason)
        << ", \"elapsedMs\": " << static_cast<long>(r.elapsed_ms)
        << ",\n     \"problems\": " << stringArray(r.problems) << ",\n     \"exchanges\": [";
    for (size_t k = 0; k < r.exchanges.size(); ++k) {
      const ExchangeRecord& e = r.exchanges[k];
      out << (k ? "," : "") << "\n       {\"label\": " << jsonString(e.label)
          << ", \"httpStatus\": " << e.http_status
          << ", \"contentType\": " << jsonString(e.content_type)
          << ", \"elapsedMs\": " << static_cast<long>(e.elapsed_ms)
          << ",\n        \"expected\": " << stringArray(e.expected)
          << ",\n        \"problems\": " << stringArray(e.problems)
          << ",\n        \"request\": " << jsonString(shortened(e.request))
          << ",\n        \"response\": " << jsonString(shortened(e.response)) << "}";
    }
    out << "]}";
  }
  out << "\n  ]\n}\n";
  return out.str();
}

}  // namespace renkei::conform
