#pragma once
// Reusable libcurl easy handles. Each easy handle keeps its own cache of kept-alive connections,
// so reusing handles is what reuses connections to units.
//
// Why a mutex-guarded pool and not a thread_local map keyed by forwarder: the pool owns its
// handles, so they (and their sockets) are released when the forwarder goes away, whichever
// threads used it; a thread_local map would leak handles of destroyed forwarders on long-lived
// worker threads and could hand a stale handle to a new forwarder at the same address. The lock
// is held only to pop or push a pointer, never during a transfer, and the pool grows to the
// number of concurrent callers, so each worker thread effectively keeps its own warm handle.
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

typedef void CURL;

namespace renkei {

class CurlHandlePool {
 public:
  struct Deleter {
    void operator()(CURL* handle) const;
  };
  using Handle = std::unique_ptr<CURL, Deleter>;

  // Idle handles beyond max_idle are closed on release instead of kept.
  explicit CurlHandlePool(std::size_t max_idle = 64);
  CurlHandlePool(const CurlHandlePool&) = delete;
  CurlHandlePool& operator=(const CurlHandlePool&) = delete;

  // An idle handle (most recently used first, its connections are the warmest) or a new one;
  // nullptr only when libcurl cannot allocate.
  Handle acquire();
  void release(Handle handle);
  std::size_t idleCount() const;

 private:
  const std::size_t max_idle_;
  mutable std::mutex mutex_;
  std::vector<Handle> idle_;
};

}  // namespace renkei
