#include "broker/admin/svg_chart.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "broker/admin/html.h"
#include "broker/reports/report_time.h"

namespace renkei::admin {
namespace {

constexpr int kLeft = 48;  // room for the y axis numbers
constexpr int kRight = 12;
constexpr int kTop = 28;  // room for the legend
constexpr int kBottom = 34;

struct Series {
  const char* name;
  const char* color;
  int64_t reports::DayCounts::*count;
};
constexpr Series kSeries[] = {
    {"中継 routed", "#2e7d32", &reports::DayCounts::routed},
    {"失敗 failed", "#ef8f00", &reports::DayCounts::failed},
    {"拒否 refused", "#c62828", &reports::DayCounts::refused},
};

// 1, 2, 5, 10, 20, 50, ...: the smallest such step giving at most 4 grid lines.
int64_t niceStep(int64_t max) {
  int64_t step = 1;
  while (true) {
    for (int64_t factor : {1, 2, 5}) {
      if (step * factor * 4 >= max) return step * factor;
    }
    step *= 10;
  }
}

}  // namespace

std::string dailyChartSvg(const reports::DailyCounts& days, const DailyChartOptions& options) {
  std::vector<std::pair<std::string, reports::DayCounts>> bars;
  const auto last = reports::parseIsoDate(options.last_day);
  if (last) {
    for (int i = options.days - 1; i >= 0; --i) {
      const std::string day = reports::formatIsoDate(*last - std::chrono::days{i});
      const auto it = days.find(day);
      bars.emplace_back(day, it == days.end() ? reports::DayCounts{} : it->second);
    }
  }
  int64_t max = 0;
  int64_t total = 0;
  for (const auto& [day, counts] : bars) {
    max = std::max(max, counts.routed + counts.failed + counts.refused);
    total += counts.routed + counts.failed + counts.refused;
  }
  const int64_t step = niceStep(std::max<int64_t>(max, 1));
  const int64_t top = std::max<int64_t>(step, (max + step - 1) / step * step);
  const int plot_w = options.width - kLeft - kRight;
  const int plot_h = options.height - kTop - kBottom;
  const double bar_w = bars.empty() ? 0 : static_cast<double>(plot_w) / bars.size();

  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\""
      << options.width << "\" height=\"" << options.height << "\" viewBox=\"0 0 " << options.width
      << " " << options.height << "\" aria-label=\"" << htmlEscape(options.label)
      << "\" font-family=\"sans-serif\" font-size=\"11\">\n";
  // Legend.
  int x = kLeft;
  for (const Series& series : kSeries) {
    svg << "<rect x=\"" << x << "\" y=\"8\" width=\"10\" height=\"10\" fill=\"" << series.color
        << "\"/><text x=\"" << x + 14 << "\" y=\"17\">" << series.name << "</text>";
    x += 110;
  }
  svg << "<text x=\"" << options.width - kRight << "\" y=\"17\" text-anchor=\"end\">計 total "
      << total << "</text>\n";
  // Grid and y axis.
  for (int64_t value = 0; value <= top; value += step) {
    const double y = kTop + plot_h - static_cast<double>(value) * plot_h / top;
    svg << "<line x1=\"" << kLeft << "\" x2=\"" << kLeft + plot_w << "\" y1=\"" << y << "\" y2=\""
        << y << "\" stroke=\"#ddd\"/><text x=\"" << kLeft - 4 << "\" y=\"" << y + 4
        << "\" text-anchor=\"end\">" << value << "</text>\n";
  }
  // Bars, bottom up: routed, failed, refused.
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& [day, counts] = bars[i];
    const double bx = kLeft + i * bar_w + bar_w * 0.15;
    double base = kTop + plot_h;
    svg << "<g class=\"day\" data-day=\"" << day << "\"><title>" << day << ": 中継 routed "
        << counts.routed << ", 失敗 failed " << counts.failed << ", 拒否 refused " << counts.refused
        << "</title>";
    for (const Series& series : kSeries) {
      const int64_t value = counts.*series.count;
      if (value == 0) continue;
      const double h = static_cast<double>(value) * plot_h / top;
      base -= h;
      svg << "<rect x=\"" << bx << "\" y=\"" << base << "\" width=\"" << bar_w * 0.7
          << "\" height=\"" << h << "\" fill=\"" << series.color << "\"/>";
    }
    svg << "</g>\n";
    // A date under every seventh bar and the last: "05-01" reads without crowding.
    if ((bars.size() - 1 - i) % 7 == 0) {
      svg << "<text x=\"" << bx + bar_w * 0.35 << "\" y=\"" << kTop + plot_h + 16
          << "\" text-anchor=\"middle\">" << day.substr(5) << "</text>\n";
    }
  }
  svg << "<line x1=\"" << kLeft << "\" x2=\"" << kLeft + plot_w << "\" y1=\"" << kTop + plot_h
      << "\" y2=\"" << kTop + plot_h << "\" stroke=\"#666\"/>\n";
  if (total == 0) {
    svg << "<text x=\"" << kLeft + plot_w / 2 << "\" y=\"" << kTop + plot_h / 2
        << "\" text-anchor=\"middle\" fill=\"#666\">この期間の交換はありません No exchanges in "
           "these "
        << options.days << " days</text>\n";
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace renkei::admin
