#include "broker/core/blocking_wait.h"

namespace renkei {
namespace {

thread_local BlockingWaitObserver* t_observer = nullptr;
thread_local int t_depth = 0;  // nested waits are one wait

}  // namespace

BlockingWaitObserver* observeBlockingWaits(BlockingWaitObserver* observer) {
  BlockingWaitObserver* previous = t_observer;
  t_observer = observer;
  return previous;
}

BlockingWait::BlockingWait() : observer_(t_observer) {
  if (observer_ != nullptr && t_depth++ == 0) observer_->waitBegins();
}

BlockingWait::~BlockingWait() {
  if (observer_ != nullptr && --t_depth == 0) observer_->waitEnds();
}

}  // namespace renkei
