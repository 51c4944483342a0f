#pragma once
// Work that must not run on the stack of the code that made it due. When a receiver's slot is
// freed inside one exchange's forward stage, the exchange parked for that slot continues on the
// same thread (no other thread is woken for it), but after the current task, not nested inside
// it: the first exchange's caller is not kept waiting, and stacks do not grow with the queue.
//
// A thread that runs tasks (WorkerPool) holds a DeferredWorkScope and drains it after each
// task. On any other thread runDeferred runs the work at once, in a scope of its own, so what
// that work defers in turn runs after it, never nested.
#include <deque>
#include <functional>

namespace renkei {

void runDeferred(std::function<void()> work);

class DeferredWorkScope {
 public:
  DeferredWorkScope();
  ~DeferredWorkScope();  // runs what is still deferred
  DeferredWorkScope(const DeferredWorkScope&) = delete;
  DeferredWorkScope& operator=(const DeferredWorkScope&) = delete;

  // Runs the deferred work, including whatever it defers, until none is left.
  void drain();

 private:
  friend void runDeferred(std::function<void()> work);
  std::deque<std::function<void()>> work_;
  DeferredWorkScope* previous_;
};

}  // namespace renkei
