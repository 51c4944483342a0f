#include "broker/cli/memory_allocator.h"

#include <cstddef>

// jemalloc reads its settings from this symbol when the process starts (before main; the
// MALLOC_CONF environment variable still overrides any of them). glibc ignores it.
//
// background_thread: freed memory goes back to the system (madvise) from a jemalloc thread after
// the dirty-page decay (10 s by default), whether or not the broker allocates anything more.
// Without it, purging happens only inside later malloc and free calls: a burst of 8 MB answers
// followed by a quiet broker would keep its pages for good. A shorter decay (1 s) gave back the
// pages sooner but cost 2% of throughput at 32 connections (bench/RESULTS.md, 2026-12-05 (late
// morning)).
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface.
const char* malloc_conf = "background_thread:true";

// Weak: present only when jemalloc is linked in.
int mallctl(const char* name, void* oldp, std::size_t* oldlenp, void* newp, std::size_t newlen)
    __attribute__((weak));
}

namespace renkei::cli {

std::string memoryAllocatorName() {
  if (mallctl == nullptr) return "the C library's malloc";
  const char* version = nullptr;
  std::size_t size = sizeof version;
  if (mallctl("version", &version, &size, nullptr, 0) != 0 || version == nullptr) return "jemalloc";
  return std::string("jemalloc ") + version;
}

}  // namespace renkei::cli
