#pragma once
// The one place where the broker's stage chain is assembled, in the order of DESIGN.md:
// parse -> header check -> schema validation -> authorize -> audit ready -> forward ->
// response check.
// (Audit is not a stage: the Pipeline records every exchange after the chain, refused or not.)
#include <memory>
#include <vector>

#include "broker/audit/audit_sink.h"
#include "broker/core/stage.h"
#include "broker/registry/service_catalog.h"
#include "broker/transport/http_forwarder.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"

namespace renkei {

struct PipelineParts {
  const xml::SchemaSet& schemas;
  xml::ParserLimits limits;
  const ServiceCatalog& catalog;
  HttpForwarder& forwarder;
  // When set, an AuditReadyStage refuses before forward while the audit trail is unavailable.
  const AuditSink* audit = nullptr;
};

std::vector<std::unique_ptr<Stage>> buildBrokerStages(const PipelineParts& parts);

}  // namespace renkei
