#pragma once
// Runs an exchange through the configured stages, records it in the audit trail, and turns the
// outcome into the HTTP reply. The chain itself is assembled in one place: pipeline_builder.
#include <memory>
#include <optional>
#include <vector>

#include "broker/audit/audit_sink.h"
#include "broker/core/exchange.h"
#include "broker/core/exchange_observer.h"
#include "broker/core/stage.h"

namespace renkei {

class Pipeline {
 public:
  // `observer` (metrics, access log; may be null) hears of every exchange once it is answered.
  Pipeline(std::vector<std::unique_ptr<Stage>> stages, AuditSink& audit,
           ExchangeObserver* observer = nullptr);

  // The reply is returned only after the exchange's audit record is durable.
  HttpReply run(HttpRequest request);
  // An exchange the HTTP engine refused before it could be read whole (size, a short or empty
  // body); `request` holds what did arrive. Audited like any other.
  HttpReply refuse(FaultInfo fault, HttpRequest request);

 private:
  HttpReply finish(Exchange& exchange);
  // Audits the exchange; returns the reply to send instead when the record cannot be made
  // durable (Server.AuditUnavailable), else nullopt.
  std::optional<HttpReply> audit(Exchange& exchange, const HttpReply& reply);

  std::vector<std::unique_ptr<Stage>> stages_;
  AuditSink& audit_;
  ExchangeObserver* observer_;
};

}  // namespace renkei
