#include "adapters/file/post_window.h"

#include <algorithm>
#include <chrono>
#include <iterator>

#include "adapters/file/soap_poster.h"
#include "broker/core/thread_name.h"

namespace renkei::file {

PostWindow::PostWindow(const std::string& url, long timeout_ms, int size, int retries)
    : size_(static_cast<size_t>(std::max(size, 1))),
      retries_(retries),
      url_(url),
      timeout_ms_(timeout_ms) {
  for (size_t i = 0; i < size_; ++i) {
    workers_.push_back(namedThread("file-post", [this] { work(); }));
  }
}

PostWindow::~PostWindow() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    jobs_.clear();
  }
  jobs_ready_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void PostWindow::submit(PostJob job, const Done& done) {
  std::unique_lock<std::mutex> lock(mutex_);
  takeOutcomes(lock, done);
  while (in_flight_ >= size_) {
    outcome_ready_.wait(lock, [this] { return !outcomes_.empty(); });
    takeOutcomes(lock, done);
  }
  ++in_flight_;
  jobs_.push_back(std::move(job));
  lock.unlock();
  jobs_ready_.notify_one();
}

void PostWindow::drain(const Done& done) {
  std::unique_lock<std::mutex> lock(mutex_);
  takeOutcomes(lock, done);
  while (in_flight_ > 0) {
    outcome_ready_.wait(lock, [this] { return !outcomes_.empty(); });
    takeOutcomes(lock, done);
  }
}

// `done` runs without the lock: it writes the state database and the reject file.
void PostWindow::takeOutcomes(std::unique_lock<std::mutex>& lock, const Done& done) {
  while (!outcomes_.empty()) {
    std::vector<PostOutcome> batch(std::make_move_iterator(outcomes_.begin()),
                                   std::make_move_iterator(outcomes_.end()));
    outcomes_.clear();
    in_flight_ -= batch.size();
    lock.unlock();
    done(batch);
    lock.lock();
  }
}

void PostWindow::work() {
  // Each worker its own connection: libcurl easy handles are not shared across threads.
  SoapPoster poster(url_, timeout_ms_);
  for (;;) {
    PostJob job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      jobs_ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    PostOutcome outcome{job.number, {}};
    for (int attempt = 1;; ++attempt) {
      outcome.meaning = interpretReply(poster.post(job.envelope, ""));
      if (outcome.meaning.verdict != ReplyVerdict::kRetry || attempt > retries_) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200 << std::min(attempt, 6)));
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      outcomes_.push_back(std::move(outcome));
    }
    outcome_ready_.notify_one();
  }
}

}  // namespace renkei::file
