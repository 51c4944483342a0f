#pragma once
// A thread about to wait on something slow (a unit that has not answered yet, another broker, a
// commit) says so, so the pool it works for can let another worker run a queued request
// meanwhile (WorkerPool's running limit). On a thread no pool watches it costs nothing.
//
//   { BlockingWait waiting;  poll(...); }
//
// A pipeline stage that waits on anything slow (a database, a peer broker, a unit, a file it
// fsyncs) declares it: a worker in an undeclared wait keeps its running place until the
// listener's sweep lets one more worker take queued work (50 ms).
namespace renkei {

// What a pool installs on each of its threads (BlockingWait's other end).
class BlockingWaitObserver {
 public:
  virtual ~BlockingWaitObserver() = default;
  virtual void waitBegins() = 0;
  virtual void waitEnds() = 0;
};

// The observer of the calling thread's waits (null: none); returns the previous one.
BlockingWaitObserver* observeBlockingWaits(BlockingWaitObserver* observer);

class BlockingWait {
 public:
  BlockingWait();
  ~BlockingWait();
  BlockingWait(const BlockingWait&) = delete;
  BlockingWait& operator=(const BlockingWait&) = delete;

 private:
  BlockingWaitObserver* observer_;
};

}  // namespace renkei
