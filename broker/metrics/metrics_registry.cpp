#include "broker/metrics/metrics_registry.h"

namespace renkei::metrics {

template <typename T>
T& Registry::add(std::unique_ptr<T> family) {
  T& ref = *family;
  std::lock_guard lock(mutex_);
  families_.push_back(std::move(family));
  return ref;
}

CounterFamily& Registry::counter(std::string name, std::string help,
                                 std::vector<std::string> label_names) {
  return add(std::make_unique<CounterFamily>(std::move(name), std::move(help), MetricType::kCounter,
                                             std::move(label_names),
                                             [] { return std::make_unique<Counter>(); }));
}

GaugeFamily& Registry::gauge(std::string name, std::string help,
                             std::vector<std::string> label_names) {
  return add(std::make_unique<GaugeFamily>(std::move(name), std::move(help), MetricType::kGauge,
                                           std::move(label_names),
                                           [] { return std::make_unique<Gauge>(); }));
}

HistogramFamily& Registry::histogram(std::string name, std::string help,
                                     std::vector<std::string> label_names,
                                     std::span<const double> bounds) {
  return add(std::make_unique<HistogramFamily>(
      std::move(name), std::move(help), MetricType::kHistogram, std::move(label_names),
      [kept = std::vector<double>(bounds.begin(), bounds.end())] {
        return std::make_unique<Histogram>(kept);
      }));
}

void Registry::scraped(std::string name, std::string help, MetricType type,
                       std::vector<std::string> label_names, ScrapeFamily::Read read) {
  add(std::make_unique<ScrapeFamily>(std::move(name), std::move(help), type, std::move(label_names),
                                     std::move(read)));
}

std::string Registry::exposition() const {
  std::string text;
  TextWriter out(text);
  std::lock_guard lock(mutex_);
  for (const auto& family : families_) family->write(out);
  return text;
}

}  // namespace renkei::metrics
