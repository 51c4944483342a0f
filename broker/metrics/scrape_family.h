#pragma once
// A family whose values are read when scraped, from state another component keeps anyway (the
// listener's connection count, the audit writer's queue, each receiver's bulkhead). Nothing is
// updated per exchange for these: the cost is paid by the scrape.
#include <functional>
#include <string>
#include <vector>

#include "broker/metrics/collector.h"

namespace renkei::metrics {

class ScrapeFamily : public Collector {
 public:
  // Called once per series: label values (one per label name) and the value.
  using Emit = std::function<void(std::vector<std::string> values, double value)>;
  using Read = std::function<void(const Emit& emit)>;

  ScrapeFamily(std::string name, std::string help, MetricType type,
               std::vector<std::string> label_names, Read read);
  void write(TextWriter& out) const override;

 private:
  const std::string name_;
  const std::string help_;
  const MetricType type_;
  const std::vector<std::string> label_names_;
  const Read read_;
};

}  // namespace renkei::metrics
