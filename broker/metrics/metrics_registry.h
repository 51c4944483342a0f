#pragma once
// Every metric family of one broker, written out in registration order when /metrics is
// scraped. Families are registered at start (not per exchange), so registration takes a lock
// and the hot path never does.
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "broker/metrics/family.h"
#include "broker/metrics/scrape_family.h"

namespace renkei::metrics {

class Registry {
 public:
  CounterFamily& counter(std::string name, std::string help,
                         std::vector<std::string> label_names = {});
  GaugeFamily& gauge(std::string name, std::string help, std::vector<std::string> label_names = {});
  HistogramFamily& histogram(std::string name, std::string help,
                             std::vector<std::string> label_names, std::span<const double> bounds);
  void scraped(std::string name, std::string help, MetricType type,
               std::vector<std::string> label_names, ScrapeFamily::Read read);

  // The whole exposition (text format 0.0.4).
  std::string exposition() const;

 private:
  template <typename T>
  T& add(std::unique_ptr<T> family);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Collector>> families_;
};

}  // namespace renkei::metrics
