#pragma once
// Parses untrusted bytes into a validated DOM: size, encoding and DOCTYPE are refused before
// Xerces starts; depth, attribute and text limits stop it as soon as they are crossed; schema
// validation runs against the locked pool and its issues are collected, not fatal.
//
// NOT thread-safe: one instance per thread. forThisThread() hands out the calling thread's parser
// for a SchemaSet; the parsed documents it returns are independent of it and of the thread.
#include <cstdint>
#include <memory>
#include <string_view>

#include <xercesc/util/SecurityManager.hpp>

#include "broker/xml/entity_resolvers.h"
#include "broker/xml/guarded_dom_parser.h"
#include "broker/xml/parsed_document.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"

namespace renkei::xml {

class HardenedParser {
 public:
  HardenedParser(const SchemaSet& schemas, const ParserLimits& limits);
  ~HardenedParser();
  HardenedParser(const HardenedParser&) = delete;
  HardenedParser& operator=(const HardenedParser&) = delete;

  // The calling thread's parser for `schemas`, created on first use; `limits` apply from now on.
  static HardenedParser& forThisThread(const SchemaSet& schemas, const ParserLimits& limits);

  ParseResult parse(std::string_view bytes);
  void setLimits(const ParserLimits& limits) { limits_ = limits; }
  const ParserLimits& limits() const { return limits_; }

 private:
  std::shared_ptr<XERCES_CPP_NAMESPACE::XMLGrammarPool> pool_;  // keeps the grammars alive
  ParserLimits limits_;
  XERCES_CPP_NAMESPACE::SecurityManager security_;
  RefuseAllResolver resolver_;
  std::unique_ptr<GuardedDomParser> parser_;
};

}  // namespace renkei::xml
