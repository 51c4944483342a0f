#pragma once
// Runs an exchange through the configured stages, records it in the audit trail, and turns the
// outcome into the HTTP reply. The chain itself is assembled in one place: pipeline_builder.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
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
  // run() without waiting for the audit: `done` gets the same reply once the record is durable
  // (or the caller must be told Server.AuditUnavailable), on the thread that settles the record
  // (AuditSink::recordThen), exactly once. When runThen throws, `done` has not been called and
  // never will be.
  using Done = std::function<void(HttpReply)>;
  void runThen(HttpRequest request, Done done);
  // Whether exchanges leave their bodies in an archive (written after the audit record).
  bool archives() const { return archive_ != nullptr; }
  // An exchange the HTTP engine refused before it could be read whole (size, a short or empty
  // body); `request` holds what did arrive. Audited like any other.
  HttpReply refuse(FaultInfo fault, HttpRequest request);

 private:
  // What an exchange's reply needs between its audit record's start and its settling.
  struct Concluding {
    HttpReply reply;
    std::optional<archive::ArchiveMeta> archived;
    std::chrono::steady_clock::time_point audit_started;
  };
  // What runThen keeps of an exchange while it runs, parks and finishes.
  struct Finishing;
  void begin(Exchange& exchange, HttpRequest request);
  // From the first stage, or from where the exchange parked (Exchange::park_path). False when
  // a stage parked it: the thread must leave it alone from then on.
  bool runStages(Exchange& exchange);
  // runThen from its stages on, until they park it or it is handed to the audit trail.
  void continueThen(const std::shared_ptr<Finishing>& finishing);
  void finishThen(const std::shared_ptr<Finishing>& finishing);
  HttpReply finish(Exchange& exchange);
  // The reply as if audited, and the record to audit.
  AuditRecord prepare(Exchange& exchange, Concluding& concluding);
  // Once the audit is settled: observers told, the reply replaced when not audited, archived.
  HttpReply conclude(Exchange& exchange, Concluding& concluding, bool audited);
  // False when the record could not be made durable: the caller must get
  // Server.AuditUnavailable.
  bool recordAudit(const Exchange& exchange, AuditRecord record);

  std::vector<std::unique_ptr<Stage>> stages_;
  AuditSink& audit_;
  ExchangeObserver* observer_;
  archive::ExchangeArchive* archive_;
};

}  // namespace renkei
