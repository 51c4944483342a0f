#include "broker/registry/registry_watcher.h"
#include "broker/core/thread_name.h"

#include <algorithm>
#include <ostream>

namespace renkei {

RegistryWatcher::RegistryWatcher(RegistryStore& store, LinkRegistry& registry,
                                 std::chrono::milliseconds interval, std::ostream& log)
    : store_(store),
      registry_(registry),
      interval_(std::max(interval, std::chrono::milliseconds(1))),
      log_(log) {}

RegistryWatcher::~RegistryWatcher() { stop(); }

void RegistryWatcher::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  const int64_t version = store_.registryVersion();
  registry_.reload(store_);
  version_ = version;
  last_success_ = std::chrono::steady_clock::now();
  stopping_ = false;
  thread_ = namedThread("registry-watch", [this] { run(); });
}

void RegistryWatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int64_t RegistryWatcher::lastVersion() const {
  std::lock_guard lock(mutex_);
  return version_;
}

std::chrono::steady_clock::time_point RegistryWatcher::lastSuccess() const {
  std::lock_guard lock(mutex_);
  return last_success_;
}

bool RegistryWatcher::pollOnce() {
  try {
    const int64_t version = store_.registryVersion();
    {
      std::lock_guard lock(mutex_);
      if (!last_error_.empty()) {
        // Said once, so an operator who saw the failure also sees the store come back.
        log_ << "renkei: registry poll recovered: the store answers again" << std::endl;
        last_error_.clear();
      }
      if (version == version_) {
        last_success_ = std::chrono::steady_clock::now();
        return false;
      }
    }
    // Read the version before the links: a change landing in between is picked up by the next
    // poll, never missed.
    registry_.reload(store_);
    const RegistrySnapshot snapshot = registry_.snapshot();
    const auto active =
        std::count_if(snapshot.links.begin(), snapshot.links.end(),
                      [](const Link& l) { return l.status == LinkStatus::kActive; });
    {
      std::lock_guard lock(mutex_);
      version_ = version;
      last_success_ = std::chrono::steady_clock::now();
    }
    log_ << "renkei: registry changed (version " << version << "): reloaded, " << active
         << " active links" << std::endl;
    return true;
  } catch (const std::exception& e) {
    if (errors_ != nullptr) errors_->inc();
    std::lock_guard lock(mutex_);
    if (last_error_ != e.what()) {
      last_error_ = e.what();
      log_ << "renkei: registry poll failed, keeping the loaded registry: " << e.what()
           << std::endl;
    }
    return false;
  }
}

void RegistryWatcher::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) break;
    lock.unlock();
    pollOnce();
    lock.lock();
  }
}

}  // namespace renkei
