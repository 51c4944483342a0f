#include "broker/core/pipeline.h"

#include <atomic>
#include <chrono>
#include <exception>
#include <iostream>
#include <optional>

#include "broker/core/deferred_work.h"
#include "broker/core/exchange_audit.h"
#include "broker/core/my_number.h"
#include "broker/core/sensitive_values.h"
#include "broker/core/soap_fault_writer.h"
#include "broker/core/soap_version.h"
#include "broker/core/stage_timing.h"

namespace renkei {
namespace {

HttpReply faultReply(const Exchange& exchange) {
  return soapFaultReply(exchange.soap_version, *exchange.fault,
                        exchange.header ? exchange.header->message_id : "");
}

// What the caller is told when its exchange's record cannot be made durable in time. Fixed
// wording: store errors name the store's host, port and user, and stay in the broker's log. The
// table's wording says nothing was forwarded; when something was, say so honestly.
HttpReply auditUnavailableReply(const Exchange& exchange) {
  const auto fault = faultOf(
      FaultCode::kAuditUnavailable,
      exchange.forwarded ? "The audit trail could not be written in time; the receiving unit may "
                           "have processed the request, but its answer is withheld. Retry later."
                         : std::string(faultSpec(FaultCode::kAuditUnavailable).meaning));
  return soapFaultReply(exchange.soap_version, fault,
                        exchange.header ? exchange.header->message_id : "");
}

}  // namespace

Pipeline::Pipeline(std::vector<std::unique_ptr<Stage>> stages, AuditSink& audit,
                   ExchangeObserver* observer, archive::ExchangeArchive* archive)
    : stages_(std::move(stages)), audit_(audit), observer_(observer), archive_(archive) {}

void Pipeline::begin(Exchange& exchange, HttpRequest request) {
  if (observer_) observer_->started();
  exchange.started = request.received_at;
  exchange.request = std::move(request);
}

bool Pipeline::runStages(Exchange& exchange) {
  std::size_t first = 0;
  // One clock read per stage: each stage's time runs from the end of the one before, and a
  // parked stage's from when it parked, so its wait counts as its own.
  auto mark = std::chrono::steady_clock::now();
  if (!exchange.park_path.empty()) {
    first = exchange.park_path.back();
    exchange.park_path.pop_back();
    mark = exchange.parked_since;
  }
  for (std::size_t i = first; i < stages_.size(); ++i) {
    Stage& stage = *stages_[i];
    try {
      const std::size_t timed_before = exchange.stage_count;
      StageResult result = stage.process(exchange);
      if (result.parked()) {
        exchange.park_path.push_back(i);
        return false;
      }
      // A stage that timed the stages of its own chain is not timed again as a whole.
      mark = exchange.stage_count > timed_before ? std::chrono::steady_clock::now()
                                                 : recordStageTiming(exchange, stage.name(), mark);
      if (!result.ok()) {
        exchange.fault = *result.fault();
        break;
      }
    } catch (const std::exception& e) {
      mark = recordStageTiming(exchange, stage.name(), mark);
      // A stage bug must cost one exchange a Server.Internal fault, never the broker. The
      // exception's text may name internal addresses: it goes to the log, not to the caller.
      std::cerr << "renkei: stage " << stage.name()
                << " failed: " << maskSensitive(e.what(), exchange.sensitive_values) << std::endl;
      exchange.fault = faultOf(FaultCode::kInternal,
                               std::string(stage.name()) + " failed; the broker's log has details");
      break;
    }
  }
  return true;
}

HttpReply Pipeline::run(HttpRequest request) {
  Exchange exchange;  // no exchange.resume: a stage that would wait, waits
  begin(exchange, std::move(request));
  runStages(exchange);
  return finish(exchange);
}

// Shared by the functions the audit sink keeps until it settles the record, and by the resume
// of a parked exchange.
struct Pipeline::Finishing {
  Exchange exchange;
  Concluding concluding;
  Done done;
  // A parked exchange may be resumed before the thread that parked it has left it: whichever of
  // the two comes second continues it (kRunning -> kParked or kResumed -> kRunning).
  enum ParkState { kRunning, kParked, kResumed };
  std::atomic<int> park_state{kRunning};
};

void Pipeline::runThen(HttpRequest request, Done done) {
  auto finishing = std::make_shared<Finishing>();
  finishing->done = std::move(done);
  Exchange& exchange = finishing->exchange;
  begin(exchange, std::move(request));
  // While the exchange runs or is parked, its resume keeps it alive (a cycle on purpose: a
  // parked exchange has no other owner); cleared once its stages are done.
  exchange.resume = [this, finishing] {
    if (finishing->park_state.exchange(Finishing::kResumed) != Finishing::kParked) return;
    finishing->park_state = Finishing::kRunning;
    runDeferred([this, finishing] {
      try {
        continueThen(finishing);
      } catch (const std::exception& e) {
        // Before its record was handed over (runStages catches what stages throw): the caller
        // is answered here, as guardedWork answers an exchange that failed on its first thread.
        std::cerr << "renkei: a resumed exchange failed: "
                  << maskSensitive(e.what(), finishing->exchange.sensitive_values) << std::endl;
        finishing->done(
            soapFaultReply(finishing->exchange.soap_version,
                           faultOf(FaultCode::kInternal,
                                   "an unexpected broker error; the exchange was not completed"),
                           ""));
      }
    });
  };
  continueThen(finishing);
}

void Pipeline::continueThen(const std::shared_ptr<Finishing>& finishing) {
  Exchange& exchange = finishing->exchange;
  try {
    while (!runStages(exchange)) {
      // Parked: from here on the exchange is its resume's. If that has run already, go on here.
      exchange.parked_since = std::chrono::steady_clock::now();
      if (finishing->park_state.exchange(Finishing::kParked) != Finishing::kResumed) return;
      finishing->park_state = Finishing::kRunning;
    }
  } catch (...) {
    exchange.resume = nullptr;
    throw;
  }
  exchange.resume = nullptr;
  finishThen(finishing);
}

void Pipeline::finishThen(const std::shared_ptr<Finishing>& finishing) {
  Exchange& exchange = finishing->exchange;
  AuditRecord record = prepare(exchange, finishing->concluding);
  // Nothing after prepare() reads the parsed message: its DOM and facts are freed here, by the
  // worker that built them, not by the audit writer, whose thread every exchange waits on in turn.
  exchange.envelope.reset();
  exchange.envelope_facts.reset();
  auto if_unavailable = [finishing](const AuditRecord& original) {
    return unavailableRecordOf(original, auditUnavailableReply(finishing->exchange));
  };
  auto settled = [this, finishing](bool durable) {
    HttpReply reply;
    try {
      reply = conclude(finishing->exchange, finishing->concluding, durable);
    } catch (const std::exception& e) {
      // The caller is answered whatever happens here; what the trail says stands.
      std::cerr << "renkei: finishing an exchange failed: "
                << maskSensitive(e.what(), finishing->exchange.sensitive_values) << std::endl;
      reply = soapFaultReply(finishing->exchange.soap_version,
                             faultOf(FaultCode::kInternal,
                                     "an unexpected broker error; the exchange was not completed"),
                             "");
    }
    finishing->done(std::move(reply));
  };
  try {
    audit_.recordThen(std::move(record), std::move(if_unavailable), std::move(settled));
  } catch (const std::exception& e) {
    std::cerr << "renkei: audit record failed: "
              << maskSensitive(e.what(), exchange.sensitive_values) << std::endl;
    finishing->done(conclude(exchange, finishing->concluding, false));
  }
}

HttpReply Pipeline::refuse(FaultInfo fault, HttpRequest request) {
  if (observer_) observer_->started();
  Exchange exchange;
  exchange.started = request.received_at;
  exchange.soap_version =
      soapVersionForContentType(request.content_type).value_or(SoapVersion::k11);
  exchange.request = std::move(request);
  exchange.fault = std::move(fault);
  return finish(exchange);
}

HttpReply Pipeline::finish(Exchange& exchange) {
  Concluding concluding;
  AuditRecord record = prepare(exchange, concluding);
  const bool audited = recordAudit(exchange, std::move(record));
  return conclude(exchange, concluding, audited);
}

AuditRecord Pipeline::prepare(Exchange& exchange, Concluding& concluding) {
  HttpReply& reply = concluding.reply;
  if (exchange.fault && !exchange.sensitive_values.empty()) {
    // Reasons may quote the message (a header value, a validation message): what the
    // deployment declared sensitive never leaves in them, to the caller or into the trail.
    exchange.fault->reason = maskSensitive(exchange.fault->reason, exchange.sensitive_values);
    exchange.fault->element_path =
        maskSensitive(exchange.fault->element_path, exchange.sensitive_values);
  }
  if (exchange.fault) {
    reply = faultReply(exchange);
    reply.fault = exchange.fault;
  } else {
    reply.status = exchange.response_http_status;
    reply.content_type = exchange.response_content_type;
    reply.body = std::move(exchange.response_body);
  }
  AuditRecord record = auditRecordOf(exchange, reply);
  // Taken before the record goes to the trail, so archive and trail name the same time.
  if (archive_ != nullptr && !exchange.request.body.empty()) {
    concluding.archived = archive::archiveMetaOf(record);
  }
  concluding.audit_started = std::chrono::steady_clock::now();
  return record;
}

HttpReply Pipeline::conclude(Exchange& exchange, Concluding& concluding, bool audited) {
  HttpReply reply = std::move(concluding.reply);
  std::optional<archive::ArchiveMeta>& archived = concluding.archived;
  if (observer_) {
    const auto now = std::chrono::steady_clock::now();
    ExchangeReport report{exchange, exchangeOutcome(exchange), {}, {}};
    if (exchange.fault) report.fault_code = faultSpec(exchange.fault->code).name;
    if (!audited) {
      // What the caller is told, as the audit trail keeps it.
      report.outcome = "failed";
      report.fault_code = faultSpec(FaultCode::kAuditUnavailable).name;
    }
    report.stages = std::span(exchange.stage_timings.data(), exchange.stage_count);
    report.audit =
        std::chrono::duration_cast<std::chrono::microseconds>(now - concluding.audit_started);
    report.total = std::chrono::duration_cast<std::chrono::microseconds>(now - exchange.started);
    observer_->finished(report);
  }
  if (!audited) {
    // Without its audit record an exchange must not be acknowledged.
    reply = auditUnavailableReply(exchange);
    reply.fault = faultOf(FaultCode::kAuditUnavailable, "the audit trail cannot be written");
    if (archived) {
      archived->outcome = "failed";
      archived->fault_code = std::string(faultSpec(FaultCode::kAuditUnavailable).name);
    }
  }
  // After the trail, with what the caller is actually answered. Never throws, never changes
  // the answer: the archive is best-effort, its failures are its own log's (exchange_archive.h).
  if (archived) archive_->keep(std::move(*archived), exchange.request.body, reply.body);
  return reply;
}

bool Pipeline::recordAudit(const Exchange& exchange, AuditRecord record) {
  // The trail keeps what the caller is then told, so the two always agree. Made only when
  // needed; rendering the reply twice gives the same bytes, so the record and the reply match.
  try {
    audit_.record(std::move(record), [&](const AuditRecord& original) {
      return unavailableRecordOf(original, auditUnavailableReply(exchange));
    });
    return true;
  } catch (const AuditUnavailableError&) {
    return false;
  } catch (const std::exception& e) {
    std::cerr << "renkei: audit record failed: "
              << maskSensitive(e.what(), exchange.sensitive_values) << std::endl;
    return false;
  }
}

}  // namespace renkei
