#pragma once
// Offline validation of message files (a vendor's test data) against the platform schemas:
// a SOAP envelope (header block and body) or a bare body element. Every schema problem is
// reported with line, column and element path, not only the first.
#include <string>
#include <vector>

#include "broker/xml/schema_set.h"

namespace renkei::conform {

struct MessageProblem {
  int line = 0;
  int column = 0;
  std::string element;  // "/Envelope/Body/IdoJohoShokaiRequest/SeinenGappi"
  std::string message;
};

struct MessageReport {
  std::string kind;  // "SOAP 1.1 envelope, body {ns}X" or "document {ns}X"
  std::vector<MessageProblem> problems;
  bool valid() const { return problems.empty(); }
};

MessageReport validateMessage(const std::string& bytes, const xml::SchemaSet& schemas);

}  // namespace renkei::conform
