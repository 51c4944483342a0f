#include "broker/core/deferred_work.h"

#include <exception>
#include <iostream>
#include <utility>

namespace renkei {
namespace {

thread_local DeferredWorkScope* t_scope = nullptr;

}  // namespace

DeferredWorkScope::DeferredWorkScope() : previous_(t_scope) { t_scope = this; }

DeferredWorkScope::~DeferredWorkScope() {
  drain();
  t_scope = previous_;
}

void DeferredWorkScope::drain() {
  while (!work_.empty()) {
    std::function<void()> work = std::move(work_.front());
    work_.pop_front();
    try {
      work();
    } catch (const std::exception& e) {
      // Deferred work answers its own exchange; one that throws is a bug, not the thread's end.
      std::cerr << "renkei: deferred work failed: " << e.what() << std::endl;
    }
  }
}

void runDeferred(std::function<void()> work) {
  if (t_scope != nullptr) {
    t_scope->work_.push_back(std::move(work));
    return;
  }
  DeferredWorkScope scope;
  scope.work_.push_back(std::move(work));
  scope.drain();
}

}  // namespace renkei
