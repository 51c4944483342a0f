#include "broker/transport/curl_handle_pool.h"

#include <curl/curl.h>

namespace renkei {

void CurlHandlePool::Deleter::operator()(CURL* handle) const { curl_easy_cleanup(handle); }

CurlHandlePool::CurlHandlePool(std::size_t max_idle) : max_idle_(max_idle) {}

std::string CurlHandlePool::originOf(const std::string& url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  return url.substr(0, url.find_first_of("/?#", scheme_end + 3));
}

CurlHandlePool::Handle CurlHandlePool::acquire(const std::string& origin) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = idle_.begin(); it != idle_.end(); ++it) {
      if (it->origin != origin) continue;
      Handle handle = std::move(it->handle);
      idle_.erase(it);
      return handle;
    }
  }
  // No warm handle for this origin: a new one rather than another origin's, whose connections
  // would then go cold for their own unit.
  return Handle(curl_easy_init());
}

void CurlHandlePool::release(const std::string& origin, Handle handle) {
  if (!handle) return;
  Handle evicted;  // closed (with its sockets) outside the lock
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_front(Idle{origin, std::move(handle)});
  if (idle_.size() > max_idle_) {
    evicted = std::move(idle_.back().handle);
    idle_.pop_back();
  }
}

std::size_t CurlHandlePool::idleCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

}  // namespace renkei
