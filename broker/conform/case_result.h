#pragma once
// What a run produced, per case and service: the verdict, the reason a vendor reads, and every
// exchange with what was expected of it. Reports (JUnit, JSON, HTML, signed summary) read this.
#include <string>
#include <vector>

#include "broker/conform/case_model.h"

namespace renkei::conform {

enum class Verdict { kPass, kFail, kSkip };
const char* verdictName(Verdict v);  // "pass", "fail", "skip"

struct ExchangeRecord {
  std::string label;  // "IdoJohoShokai, SOAP 1.2"
  std::string request;
  long http_status = 0;
  std::string content_type;
  std::string response;
  double elapsed_ms = 0;
  std::vector<std::string> expected;  // each expectation, in words
  std::vector<std::string> seen;      // parallel to expected: "" when it held, else what was seen
  std::vector<std::string> problems;  // each expectation that did not hold, with what was seen

  void check(const std::string& what, bool held, const std::string& problem) {
    expected.push_back(what);
    seen.push_back(held ? "" : problem);
    if (!held) problems.push_back(problem);
  }
};

struct CaseResult {
  ConformCase spec;
  std::string service;  // "IdoJohoShokai:1"
  Verdict verdict = Verdict::kPass;
  std::string reason;  // first problem, or why skipped; empty on pass
  std::vector<ExchangeRecord> exchanges;
  std::vector<std::string> problems;  // WSDL checks: every finding
  double elapsed_ms = 0;
};

struct RunSummary {
  std::string endpoint;
  std::vector<std::string> services;
  std::string started_at;  // UTC, ISO 8601
  double elapsed_ms = 0;
  std::vector<CaseResult> results;

  int count(Verdict v) const {
    int n = 0;
    for (const auto& r : results) n += r.verdict == v ? 1 : 0;
    return n;
  }
  bool passed() const { return count(Verdict::kFail) == 0; }
};

}  // namespace renkei::conform
