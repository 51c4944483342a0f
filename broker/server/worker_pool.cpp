#include "broker/server/worker_pool.h"

#include "broker/core/thread_name.h"

namespace renkei {

WorkerPool::WorkerPool(int threads, std::size_t capacity, std::string thread_name)
    : capacity_(capacity) {
  threads_.reserve(threads);
  for (int i = 0; i < threads; ++i) {
    threads_.push_back(namedThread(thread_name, [this] { run(); }));
  }
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::tryPush(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || tasks_.size() >= capacity_) return false;
    tasks_.push_back(std::move(task));
  }
  ready_.notify_one();
  return true;
}

void WorkerPool::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  ready_.notify_all();
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

void WorkerPool::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
    if (tasks_.empty()) return;  // stopping, and nothing left to run
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    ++busy_;
    lock.unlock();
    task();
    task = nullptr;  // release what the task captured before taking the lock again
    lock.lock();
    --busy_;
  }
}

}  // namespace renkei
