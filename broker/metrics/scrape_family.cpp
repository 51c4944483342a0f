#include "broker/metrics/scrape_family.h"

#include <algorithm>
#include <utility>

#include "broker/core/my_number.h"

namespace renkei::metrics {

ScrapeFamily::ScrapeFamily(std::string name, std::string help, MetricType type,
                           std::vector<std::string> label_names, Read read)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(type),
      label_names_(std::move(label_names)),
      read_(std::move(read)) {}

void ScrapeFamily::write(TextWriter& out) const {
  std::vector<std::pair<std::vector<std::string>, double>> samples;
  read_([&](std::vector<std::string> values, double value) {
    values.resize(label_names_.size());
    for (std::string& v : values) v = maskMyNumbers(v);
    samples.emplace_back(std::move(values), value);
  });
  // Sorted, and one sample per label set: the format allows no repeats within a family.
  std::sort(samples.begin(), samples.end());
  samples.erase(std::unique(samples.begin(), samples.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }),
                samples.end());
  out.family(name_, help_, type_);
  for (const auto& [values, value] : samples) out.sample(name_, label_names_, values, value);
}

}  // namespace renkei::metrics
