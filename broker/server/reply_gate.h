#pragma once
// Where replies finished off the worker pool come back to the event loop.
//
// An exchange's reply is made on whichever thread settles its audit record (the audit writer's,
// usually), which may be after the worker that ran it has moved on, and in principle after the
// server was asked to stop. The gate counts the replies still owed, lets stop() wait for them
// (bounded), and drops any that arrive once the loop is gone instead of touching freed memory.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

#include "broker/core/exchange.h"

namespace renkei {

class ReplyGate {
 public:
  // Hands a reply to the loop: (connection id, reply, keep-alive).
  using Deliver = std::function<void(uint64_t, HttpReply, bool)>;
  explicit ReplyGate(Deliver deliver) : deliver_(std::move(deliver)) {}

  // One more reply owed; each expect() is matched by one deliver().
  void expect();
  void deliver(uint64_t id, HttpReply reply, bool keep_alive);
  // Waits until no reply is owed or `limit` has passed; returns how many are still owed.
  int awaitAll(std::chrono::milliseconds limit);
  // From now on replies are dropped (the loop is stopping).
  void close();

 private:
  std::mutex mutex_;
  std::condition_variable all_delivered_;
  Deliver deliver_;  // guarded by mutex_; empty once closed
  int owed_ = 0;     // guarded by mutex_
};

}  // namespace renkei
