#pragma once
// ReceiverGuard with one bulkhead and one circuit breaker per receiver unit, created on first use.
// Receiver ids come from the registry, never from callers, so the map stays as small as the
// registry. Breaker state changes go to `log` (stderr by default), one line each.
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "broker/transport/circuit_breaker.h"
#include "broker/transport/receiver_bulkhead.h"
#include "broker/transport/receiver_guard.h"

namespace renkei {

class ReceiverGuards : public ReceiverGuard {
 public:
  explicit ReceiverGuards(ReceiverLimits limits = {}, CircuitBreaker::Log log = nullptr);

  ReceiverAdmission enter(const std::string& receiver, Clock::time_point deadline) override;
  std::optional<ReceiverAdmission> enterOrPark(const std::string& receiver,
                                               Clock::time_point deadline, Resume resume) override;
  void leave(const std::string& receiver, const ReceiverAdmission& admission,
             ReceiverVerdict verdict, const std::string& detail) override;

  const ReceiverLimits& limits() const { return limits_; }

  struct Load {
    int active = 0;  // forwards in flight
    int queued = 0;  // callers waiting for a slot
  };
  // For metrics and health pages (and tests that wait for a state rather than sleep).
  Load load(const std::string& receiver);

  struct ReceiverState {
    std::string receiver;
    Load load;
    bool breaker_open = false;  // open or half-open: callers are being refused
  };
  // Every receiver forwarded to so far (metrics): one shared lock over the map, no entry made.
  std::vector<ReceiverState> states() const;

 private:
  struct Entry {
    Entry(const std::string& receiver, const ReceiverLimits& limits,
          const CircuitBreaker::Log& log);
    const std::string receiver;
    ReceiverBulkhead bulkhead;
    CircuitBreaker breaker;
  };
  Entry& entry(const std::string& receiver);
  // What the bulkhead's answer means for the caller: a refusal, or a slot the breaker allows.
  static ReceiverAdmission admissionOf(Entry& e, const std::string& receiver,
                                       ReceiverBulkhead::Result queued);

  const ReceiverLimits limits_;
  const CircuitBreaker::Log log_;
  mutable std::shared_mutex mutex_;  // guards the map only; entries are never removed
  std::map<std::string, std::unique_ptr<Entry>> entries_;
};

}  // namespace renkei
