#include "broker/transport/curl_handle_pool.h"

#include <curl/curl.h>

namespace renkei {

void CurlHandlePool::Deleter::operator()(CURL* handle) const { curl_easy_cleanup(handle); }

CurlHandlePool::CurlHandlePool(std::size_t max_idle) : max_idle_(max_idle) {}

CurlHandlePool::Handle CurlHandlePool::acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      Handle handle = std::move(idle_.back());
      idle_.pop_back();
      return handle;
    }
  }
  return Handle(curl_easy_init());
}

void CurlHandlePool::release(Handle handle) {
  if (!handle) return;
  std::unique_lock<std::mutex> lock(mutex_);
  if (idle_.size() < max_idle_) {
    idle_.push_back(std::move(handle));
    return;
  }
  lock.unlock();  // closing sockets outside the lock
}

std::size_t CurlHandlePool::idleCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

}  // namespace renkei
