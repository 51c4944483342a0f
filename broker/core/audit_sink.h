#pragma once
// Where the pipeline hands each exchange's record. record() returns only once the record is
// durable, so an acknowledged exchange is always in the trail.
#include <functional>
#include <stdexcept>

#include "broker/core/audit_record.h"

namespace renkei {

// The record could not be made durable in time: the caller must be answered
// Server.AuditUnavailable. The text is for the broker's log only, never for a fault.
class AuditUnavailableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class AuditSink {
 public:
  virtual ~AuditSink() = default;
  // Blocks until `record` is committed, but never longer than the sink's bound. When it cannot
  // be, throws AuditUnavailableError and the sink keeps `if_unavailable` instead: the same
  // exchange as the caller will see it (answered Server.AuditUnavailable), committed once the
  // store is back. So the trail never says "routed" for an exchange whose caller got a fault,
  // and never misses an exchange that was forwarded.
  // `if_unavailable` makes that record from `record` (at most once, before record() returns),
  // only when it is needed: rendering the Server.AuditUnavailable reply for every exchange cost
  // each one a fault serialisation and a SHA-256 that almost never served.
  using UnavailableRecord = std::function<AuditRecord(const AuditRecord& record)>;
  virtual void record(AuditRecord record, const UnavailableRecord& if_unavailable) = 0;
  // False while the store is known to be unreachable; the pipeline then refuses to forward.
  virtual bool healthy() const = 0;

  // Told, exactly once, whether the record is durable (true) or its caller must be answered
  // Server.AuditUnavailable (false). Runs on whichever thread settles the record (the caller's
  // own, a sink's writer): it must be quick, must not block, and must not call the sink.
  using Settled = std::function<void(bool durable)>;
  // record() without the wait: the same bounds and the same record kept when the store fails,
  // the outcome told to `settled` instead of thrown, so no thread sleeps while a commit is under
  // way. Throws only what record() throws besides AuditUnavailableError, and then `settled` is
  // never called. This default waits in record() and tells at once.
  virtual void recordThen(AuditRecord record, UnavailableRecord if_unavailable, Settled settled) {
    bool durable = true;
    try {
      this->record(std::move(record), if_unavailable);
    } catch (const AuditUnavailableError&) {
      durable = false;
    }
    settled(durable);
  }

  // With the replacement already made (tests).
  void record(AuditRecord record, AuditRecord if_unavailable) {
    this->record(std::move(record), [&](const AuditRecord&) { return std::move(if_unavailable); });
  }
  // For callers whose record is the same either way (tests, refusals decided before a reply).
  void record(AuditRecord record) {
    AuditRecord copy = record;
    this->record(std::move(record), [&](const AuditRecord&) { return std::move(copy); });
  }
};

}  // namespace renkei
