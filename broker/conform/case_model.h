#pragma once
// Conformance cases and service data sets as read from conform/*.xml (schema: conform/conform.xsd).
// Plain data: the loader fills it, the runner reads it.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace renkei::conform {

inline constexpr const char* kConformNs = "urn:renkei:conform:v1";

enum class SoapChoice { kEach, k11, k12 };

struct Expectation {
  bool fault = false;           // outcome="fault"; otherwise an answer is expected
  bool answer_element = false;  // body root is the operation's wsdl:output element
  bool schema_valid = false;    // whole answer valid against the platform schemas
  bool correlation = false;     // CorrelationId == request MessageId, fresh MessageId
  bool routing = false;         // Sender/Receiver swapped, same service and version
  bool same_soap_version = false;
  bool text = false;  // data set texts present in the answer
  bool within_time_limit = false;
  bool same_connection = false;  // every repeat after the first reused the connection
};

struct ExchangeSpec {
  std::optional<std::string> envelope_template;  // nullopt: the default envelope
  std::string body_ref;                          // "valid" | "invalid" | "text" | "" (inline)
  std::string body_template;                     // when body_ref is empty
  std::map<std::string, std::string> header_overrides;
  bool all_operations = true;
  SoapChoice soap = SoapChoice::kEach;
  int repeat = 1;
  double pad_to_limit = 0;  // 0: no padding
  Expectation expect;
};

struct ConformCase {
  std::string id;  // "RSP-001": stable, named in reports and --only
  std::string title;
  std::string rule_source;  // "WS-I Basic Profile 1.1"
  std::string rule_ref;     // "R2705, R2706"
  std::string rule_text;
  std::string wsdl_check;      // set for WSDL cases
  std::string received_check;  // set for --as-receiver cases
  std::optional<ExchangeSpec> exchange;
  std::string file;  // where it was defined, for messages
};

struct OperationData {
  std::string name;
  std::string valid_body;
  std::string invalid_body;
  std::string invalid_why;
  std::string text_body;  // empty: the data set has no round-trip text for this operation
  std::vector<std::string> text_expected;
  std::string answer_body;  // --as-receiver: what a valid request is answered with
};

struct DataSet {
  std::string service;
  std::string version;
  std::string wsdl_path;  // resolved against the data set's folder
  std::string sender;
  std::string receiver;
  std::string purpose;
  long time_limit_ms = 0;
  long max_message_bytes = 0;
  std::vector<OperationData> operations;
  std::string file;

  const OperationData* operation(const std::string& name) const {
    for (const OperationData& op : operations) {
      if (op.name == name) return &op;
    }
    return nullptr;
  }
};

}  // namespace renkei::conform
