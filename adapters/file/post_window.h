#pragma once
// Up to N records posted to the broker at once, each worker thread on its own kept-alive
// connection. The broker makes each 通知 durable per post (one outbox transaction), so a lone
// sender waits for one fsync per record; N in flight share the wait. Answers come back in any
// order: the caller records each by its record number, never as a high-water mark.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "adapters/file/broker_reply.h"

namespace renkei::file {

struct PostJob {
  size_t number = 0;  // the record number, handed back with its outcome
  std::string envelope;
};

struct PostOutcome {
  size_t number = 0;
  ReplyMeaning meaning;  // kRetry here means the retries were spent
};

class PostWindow {
 public:
  // The outcomes that arrived together: the caller records them in one transaction, so a
  // slow disk makes bigger batches instead of a queue of syncs.
  using Done = std::function<void(std::vector<PostOutcome>&)>;

  // `retries`: further attempts per record while the broker is unavailable or overloaded.
  PostWindow(const std::string& url, long timeout_ms, int size, int retries);
  ~PostWindow();
  PostWindow(const PostWindow&) = delete;
  PostWindow& operator=(const PostWindow&) = delete;

  // Queues `job`, first waiting until fewer than `size` posts are in flight; the outcomes that
  // arrive meanwhile are handed to `done` on the calling thread.
  void submit(PostJob job, const Done& done);
  // Waits for every post in flight, handing each outcome to `done`.
  void drain(const Done& done);

 private:
  void work();
  void takeOutcomes(std::unique_lock<std::mutex>& lock, const Done& done);

  const size_t size_;
  const int retries_;
  std::mutex mutex_;
  std::condition_variable jobs_ready_, outcome_ready_;
  std::deque<PostJob> jobs_;
  std::deque<PostOutcome> outcomes_;
  size_t in_flight_ = 0;  // queued or being posted, outcome not yet taken
  bool stopping_ = false;
  const std::string url_;
  const long timeout_ms_;
  std::vector<std::thread> workers_;
};

}  // namespace renkei::file
