#pragma once
// What stands between the forward stage and one receiving unit: a bulkhead (a few concurrent
// exchanges, a short bounded queue, a deadline on the wait) and a circuit breaker. A slow or dead
// unit then costs only its own callers: they wait for its slots or are refused at once, and
// never hold the forwarding capacity that healthy units need.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace renkei {

struct ReceiverLimits {
  int max_concurrent = 8;       // forwards in flight to one receiver
  int max_queued = 16;          // callers waiting for one of those slots; more are refused
  int breaker_failures = 5;     // consecutive failures or timeouts that open the breaker
  long breaker_open_ms = 5000;  // how long an open breaker refuses before it lets a probe through
};

// How a forward went, as the breaker counts it. An answered SOAP Fault is healthy: the unit
// works and said no. Broker-side errors (bad URL, out of memory) say nothing about the unit.
enum class ReceiverVerdict { kHealthy, kFailed, kNeutral };

struct ReceiverAdmission {
  enum Refusal {
    kAdmitted,
    kQueueFull,     // every slot busy and the queue full: refused at once
    kQueueTimeout,  // no slot before the exchange's deadline
    kBreakerOpen,   // the receiver has been failing: refused at once until the next probe
  };
  Refusal refusal = kAdmitted;
  bool probe = false;  // the single trial exchange of a half-open breaker
  std::string reason;  // for a refusal: a sentence naming the receiver unit, never its endpoint

  bool admitted() const { return refusal == kAdmitted; }
};

class ReceiverGuard {
 public:
  using Clock = std::chrono::steady_clock;
  virtual ~ReceiverGuard() = default;

  // Blocks until the exchange may forward, or refuses. Thread-safe. An admitted caller must call
  // leave() exactly once with the same admission.
  virtual ReceiverAdmission enter(const std::string& receiver, Clock::time_point deadline) = 0;
  // enter() without blocking a thread: the admission now, or nothing, and then `resume` is
  // called exactly once, later, with the admission (a slot or a refusal). `resume` may run on
  // the thread of another exchange's leave() or on a timer's, and must only hand the exchange
  // on (deferred_work.h), never do its work there. By default, enter() itself.
  using Resume = std::function<void(ReceiverAdmission)>;
  virtual std::optional<ReceiverAdmission> enterOrPark(const std::string& receiver,
                                                       Clock::time_point deadline, Resume resume) {
    (void)resume;
    return enter(receiver, deadline);
  }
  // Frees the slot and tells the breaker how the forward went; `detail` (which may name the
  // endpoint) goes only to the broker's log, when the breaker changes state.
  virtual void leave(const std::string& receiver, const ReceiverAdmission& admission,
                     ReceiverVerdict verdict, const std::string& detail) = 0;
};

}  // namespace renkei
