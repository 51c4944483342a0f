#pragma once
// How many tasks want a CPU right now on the unit-facing workers: running (not in a declared
// wait) or queued for a worker. The WorkerPool publishes it at every change; the audit writer
// reads it to tell whether waiting for companions leaves a core idle (batching_audit_writer.h):
// while at least one task per core wants to run, a commit that waits costs the caller latency
// but no throughput, and each fsync saved is CPU given back (bench/RESULTS.md, 2026-12-05).
#include <atomic>

namespace renkei {

class CpuDemand {
 public:
  void publish(int tasks) { tasks_.store(tasks, std::memory_order_relaxed); }
  int tasks() const { return tasks_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int> tasks_{0};
};

}  // namespace renkei
