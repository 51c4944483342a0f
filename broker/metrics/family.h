#pragma once
// A metric family: one name, fixed label names, one series per distinct set of label values.
//
// with() is on the hot path (once per exchange for renkei_exchanges_total). Each thread first
// looks in the few label sets it used last (compared value by value: no key built, no lock);
// otherwise a series, once made, is found under one of 16 shard locks chosen by the key's hash,
// so two workers rarely meet on the same lock and never on a process-wide one. Callers that can
// keep the reference (stage histograms) resolve it once. Series are never removed, so references
// (and the threads' recent entries) stay valid for the family's life.
//
// Label values are the broker's own bounded vocabulary (known unit ids, service names, fault
// codes), but they pass through maskMyNumbers when a series is made anyway: a 個人番号 must never
// reach a label. Series are kept under their masked values, so two raw values that mask alike
// share one series instead of printing the same labels twice.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "broker/core/my_number.h"
#include "broker/metrics/collector.h"
#include "broker/metrics/counter.h"
#include "broker/metrics/histogram.h"

namespace renkei::metrics {

// Tells families apart in the threads' recent entries; never reused, unlike an address.
inline std::atomic<std::uint64_t> next_family_id{1};

template <typename Series>
class Family : public Collector {
 public:
  using Make = std::function<std::unique_ptr<Series>()>;

  Family(std::string name, std::string help, MetricType type, std::vector<std::string> label_names,
         Make make)
      : name_(std::move(name)),
        help_(std::move(help)),
        type_(type),
        label_names_(std::move(label_names)),
        make_(std::move(make)) {}

  // One value per label name, in order; missing values are empty, extra ones ignored.
  Series& with(std::initializer_list<std::string_view> values) {
    Recent& recent = recentForThisThread();
    for (const RecentEntry& entry : recent.entries) {
      if (entry.family == id_ &&
          std::equal(entry.values.begin(), entry.values.end(), values.begin(), values.end())) {
        return *entry.series;
      }
    }
    Series& series = find(values);
    RecentEntry& slot = recent.entries[recent.next++ % recent.entries.size()];
    slot.family = id_;
    slot.values.assign(values.begin(), values.end());
    slot.series = &series;
    return series;
  }

  // Every series with its (masked) label values, sorted by them.
  template <typename Visit>
  void forEach(Visit visit) const {
    std::lock_guard lock(create_mutex_);
    for (const auto& [values, series] : series_) visit(values, *series);
  }

  const std::string& name() const { return name_; }
  const std::vector<std::string>& labelNames() const { return label_names_; }

  void write(TextWriter& out) const override {
    out.family(name_, help_, type_);
    forEach([&](const std::vector<std::string>& values, const Series& series) {
      writeSeries(out, values, series);
    });
  }

 private:
  struct RecentEntry {
    std::uint64_t family = 0;  // 0: empty
    std::vector<std::string> values;
    Series* series = nullptr;
  };
  struct Recent {
    std::array<RecentEntry, 8> entries;
    std::size_t next = 0;
  };
  // Shared by every family of this series type on the thread; entries name their family.
  static Recent& recentForThisThread() {
    thread_local Recent recent;
    return recent;
  }

  Series& find(std::initializer_list<std::string_view> values) {
    const std::string key = keyOf(values);
    Shard& shard = shards_[std::hash<std::string>{}(key) % shards_.size()];
    {
      std::lock_guard lock(shard.mutex);
      if (auto it = shard.index.find(key); it != shard.index.end()) return *it->second;
    }
    Series& series = create(values);
    std::lock_guard lock(shard.mutex);
    shard.index.emplace(key, &series);
    return series;
  }

  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Series*> index;  // raw key -> series
  };

  // Each value prefixed by its length: no separator a value could contain can make two
  // different label sets share a key.
  std::string keyOf(std::initializer_list<std::string_view> values) const {
    std::string key;
    for (std::string_view v : values) {
      key += std::to_string(v.size());
      key += ':';
      key += v;
    }
    return key;
  }

  Series& create(std::initializer_list<std::string_view> values) {
    std::vector<std::string> masked;
    masked.reserve(label_names_.size());
    auto it = values.begin();
    for (std::size_t i = 0; i < label_names_.size(); ++i) {
      masked.push_back(it != values.end() ? maskMyNumbers(*it++) : std::string());
    }
    std::lock_guard lock(create_mutex_);
    auto& slot = series_[std::move(masked)];
    if (!slot) slot = make_();
    return *slot;
  }

  void writeSeries(TextWriter& out, const std::vector<std::string>& values,
                   const Counter& c) const {
    out.sample(name_, label_names_, values, c.value());
  }
  void writeSeries(TextWriter& out, const std::vector<std::string>& values, const Gauge& g) const {
    out.sample(name_, label_names_, values, static_cast<double>(g.value()));
  }
  void writeSeries(TextWriter& out, const std::vector<std::string>& values,
                   const Histogram& h) const {
    const Histogram::Snapshot snap = h.snapshot();
    const std::string bucket = name_ + "_bucket";
    const auto bounds = h.bounds();
    for (std::size_t i = 0; i < snap.cumulative.size(); ++i) {
      const std::string le = i < bounds.size() ? formatValue(bounds[i]) : "+Inf";
      out.sample(bucket, label_names_, values, static_cast<double>(snap.cumulative[i]), "le", le);
    }
    out.sample(name_ + "_sum", label_names_, values, snap.sum);
    out.sample(name_ + "_count", label_names_, values, snap.count);
  }

  const std::string name_;
  const std::string help_;
  const MetricType type_;
  const std::vector<std::string> label_names_;
  const Make make_;
  const std::uint64_t id_ = next_family_id.fetch_add(1, std::memory_order_relaxed);
  std::array<Shard, 16> shards_;
  mutable std::mutex create_mutex_;  // guards series_; taken only to make a series or scrape
  std::map<std::vector<std::string>, std::unique_ptr<Series>> series_;
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

}  // namespace renkei::metrics
