#pragma once
// Names the calling thread, so `top -H`, `ps -L`, `perf` and /proc/PID/task/*/comm show which
// part of the broker a thread is (the event loop, a worker, the audit writer) instead of
// sixty-odd threads all called "renkei". Linux keeps at most 15 bytes; longer names are cut.
#include <string>
#include <string_view>

namespace renkei {

void nameThisThread(std::string_view name);

// The calling thread's name as the kernel keeps it (empty if it cannot be read).
std::string thisThreadName();

}  // namespace renkei
