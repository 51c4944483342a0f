#include "broker/server/worker_pool.h"

#include <utility>

#include "broker/core/thread_name.h"

namespace renkei {

WorkerPool::WorkerPool(int threads, std::size_t capacity, std::string thread_name)
    : capacity_(capacity) {
  threads_.reserve(threads);
  idle_.reserve(threads);
  for (int i = 0; i < threads; ++i) {
    threads_.push_back(namedThread(thread_name, [this] { run(); }));
  }
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::tryPush(std::function<void()> task) {
  Sleeper* woken = nullptr;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    if (!idle_.empty()) {
      woken = idle_.back();
      idle_.pop_back();
      woken->handed = std::move(task);
      ++busy_;  // it is this task's from now on, even before it wakes
    } else {
      if (tasks_.size() >= capacity_) return false;
      tasks_.push_back(std::move(task));  // every worker is busy; the first one done takes it
    }
  }
  if (woken != nullptr) woken->wake.notify_one();
  return true;
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

std::function<void()> WorkerPool::nextTask(std::unique_lock<std::mutex>& lock, Sleeper& me) {
  while (true) {
    if (!tasks_.empty()) {
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      ++busy_;
      return task;
    }
    if (stopping_) return {};  // nothing left to run
    idle_.push_back(&me);
    me.wake.wait(lock, [&] { return me.handed || stopping_; });
    if (me.handed) return std::exchange(me.handed, nullptr);
    // Stopping: stop() took the idle stack; drain whatever is still queued, then end.
  }
}

void WorkerPool::run() {
  Sleeper me;
  std::unique_lock lock(mutex_);
  while (std::function<void()> task = nextTask(lock, me)) {
    lock.unlock();
    task();
    task = nullptr;  // release what the task captured before taking the lock again
    lock.lock();
    --busy_;
  }
}

}  // namespace renkei
