#include "broker/server/reply_gate.h"

#include <utility>

namespace renkei {

void ReplyGate::expect() {
  std::lock_guard lock(mutex_);
  ++owed_;
}

void ReplyGate::deliver(uint64_t id, HttpReply reply, bool keep_alive) {
  std::lock_guard lock(mutex_);
  // Under the lock: close() must not return while a delivery into the loop is under way.
  if (deliver_) deliver_(id, std::move(reply), keep_alive);
  if (--owed_ == 0) all_delivered_.notify_all();
}

int ReplyGate::awaitAll(std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  all_delivered_.wait_for(lock, limit, [&] { return owed_ <= 0; });
  return owed_;
}

void ReplyGate::close() {
  std::lock_guard lock(mutex_);
  deliver_ = nullptr;
}

}  // namespace renkei
