#pragma once
// Runs an exchange through the configured stages, records it in the audit trail, and turns the
// outcome into the HTTP reply. The chain itself is assembled in one place: pipeline_builder.
#include <memory>
#include <vector>

#include "broker/audit/audit_sink.h"
#include "broker/core/exchange.h"
#include "broker/core/stage.h"

namespace renkei {

class Pipeline {
 public:
  Pipeline(std::vector<std::unique_ptr<Stage>> stages, AuditSink& audit);

  // The reply is returned only after the exchange's audit record is durable.
  HttpReply run(HttpRequest request);
  // An exchange the HTTP engine refused before it could be read whole (size, a short or empty
  // body); `request` holds what did arrive. Audited like any other.
  HttpReply refuse(FaultInfo fault, HttpRequest request);

 private:
  HttpReply finish(Exchange& exchange);

  std::vector<std::unique_ptr<Stage>> stages_;
  AuditSink& audit_;
};

}  // namespace renkei
