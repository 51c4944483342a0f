#pragma once
// A histogram with fixed bucket bounds, updated with relaxed atomics (no lock per observation).
// Each bucket counts only its own range; the cumulative counts Prometheus wants are summed when
// scraped, and _count is their total, so `le="+Inf"` always equals _count even while workers
// observe during the scrape.
#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace renkei::metrics {

// Upper bounds in seconds for latencies from tens of microseconds (a parse) to the forward
// deadline (seconds).
std::span<const double> latencyBuckets();

class Histogram {
 public:
  // `bounds` ascending, without +Inf (it is implied).
  explicit Histogram(std::span<const double> bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  void observe(double value);

  struct Snapshot {
    std::vector<uint64_t> cumulative;  // one per bound, then +Inf
    double sum = 0;
    uint64_t count = 0;
  };
  Snapshot snapshot() const;
  std::span<const double> bounds() const { return bounds_; }

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1 (the +Inf bucket)
  std::atomic<double> sum_{0};
};

}  // namespace renkei::metrics
