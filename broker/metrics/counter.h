#pragma once
// The two scalar series. Both are one relaxed atomic: an exchange adds to a few of them, and on
// two busy cores a lock (or even sequentially consistent ordering) per update would show in the
// throughput. Readers (a scrape) see each value on its own, never a consistent cut across series,
// which is all the exposition format promises.
#include <atomic>
#include <cstdint>

namespace renkei::metrics {

// Only ever goes up; Prometheus detects a restart by the value going down.
class Counter {
 public:
  void inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A level that goes up and down (exchanges in flight).
class Gauge {
 public:
  void add(int64_t delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  void set(int64_t value) { value_.store(value, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

}  // namespace renkei::metrics
