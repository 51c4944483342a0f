#pragma once
// Judges one HTTP exchange with the unit against a case's expectations. Each expectation adds
// one sentence to `expected`, and one to `problems` when it did not hold, saying what was seen
// in terms a vendor can act on (element names, header fields, code points).
#include <map>
#include <string>
#include <vector>

#include "broker/conform/case_model.h"
#include "broker/conform/case_result.h"
#include "broker/conform/http_client.h"
#include "broker/conform/wsdl_model.h"
#include "broker/xml/schema_set.h"

namespace renkei::conform {

struct ExchangeContext {
  const ServiceOperation& operation;
  const DataSet& data;
  bool soap12 = false;
  std::map<std::string, std::string> sent_header;  // what the request carried
  const Expectation& expect;
  const xml::SchemaSet& schemas;
  std::vector<std::string> text_expected;
};

void judgeReply(const ExchangeContext& context, const HttpReply& reply, ExchangeRecord& record);

// "U+9AD9 U+20BB7": code points, so a vendor sees which character was replaced.
std::string codePoints(const std::string& utf8);

}  // namespace renkei::conform
