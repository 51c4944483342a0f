#pragma once
// Parsers lent to the pipeline's workers from one shared pool per parser kind, the most
// recently returned first.
//
// Why not one parser per thread: the broker runs 64 workers, and when this pool was made the
// condition variable that woke them handed each request to a different thread in turn, so a
// per-thread parser was as cold (scanner, validator, string pools and grammar lookups all out of
// cache) as the thread that owned it. The worker pool now wakes the worker that slept last, but
// with a receiver answering slowly many workers are inside exchanges at once; on two cores only
// a few parses run at once, and lending the parser that was put back last keeps the same few
// parsers, and their memory, in use however many workers there are. The lock is held only to
// move a pointer.
//
// Parsers of a SchemaSet that was replaced stay idle in the pool (keyed by the set's unique
// id), as they stayed in every thread before; max_idle bounds how many are kept per set.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "broker/xml/envelope_scanner.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"

namespace renkei::xml {

template <typename Parser>
class RecentFirstPool {
 public:
  class Return {
   public:
    Return() = default;
    Return(RecentFirstPool* pool, std::uint64_t key) : pool_(pool), key_(key) {}
    void operator()(Parser* parser) const { pool_->giveBack(key_, parser); }

   private:
    RecentFirstPool* pool_ = nullptr;
    std::uint64_t key_ = 0;
  };
  using Lease = std::unique_ptr<Parser, Return>;

  explicit RecentFirstPool(std::size_t max_idle) : max_idle_(max_idle) {}
  RecentFirstPool(const RecentFirstPool&) = delete;
  RecentFirstPool& operator=(const RecentFirstPool&) = delete;

  // The idle parser returned last for `key`, else a new one from make().
  template <typename Make>
  Lease lend(std::uint64_t key, Make make) {
    {
      std::lock_guard lock(mutex_);
      auto& idle = idle_[key];
      if (!idle.empty()) {
        Parser* parser = idle.back().release();
        idle.pop_back();
        return Lease(parser, Return(this, key));
      }
    }
    return Lease(make().release(), Return(this, key));
  }

  std::size_t idleCount(std::uint64_t key) const {
    std::lock_guard lock(mutex_);
    auto it = idle_.find(key);
    return it == idle_.end() ? 0 : it->second.size();
  }

 private:
  void giveBack(std::uint64_t key, Parser* parser) {
    std::unique_ptr<Parser> owned(parser);  // destroyed after the lock is released, if not kept
    std::lock_guard lock(mutex_);
    auto& idle = idle_[key];
    if (idle.size() < max_idle_) idle.push_back(std::move(owned));
  }

  const std::size_t max_idle_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, std::vector<std::unique_ptr<Parser>>> idle_;
};

using HardenedParserLease = RecentFirstPool<HardenedParser>::Lease;
using EnvelopeScannerLease = RecentFirstPool<EnvelopeScanner>::Lease;

// A request parser (DOM) / an answer scanner (SAX) for `schemas`, with `limits` applied; back to
// the pool when the lease ends. Thread-safe.
HardenedParserLease lendHardenedParser(const SchemaSet& schemas, const ParserLimits& limits);
EnvelopeScannerLease lendEnvelopeScanner(const SchemaSet& schemas, const ParserLimits& limits);

}  // namespace renkei::xml
