#include <cstdio>
#include <map>
#include <sstream>

#include "broker/conform/envelope_builder.h"
#include "broker/conform/reports.h"

namespace renkei::conform {

std::string shortened(const std::string& body) {
  if (body.size() <= kReportBodyLimit) return body;
  size_t cut = kReportBodyLimit;
  while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return body.substr(0, cut) + "\n[... " + std::to_string(body.size() - cut) +
         " more bytes not shown]";
}

namespace {

// Seconds as JUnit readers parse them: fixed-point, never "1e-05".
std::string seconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ms / 1000);
  return buf;
}

}  // namespace

std::string junitReport(const RunSummary& summary) {
  std::map<std::string, std::vector<const CaseResult*>> by_service;
  for (const CaseResult& r : summary.results) by_service[r.service].push_back(&r);
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"renkei conform\" tests=\"" << summary.results.size()
      << "\" failures=\"" << summary.count(Verdict::kFail) << "\" errors=\"0\" skipped=\""
      << summary.count(Verdict::kSkip) << "\" time=\"" << seconds(summary.elapsed_ms) << "\">\n";
  for (const auto& [service, results] : by_service) {
    int failures = 0, skipped = 0;
    double ms = 0;
    for (const CaseResult* r : results) {
      failures += r->verdict == Verdict::kFail;
      skipped += r->verdict == Verdict::kSkip;
      ms += r->elapsed_ms;
    }
    out << "  <testsuite name=\"" << xmlEscape(service) << "\" tests=\"" << results.size()
        << "\" failures=\"" << failures << "\" errors=\"0\" skipped=\"" << skipped << "\" time=\""
        << seconds(ms) << "\" timestamp=\"" << summary.started_at << "\" hostname=\""
        << xmlEscape(summary.endpoint) << "\">\n";
    for (const CaseResult* r : results) {
      out << "    <testcase classname=\"" << xmlEscape(service) << "\" name=\""
          << xmlEscape(r->spec.id + " " + r->spec.title) << "\" time=\"" << seconds(r->elapsed_ms)
          << "\"";
      if (r->verdict == Verdict::kPass) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      if (r->verdict == Verdict::kSkip) {
        out << "      <skipped message=\"" << xmlEscape(r->reason) << "\"/>\n";
      } else {
        std::string detail = "Rule (" + r->spec.rule_source + " " + r->spec.rule_ref +
                             "): " + r->spec.rule_text + "\n";
        for (const std::string& p : r->problems) detail += "- " + p + "\n";
        out << "      <failure message=\"" << xmlEscape(r->reason) << "\" type=\""
            << xmlEscape(r->spec.id) << "\">" << xmlEscape(detail) << "</failure>\n";
      }
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return out.str();
}

}  // namespace renkei::conform
