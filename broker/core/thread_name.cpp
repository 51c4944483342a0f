#include "broker/core/thread_name.h"

#include <pthread.h>

namespace renkei {
namespace {

constexpr std::size_t kMaxNameBytes = 15;  // TASK_COMM_LEN is 16, with the terminating NUL

}  // namespace

void nameThisThread(std::string_view name) {
  const std::string kept(name.substr(0, kMaxNameBytes));
  // Best effort: a thread without its name works the same, it is only harder to tell apart.
  pthread_setname_np(pthread_self(), kept.c_str());
}

std::string thisThreadName() {
  char name[kMaxNameBytes + 1] = {};
  if (pthread_getname_np(pthread_self(), name, sizeof name) != 0) return {};
  return name;
}

}  // namespace renkei
