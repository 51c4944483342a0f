#include "broker/metrics/text_format.h"

#include <charconv>
#include <cmath>

namespace renkei::metrics {

std::string escapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string escapeHelp(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string formatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // The shortest text that reads back as the same double: 0.1 stays "0.1", 7 stays "7".
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, result.ptr);
}

void TextWriter::family(std::string_view name, std::string_view help, MetricType type) {
  static constexpr std::string_view kTypes[] = {"counter", "gauge", "histogram"};
  out_.append("# HELP ").append(name).append(" ").append(escapeHelp(help)).append("\n");
  out_.append("# TYPE ").append(name).append(" ");
  out_.append(kTypes[static_cast<int>(type)]).append("\n");
}

void TextWriter::labels(std::span<const std::string> names, std::span<const std::string> values,
                        std::string_view extra_name, std::string_view extra_value) {
  if (names.empty() && extra_name.empty()) return;
  out_ += '{';
  bool first = true;
  const auto one = [&](std::string_view name, std::string_view value) {
    if (!first) out_ += ',';
    first = false;
    out_.append(name).append("=\"").append(escapeLabelValue(value)).append("\"");
  };
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) one(names[i], values[i]);
  if (!extra_name.empty()) one(extra_name, extra_value);
  out_ += '}';
}

void TextWriter::sample(std::string_view name, std::span<const std::string> names,
                        std::span<const std::string> values, double value,
                        std::string_view extra_name, std::string_view extra_value) {
  out_.append(name);
  labels(names, values, extra_name, extra_value);
  out_.append(" ").append(formatValue(value)).append("\n");
}

void TextWriter::sample(std::string_view name, std::span<const std::string> names,
                        std::span<const std::string> values, uint64_t value) {
  out_.append(name);
  labels(names, values, {}, {});
  out_.append(" ").append(std::to_string(value)).append("\n");
}

}  // namespace renkei::metrics
