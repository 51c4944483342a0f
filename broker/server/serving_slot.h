#pragma once
// The serving generation requests are handed to. Readers copy the shared_ptr once per request
// and keep it until they have answered, so a reload that installs a new generation never pulls
// stages, forwarder or limits from under an exchange in flight. An atomic shared_ptr, as in
// LinkRegistry: every request reads it, and a process-wide mutex there would show.
#include <atomic>
#include <memory>

#include "broker/server/serving_generation.h"

namespace renkei {

class ServingSlot {
 public:
  std::shared_ptr<ServingGeneration> current() const { return current_.load(); }
  void install(std::shared_ptr<ServingGeneration> generation) {
    current_.store(std::move(generation));
  }

 private:
  std::atomic<std::shared_ptr<ServingGeneration>> current_;
};

}  // namespace renkei
