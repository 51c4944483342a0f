#pragma once
// The Prometheus text exposition format, version 0.0.4: one `# HELP` and one `# TYPE` line per
// family, then its samples, `name{label="value",...} value`, with label values and help text
// escaped as the format requires.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace renkei::metrics {

inline constexpr const char* kExpositionContentType = "text/plain; version=0.0.4; charset=utf-8";

enum class MetricType { kCounter, kGauge, kHistogram };

// Backslash, double quote and line feed escaped (\\, \", \n).
std::string escapeLabelValue(std::string_view value);
// Backslash and line feed escaped.
std::string escapeHelp(std::string_view help);
// Integers as integers, +Inf/-Inf/NaN as the format spells them, others with full precision.
std::string formatValue(double value);

// Appends to one string; the caller hands the text out whole.
class TextWriter {
 public:
  explicit TextWriter(std::string& out) : out_(out) {}

  void family(std::string_view name, std::string_view help, MetricType type);
  // `names` and `values` pair up; `extra_name`/`extra_value` add one more label (a bucket's le).
  void sample(std::string_view name, std::span<const std::string> names,
              std::span<const std::string> values, double value, std::string_view extra_name = {},
              std::string_view extra_value = {});
  void sample(std::string_view name, std::span<const std::string> names,
              std::span<const std::string> values, uint64_t value);

 private:
  void labels(std::span<const std::string> names, std::span<const std::string> values,
              std::string_view extra_name, std::string_view extra_value);
  std::string& out_;
};

}  // namespace renkei::metrics
