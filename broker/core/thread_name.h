#pragma once
// Names the calling thread, so `top -H`, `ps -L`, `perf` and /proc/PID/task/*/comm show which
// part of the broker a thread is (the event loop, a worker, the audit writer) instead of
// sixty-odd threads all called "renkei". Linux keeps at most 15 bytes; longer names are cut.
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace renkei {

void nameThisThread(std::string_view name);

// The calling thread's name as the kernel keeps it (empty if it cannot be read).
std::string thisThreadName();

// A thread that names itself `name` and then runs `body`.
template <typename Body>
std::thread namedThread(std::string name, Body body) {
  return std::thread([name = std::move(name), body = std::move(body)]() mutable {
    nameThisThread(name);
    body();
  });
}

}  // namespace renkei
