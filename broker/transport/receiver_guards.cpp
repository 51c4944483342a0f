#include "broker/transport/receiver_guards.h"

#include <iostream>
#include <mutex>

namespace renkei {
namespace {

void logToStderr(const std::string& line) { std::cerr << line << std::endl; }

}  // namespace

ReceiverGuards::Entry::Entry(const std::string& receiver, const ReceiverLimits& limits,
                             const CircuitBreaker::Log& log)
    : receiver(receiver),
      bulkhead(limits.max_concurrent, limits.max_queued),
      breaker(receiver, limits.breaker_failures, std::chrono::milliseconds(limits.breaker_open_ms),
              log) {}

ReceiverGuards::ReceiverGuards(ReceiverLimits limits, CircuitBreaker::Log log)
    : limits_(limits), log_(log ? std::move(log) : CircuitBreaker::Log(logToStderr)) {}

ReceiverGuards::Entry& ReceiverGuards::entry(const std::string& receiver) {
  {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    if (auto it = entries_.find(receiver); it != entries_.end()) return *it->second;
  }
  std::unique_lock<std::shared_mutex> lock(mutex_);
  auto& slot = entries_[receiver];
  if (!slot) slot = std::make_unique<Entry>(receiver, limits_, log_);
  return *slot;
}

ReceiverAdmission ReceiverGuards::enter(const std::string& receiver, Clock::time_point deadline) {
  Entry& e = entry(receiver);
  // A failing unit is refused before queueing: waiting for it helps nobody.
  if (std::string why = e.breaker.refusal(Clock::now()); !why.empty()) {
    ReceiverAdmission admission;
    admission.refusal = ReceiverAdmission::kBreakerOpen;
    admission.reason = std::move(why);
    return admission;
  }
  return admissionOf(e, receiver, e.bulkhead.acquire(deadline));
}

std::optional<ReceiverAdmission> ReceiverGuards::enterOrPark(const std::string& receiver,
                                                             Clock::time_point deadline,
                                                             Resume resume) {
  Entry& e = entry(receiver);
  if (std::string why = e.breaker.refusal(Clock::now()); !why.empty()) {
    ReceiverAdmission admission;
    admission.refusal = ReceiverAdmission::kBreakerOpen;
    admission.reason = std::move(why);
    return admission;
  }
  // A free slot is taken without making the callback (most exchanges, most of the time).
  if (e.bulkhead.tryAcquire()) return admissionOf(e, e.receiver, ReceiverBulkhead::kAcquired);
  // Entries are never removed, so `e` outlives every waiter of its bulkhead.
  const ReceiverBulkhead::Result queued =
      e.bulkhead.acquireOrPark(deadline, [&e, resume = std::move(resume)](bool granted) {
        resume(admissionOf(e, e.receiver,
                           granted ? ReceiverBulkhead::kAcquired : ReceiverBulkhead::kTimedOut));
      });
  if (queued == ReceiverBulkhead::kParked) return std::nullopt;
  return admissionOf(e, receiver, queued);
}

ReceiverAdmission ReceiverGuards::admissionOf(Entry& e, const std::string& receiver,
                                              ReceiverBulkhead::Result queued) {
  ReceiverAdmission admission;
  // Formatted only for a refusal: an admitted exchange formats no text.
  const auto limit = [&] {
    return std::to_string(e.bulkhead.maxConcurrent()) + " concurrent exchanges";
  };
  switch (queued) {
    case ReceiverBulkhead::kAcquired:
      break;
    case ReceiverBulkhead::kQueueFull:
      admission.refusal = ReceiverAdmission::kQueueFull;
      admission.reason = "receiver " + receiver + " is at its limit of " + limit() + " and " +
                         std::to_string(e.bulkhead.maxQueued()) + " waiting; try again later";
      return admission;
    case ReceiverBulkhead::kTimedOut:
    case ReceiverBulkhead::kParked:  // not an answer; never passed here
      admission.refusal = ReceiverAdmission::kQueueTimeout;
      admission.reason = "receiver " + receiver + " is at its limit of " + limit() +
                         " and none was free before the exchange's deadline";
      return admission;
  }
  // Checked again once a slot is ours: the breaker may have opened while this caller queued.
  if (!e.breaker.allow(Clock::now(), &admission.probe, &admission.reason)) {
    e.bulkhead.release();
    admission.refusal = ReceiverAdmission::kBreakerOpen;
  }
  return admission;
}

ReceiverGuards::Load ReceiverGuards::load(const std::string& receiver) {
  Entry& e = entry(receiver);
  return Load{e.bulkhead.active(), e.bulkhead.queued()};
}

std::vector<ReceiverGuards::ReceiverState> ReceiverGuards::states() const {
  std::vector<ReceiverState> states;
  std::shared_lock<std::shared_mutex> lock(mutex_);
  states.reserve(entries_.size());
  for (const auto& [receiver, e] : entries_) {
    states.push_back({receiver, Load{e->bulkhead.active(), e->bulkhead.queued()},
                      e->breaker.state() != CircuitBreaker::State::kClosed});
  }
  return states;
}

void ReceiverGuards::leave(const std::string& receiver, const ReceiverAdmission& admission,
                           ReceiverVerdict verdict, const std::string& detail) {
  if (!admission.admitted()) return;
  Entry& e = entry(receiver);
  e.breaker.record(admission.probe, verdict, detail, Clock::now());
  e.bulkhead.release();
}

}  // namespace renkei
