#pragma once
// Reusable libcurl easy handles, kept warm per receiver. Each easy handle keeps its own cache of
// kept-alive connections, so reusing a handle is what reuses a connection to a unit, but only
// if the handle goes back to the unit it last talked to. Idle handles are therefore filed under
// the origin (scheme://host:port) of their last transfer and handed out for that origin first:
// with many receivers, a handle picked at random would mostly hold connections to other units
// and open a new one (measured in tests/unit/curl_connection_reuse_test.cpp).
//
// Why not a CURLSH connection cache shared by all handles: libcurl documents sharing the
// connection cache between concurrent threads as unsupported (CURLSHOPT_SHARE,
// CURL_LOCK_DATA_CONNECT), and the broker's workers forward concurrently.
//
// Why a mutex-guarded pool and not a thread_local map keyed by forwarder: the pool owns its
// handles, so they (and their sockets) are released when the forwarder goes away, whichever
// threads used it. The lock is held only to find and move a pointer, never during a transfer.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>

typedef void CURL;

namespace renkei {

class CurlHandlePool {
 public:
  struct Deleter {
    void operator()(CURL* handle) const;
  };
  using Handle = std::unique_ptr<CURL, Deleter>;

  // Idle handles beyond max_idle are closed on release (least recently used first).
  explicit CurlHandlePool(std::size_t max_idle = 64);
  CurlHandlePool(const CurlHandlePool&) = delete;
  CurlHandlePool& operator=(const CurlHandlePool&) = delete;

  // The most recently used idle handle of this origin, else a new one; nullptr only when
  // libcurl cannot allocate.
  Handle acquire(const std::string& origin);
  void release(const std::string& origin, Handle handle);
  std::size_t idleCount() const;

  // "http://10.1.2.3:8080" for "http://10.1.2.3:8080/juki/service": what a connection serves.
  static std::string originOf(const std::string& url);

 private:
  struct Idle {
    std::string origin;
    Handle handle;
  };
  const std::size_t max_idle_;
  mutable std::mutex mutex_;
  std::list<Idle> idle_;  // most recently used first
};

}  // namespace renkei
