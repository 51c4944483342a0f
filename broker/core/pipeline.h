#pragma once
// Runs an exchange through the configured stages, records it in the audit trail, and turns the
// outcome into the HTTP reply. The chain itself is assembled in one place: pipeline_builder.
#include <memory>
#include <vector>

#include "broker/core/audit_sink.h"
#include "broker/core/exchange.h"
#include "broker/core/exchange_archive.h"
#include "broker/core/exchange_observer.h"
#include "broker/core/stage.h"

namespace renkei {

class Pipeline {
 public:
  // `observer` (metrics, access log; may be null) hears of every exchange once it is answered.
  // `archive`: when set, every exchange with a request body leaves its bodies there too, after
  // its audit record (<archive>, docs/archive.md).
  Pipeline(std::vector<std::unique_ptr<Stage>> stages, AuditSink& audit,
           ExchangeObserver* observer = nullptr, archive::ExchangeArchive* archive = nullptr);
  Pipeline(std::vector<std::unique_ptr<Stage>> stages, AuditSink& audit,
           archive::ExchangeArchive* archive)
      : Pipeline(std::move(stages), audit, nullptr, archive) {}

  // The reply is returned only after the exchange's audit record is durable.
  HttpReply run(HttpRequest request);
  // An exchange the HTTP engine refused before it could be read whole (size, a short or empty
  // body); `request` holds what did arrive. Audited like any other.
  HttpReply refuse(FaultInfo fault, HttpRequest request);

 private:
  HttpReply finish(Exchange& exchange);
  // False when the record could not be made durable: the caller must get
  // Server.AuditUnavailable.
  bool recordAudit(const Exchange& exchange, AuditRecord record);

  std::vector<std::unique_ptr<Stage>> stages_;
  AuditSink& audit_;
  ExchangeObserver* observer_;
  archive::ExchangeArchive* archive_;
};

}  // namespace renkei
