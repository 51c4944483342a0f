#pragma once
// --as-receiver: listens where a vendor's client is pointed (instead of the broker), judges each
// request it sends with the received cases, answers it, and after `count` requests (or at the
// deadline) gives one verdict per case over all requests.
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "broker/conform/case_model.h"
#include "broker/conform/case_result.h"
#include "broker/conform/service_setup.h"
#include "broker/xml/schema_set.h"

namespace renkei::conform {

struct ReceiverOptions {
  std::string host = "127.0.0.1";
  int port = 0;
  int count = 1;  // stop after this many requests
  long wait_ms = 60000;
  std::set<std::string> only;
};

struct ReceiverProgress {
  std::function<void(int port)> listening;
  // After each request: its number, what it was, and the problems found (empty: all held).
  std::function<void(int n, const std::string& label, const std::vector<std::string>& problems)>
      request;
};

RunSummary runAsReceiver(const std::vector<ConformCase>& cases,
                         const std::vector<ServiceUnderTest>& services,
                         const xml::SchemaSet& schemas, const ReceiverOptions& options,
                         const ReceiverProgress& progress);

}  // namespace renkei::conform
