#pragma once
// Keeps a running broker's LinkRegistry in step with the store: registry changes made by the
// CLI, the admin service or another broker instance take effect within one poll interval,
// without a restart. Polling one integer is cheap on both stores and needs no notification
// channel that SQLite lacks.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <string>
#include <thread>

#include "broker/metrics/counter.h"
#include "broker/registry/link_registry.h"
#include "broker/registry/registry_store.h"

namespace renkei {

class RegistryWatcher {
 public:
  // `store` and `registry` must outlive the watcher. `log` gets one line per reload or error.
  RegistryWatcher(RegistryStore& store, LinkRegistry& registry, std::chrono::milliseconds interval,
                  std::ostream& log);
  ~RegistryWatcher();
  RegistryWatcher(const RegistryWatcher&) = delete;
  RegistryWatcher& operator=(const RegistryWatcher&) = delete;

  // Reads the store's version, then reloads the registry, then starts the polling thread. In
  // that order, a change made between the owner's first load and start() is never missed.
  void start();
  // Idempotent; returns once the thread has ended.
  void stop();

  // One poll, on the caller's thread: reloads when the version moved. True when it reloaded.
  // Store errors are logged (once per distinct message) and leave the registry as it was:
  // a database hiccup must not empty the registry of a broker that is serving traffic.
  bool pollOnce();
  int64_t lastVersion() const;
  // When a poll (or the first load) last reached the store: the registry is known current as of
  // then. Readiness and renkei_registry_age_seconds are judged on it.
  std::chrono::steady_clock::time_point lastSuccess() const;
  std::chrono::milliseconds interval() const { return interval_; }
  // Counts every failed poll (metrics; owned by the metrics registry). Set before start().
  void countErrorsIn(metrics::Counter* errors) { errors_ = errors; }

 private:
  void run();

  RegistryStore& store_;
  LinkRegistry& registry_;
  const std::chrono::milliseconds interval_;
  std::ostream& log_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int64_t version_ = 0;
  std::chrono::steady_clock::time_point last_success_{};
  metrics::Counter* errors_ = nullptr;
  std::string last_error_;
  std::thread thread_;
};

}  // namespace renkei
