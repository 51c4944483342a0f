#pragma once
// Runs the cases against a unit: each case once per service, and for exchange cases once per
// operation and SOAP version it applies to. A case passes only if every exchange did.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "broker/conform/case_model.h"
#include "broker/conform/case_result.h"
#include "broker/conform/service_setup.h"
#include "broker/xml/schema_set.h"

namespace renkei::conform {

struct RunOptions {
  std::string endpoint;
  bool soap11 = true;
  bool soap12 = true;
  std::set<std::string> only;  // case IDs; empty: all
  long timeout_ms = 30000;     // per HTTP exchange
};

class Runner {
 public:
  Runner(const std::vector<ConformCase>& cases, const xml::SchemaSet& schemas, RunOptions options)
      : cases_(cases), schemas_(schemas), options_(std::move(options)) {}

  // `progress` sees each result as soon as its case finished.
  RunSummary run(const std::vector<ServiceUnderTest>& services,
                 const std::function<void(const CaseResult&)>& progress);

 private:
  CaseResult runCase(const ConformCase& c, const ServiceUnderTest& s);
  void runExchange(const ExchangeSpec& spec, const ServiceUnderTest& s, const ServiceOperation& op,
                   bool soap12, CaseResult& result);

  const std::vector<ConformCase>& cases_;
  const xml::SchemaSet& schemas_;
  RunOptions options_;
};

}  // namespace renkei::conform
