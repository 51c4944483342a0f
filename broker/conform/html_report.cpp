// The HTML report: one self-contained page (no scripts, no external files) a lab can archive or
// mail. Failed cases come first and are open; passed ones are folded (<details>).
#include <sstream>

#include "broker/conform/envelope_builder.h"
#include "broker/conform/reports.h"

namespace renkei::conform {
namespace {

constexpr const char* kStyle = R"(
body{font-family:"Noto Sans CJK JP","IPAPGothic","IPAmjMincho",sans-serif;margin:2em;color:#222}
pre{font-family:monospace,"IPAGothic","IPAmjMincho"}
h1{font-size:1.4em} table.sum td{padding:.2em 1em} .pass{color:#176c2e} .fail{color:#b3261e}
.skip{color:#777} details{border:1px solid #ccc;border-radius:4px;margin:.6em 0;padding:.4em .8em}
details.fail{border-color:#b3261e} summary{cursor:pointer;font-weight:bold}
.rule{background:#f6f6f6;padding:.4em .8em;margin:.4em 0}
pre{white-space:pre-wrap;word-break:break-all;background:#fafafa;border:1px solid #eee;
padding:.5em;max-height:24em;overflow:auto;font-size:.85em}
pre.diff .ok{color:#176c2e} pre.diff .del{color:#176c2e;background:#e6f4ea}
pre.diff .add{color:#b3261e;background:#fce8e6}
)";

std::string esc(const std::string& s) { return xmlEscape(s); }

void exchangeHtml(std::ostringstream& out, const ExchangeRecord& e) {
  out << "<h4>" << esc(e.label) << " — HTTP " << e.http_status << " " << esc(e.content_type) << ", "
      << static_cast<long>(e.elapsed_ms) << " ms</h4>\n";
  // A diff of expectation against observation: "  " held, "-" expected, "+" seen instead.
  out << "<pre class=\"diff\">";
  for (size_t i = 0; i < e.expected.size(); ++i) {
    if (e.seen[i].empty()) {
      out << "<span class=\"ok\">  " << esc(e.expected[i]) << "</span>\n";
    } else {
      out << "<span class=\"del\">- expected: " << esc(e.expected[i]) << "</span>\n"
          << "<span class=\"add\">+ seen:     " << esc(e.seen[i]) << "</span>\n";
    }
  }
  out << "</pre>\n<p>Request</p><pre>" << esc(shortened(e.request)) << "</pre>\n"
      << "<p>Response</p><pre>" << esc(shortened(e.response)) << "</pre>\n";
}

void caseHtml(std::ostringstream& out, const CaseResult& r) {
  const std::string v = verdictName(r.verdict);
  out << "<details class=\"" << v << "\" id=\"" << esc(r.spec.id + "-" + r.service) << "\""
      << (r.verdict == Verdict::kFail ? " open" : "") << ">\n<summary><span class=\"" << v << "\">"
      << (r.verdict == Verdict::kPass   ? "PASS"
          : r.verdict == Verdict::kFail ? "FAIL"
                                        : "SKIP")
      << "</span> " << esc(r.spec.id) << " " << esc(r.spec.title) << " <small>(" << esc(r.service)
      << ")</small></summary>\n";
  out << "<div class=\"rule\"><b>Rule</b> — " << esc(r.spec.rule_source) << ", "
      << esc(r.spec.rule_ref) << "<br>" << esc(r.spec.rule_text) << "</div>\n";
  if (!r.reason.empty()) {
    out << "<p class=\"" << v << "\"><b>"
        << (r.verdict == Verdict::kSkip ? "Not applicable" : "Why it failed") << ":</b> "
        << esc(r.reason) << "</p>\n";
  }
  if (!r.spec.wsdl_check.empty() && !r.problems.empty()) {
    out << "<ul>";
    for (const auto& p : r.problems) out << "<li>" << esc(p) << "</li>";
    out << "</ul>\n";
  }
  for (const ExchangeRecord& e : r.exchanges) exchangeHtml(out, e);
  out << "</details>\n";
}

}  // namespace

std::string htmlReport(const RunSummary& s) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">\n"
      << "<title>renkei conform — " << esc(s.endpoint) << "</title>\n<style>" << kStyle
      << "</style></head><body>\n<h1>適合性試験 conformance report: <span class=\""
      << (s.passed() ? "pass\">PASS" : "fail\">FAIL") << "</span></h1>\n<table class=\"sum\">"
      << "<tr><td>Endpoint</td><td>" << esc(s.endpoint) << "</td></tr><tr><td>Services</td><td>";
  for (size_t i = 0; i < s.services.size(); ++i) out << (i ? ", " : "") << esc(s.services[i]);
  out << "</td></tr><tr><td>Started (UTC)</td><td>" << esc(s.started_at)
      << "</td></tr><tr><td>Result</td><td id=\"result\">" << s.count(Verdict::kPass) << " passed, "
      << s.count(Verdict::kFail) << " failed, " << s.count(Verdict::kSkip) << " skipped in "
      << static_cast<long>(s.elapsed_ms) << " ms</td></tr></table>\n";
  for (Verdict v : {Verdict::kFail, Verdict::kPass, Verdict::kSkip}) {
    for (const CaseResult& r : s.results) {
      if (r.verdict == v) caseHtml(out, r);
    }
  }
  out << "</body></html>\n";
  return out.str();
}

}  // namespace renkei::conform
