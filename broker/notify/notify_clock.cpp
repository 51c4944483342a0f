#include "broker/notify/notify_clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace renkei {

int64_t epochMsNow() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace renkei
