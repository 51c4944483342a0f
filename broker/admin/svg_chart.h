#pragma once
// Charts drawn on the server as inline SVG: the admin networks of a city hall are closed, so a
// page may load no script, font or image from anywhere. Plain shapes and the browser's own
// sans-serif; every bar carries a <title> (the browser shows it on hover) with its numbers.
#include <string>
#include <string_view>

#include "broker/reports/traffic_summary.h"

namespace renkei::admin {

struct DailyChartOptions {
  std::string last_day;  // "YYYY-MM-DD" (JST), the chart's right end: usually today
  int days = 30;         // how many days up to last_day, each a bar even when it had nothing
  std::string label;     // aria-label: what a screen reader says the chart is
  int width = 760;
  int height = 220;
};

// Stacked bars per day: routed (green), failed (orange), refused (red), with a y axis scaled to
// the busiest day and a legend. Counts outside the window are not drawn.
std::string dailyChartSvg(const reports::DailyCounts& days, const DailyChartOptions& options);

}  // namespace renkei::admin
