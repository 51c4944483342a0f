#pragma once
// Validates untrusted bytes as a SOAP envelope without building a DOM (GuardedSaxParser), with
// the same refusals before Xerces starts as HardenedParser (size, encoding, DOCTYPE). For the
// receiver's answer, where nothing but the shape, the body root and the issues are read, and for
// a request that needs no DOM (parse_stage.h).
//
// NOT thread-safe: one instance per thread; forThisThread() hands out the calling thread's.
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include <xercesc/util/SecurityManager.hpp>

#include "broker/xml/entity_resolvers.h"
#include "broker/xml/guarded_sax_parser.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"

namespace renkei::xml {

struct ScannedEnvelope {
  std::optional<FaultInfo> fault;  // not XML, refused construct, or not a sound SOAP envelope
  EnvelopeShape shape;
  std::vector<ValidationIssue> issues;
  EnvelopeHeaderSeen header;  // filled by scanRequest() only
};

class EnvelopeScanner {
 public:
  EnvelopeScanner(const SchemaSet& schemas, const ParserLimits& limits);
  ~EnvelopeScanner();
  EnvelopeScanner(const EnvelopeScanner&) = delete;
  EnvelopeScanner& operator=(const EnvelopeScanner&) = delete;

  static EnvelopeScanner& forThisThread(const SchemaSet& schemas, const ParserLimits& limits);
  ScannedEnvelope scan(std::string_view bytes) { return scan(bytes, false); }
  // scan(), also collecting what a request's routing stages read of its header
  // (EnvelopeFacts::ofScan).
  ScannedEnvelope scanRequest(std::string_view bytes) { return scan(bytes, true); }
  void setLimits(const ParserLimits& limits) { limits_ = limits; }

 private:
  ScannedEnvelope scan(std::string_view bytes, bool see_header);

  std::shared_ptr<XERCES_CPP_NAMESPACE::XMLGrammarPool> pool_;  // keeps the grammars alive
  ParserLimits limits_;
  XERCES_CPP_NAMESPACE::SecurityManager security_;
  RefuseAllResolver resolver_;
  std::unique_ptr<GuardedSaxParser> parser_;
};

}  // namespace renkei::xml
