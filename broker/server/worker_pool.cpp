#include "broker/server/worker_pool.h"

#include <utility>

#include "broker/core/deferred_work.h"
#include "broker/core/thread_name.h"

namespace renkei {

WorkerPool::WorkerPool(int threads, std::size_t capacity, std::string thread_name, int max_running,
                       CpuDemand* demand)
    : capacity_(capacity), max_running_(max_running < 0 ? 0 : max_running), demand_(demand) {
  threads_.reserve(threads);
  idle_.reserve(threads);
  for (int i = 0; i < threads; ++i) {
    threads_.push_back(namedThread(thread_name, [this] { run(); }));
  }
}

WorkerPool::~WorkerPool() { stop(); }

WorkerPool::Sleeper* WorkerPool::handToIdle(std::function<void()> task) {
  Sleeper* woken = idle_.back();
  idle_.pop_back();
  woken->handed = std::move(task);
  ++busy_;  // it is this task's from now on, even before it wakes
  ++running_;
  ++taken_;
  publishDemand();
  return woken;
}

WorkerPool::Sleeper* WorkerPool::handQueuedToIdle() {
  std::function<void()> task = std::move(tasks_.front());
  tasks_.pop_front();
  return handToIdle(std::move(task));
}

bool WorkerPool::tryPush(std::function<void()> task) {
  Sleeper* woken = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    if (!idle_.empty() && belowLimit()) {
      woken = handToIdle(std::move(task));
    } else {
      if (tasks_.size() >= capacity_) return false;
      // Every worker is busy, or enough are running: the first one done or waiting takes it.
      tasks_.push_back(std::move(task));
      publishDemand();
    }
  }
  if (woken != nullptr) woken->wake.notify_one();
  return true;
}

void WorkerPool::waitBegins() {
  Sleeper* woken = nullptr;
  {
    std::lock_guard lock(mutex_);
    --running_;
    publishDemand();
    if (!tasks_.empty() && !idle_.empty() && belowLimit()) woken = handQueuedToIdle();
  }
  if (woken != nullptr) woken->wake.notify_one();
}

void WorkerPool::waitEnds() {
  std::lock_guard lock(mutex_);
  ++running_;  // may pass the limit for a while: it then sleeps after its task instead of taking
               // more
  publishDemand();
}

void WorkerPool::unstick() {
  Sleeper* woken = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (!tasks_.empty() && !idle_.empty() && taken_ == taken_at_last_unstick_) {
      woken = handQueuedToIdle();
    }
    taken_at_last_unstick_ = taken_;
  }
  if (woken != nullptr) woken->wake.notify_one();
}

void WorkerPool::stop() {
  std::vector<Sleeper*> sleeping;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    sleeping.swap(idle_);
  }
  for (Sleeper* sleeper : sleeping) sleeper->wake.notify_one();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

std::size_t WorkerPool::queued() const {
  std::lock_guard lock(mutex_);
  return tasks_.size();
}

int WorkerPool::busy() const {
  std::lock_guard lock(mutex_);
  return busy_;
}

int WorkerPool::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

void WorkerPool::run() {
  Sleeper me;
  WaitObserver observer(*this);
  observeBlockingWaits(&observer);
  // What a task makes due on this thread (an exchange parked for the receiver slot it freed)
  // runs right after it, before the next task is taken: no other thread is woken for it.
  DeferredWorkScope deferred;
  std::unique_lock lock(mutex_);
  bool counted = false;  // this worker is one of running_
  for (;;) {
    std::function<void()> task;
    // Once stopping, everything queued runs whatever the limit.
    const bool may_take = stopping_ || max_running_ == 0 ||
                          (counted ? running_ <= max_running_ : running_ < max_running_);
    if (!tasks_.empty() && may_take) {
      task = std::move(tasks_.front());
      tasks_.pop_front();
      ++busy_;
      ++taken_;
      if (!counted) ++running_;
      counted = true;
      publishDemand();
    } else {
      if (counted) --running_;
      counted = false;
      publishDemand();
      if (stopping_) {
        if (tasks_.empty()) break;
        continue;
      }
      idle_.push_back(&me);
      me.wake.wait(lock, [&] { return me.handed || stopping_; });
      if (!me.handed) continue;  // stopping: stop() took the idle stack; drain what is queued
      task = std::exchange(me.handed, nullptr);
      counted = true;  // whoever handed it counted it running (and busy)
    }
    lock.unlock();
    task();
    task = nullptr;  // release what the task captured before taking the lock again
    deferred.drain();
    lock.lock();
    --busy_;
  }
  lock.unlock();
  observeBlockingWaits(nullptr);
}

}  // namespace renkei
