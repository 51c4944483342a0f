// The metrics library: exact exposition text, escaping, histogram buckets, exact counts under
// concurrent updates, My Numbers masked out of labels; every scrape parses strictly.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "broker/metrics/metrics_registry.h"
#include "tests/support/prometheus_text.h"

namespace renkei::metrics {
namespace {

using renkei::testing::parsePrometheusText;

TEST(MetricsText, CounterAndGaugeExposition) {
  Registry registry;
  auto& hits = registry.counter("t_hits_total", "Hits.\nSecond line with \\.", {"path"});
  hits.with({"/b"}).inc(2);
  hits.with({"/a"}).inc();
  registry.gauge("t_level", "A level.").with({}).set(-3);
  EXPECT_EQ(registry.exposition(),
            "# HELP t_hits_total Hits.\\nSecond line with \\\\.\n"
            "# TYPE t_hits_total counter\n"
            "t_hits_total{path=\"/a\"} 1\n"
            "t_hits_total{path=\"/b\"} 2\n"
            "# HELP t_level A level.\n"
            "# TYPE t_level gauge\n"
            "t_level -3\n");
  EXPECT_NO_THROW(parsePrometheusText(registry.exposition()));
}

TEST(MetricsText, LabelValuesAreEscaped) {
  Registry registry;
  registry.counter("t_total", "x", {"v"}).with({"a\"b\\c\nd"}).inc();
  const std::string text = registry.exposition();
  EXPECT_NE(text.find("t_total{v=\"a\\\"b\\\\c\\nd\"} 1\n"), std::string::npos) << text;
  EXPECT_EQ(parsePrometheusText(text).value("t_total", {{"v", "a\"b\\c\nd"}}), 1);
}

TEST(MetricsText, HistogramBucketsAreCumulativeWithInfEqualToCount) {
  Registry registry;
  static constexpr double kBounds[] = {0.1, 1};
  auto& h = registry.histogram("t_seconds", "Durations.", {"stage"}, kBounds).with({"parse"});
  h.observe(0.05);
  h.observe(0.1);  // an upper bound is inclusive
  h.observe(0.5);
  h.observe(7);
  EXPECT_EQ(registry.exposition(),
            "# HELP t_seconds Durations.\n"
            "# TYPE t_seconds histogram\n"
            "t_seconds_bucket{stage=\"parse\",le=\"0.1\"} 2\n"
            "t_seconds_bucket{stage=\"parse\",le=\"1\"} 3\n"
            "t_seconds_bucket{stage=\"parse\",le=\"+Inf\"} 4\n"
            "t_seconds_sum{stage=\"parse\"} " +
                formatValue(0.05 + 0.1 + 0.5 + 7) +
                "\n"
                "t_seconds_count{stage=\"parse\"} 4\n");
  const auto parsed = parsePrometheusText(registry.exposition());
  EXPECT_EQ(parsed.value("t_seconds_count", {{"stage", "parse"}}), 4);
}

TEST(MetricsText, ScrapedFamiliesAreReadAtScrapeTime) {
  Registry registry;
  int level = 1;
  registry.scraped("t_read", "Read when scraped.", MetricType::kGauge, {"unit"},
                   [&](const ScrapeFamily::Emit& emit) {
                     emit({"b"}, level);
                     emit({"a"}, 0.5);
                   });
  level = 4;
  EXPECT_EQ(registry.exposition(),
            "# HELP t_read Read when scraped.\n# TYPE t_read gauge\n"
            "t_read{unit=\"a\"} 0.5\nt_read{unit=\"b\"} 4\n");
}

TEST(MetricsText, MyNumbersNeverReachALabel) {
  Registry registry;
  auto& family = registry.counter("t_total", "x", {"sender"});
  // Two valid 個人番号 (check digits 8 and 9): both mask alike and share one series.
  family.with({"unit-123456789018"}).inc();
  family.with({"unit-000000000019"}).inc();
  const std::string text = registry.exposition();
  EXPECT_EQ(text.find("123456789018"), std::string::npos) << text;
  EXPECT_EQ(parsePrometheusText(text).value("t_total", {{"sender", "unit-************"}}), 2);
}

TEST(MetricsText, ConcurrentUpdatesAreCountedExactly) {
  Registry registry;
  auto& family = registry.counter("t_total", "x", {"worker"});
  static constexpr double kBounds[] = {0.5};
  auto& histogram = registry.histogram("t_seconds", "x", {}, kBounds).with({});
  constexpr int kThreads = 4;
  constexpr int kEach = 50000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        family.with({t % 2 == 0 ? "even" : "odd"}).inc();  // two threads per series
        histogram.observe(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  const auto parsed = parsePrometheusText(registry.exposition());
  EXPECT_EQ(parsed.value("t_total", {{"worker", "even"}}), 2 * kEach);
  EXPECT_EQ(parsed.value("t_total", {{"worker", "odd"}}), 2 * kEach);
  EXPECT_EQ(parsed.value("t_seconds_count"), kThreads * kEach);
  EXPECT_EQ(parsed.value("t_seconds_sum"), kThreads * kEach);
}

TEST(PrometheusTextReader, RefusesWhatTheFormatForbids) {
  using renkei::testing::parsePrometheusText;
  EXPECT_THROW(parsePrometheusText("x 1\n"), std::runtime_error);  // no TYPE
  EXPECT_THROW(parsePrometheusText("# TYPE x counter\nx{a=\"b} 1\n"), std::runtime_error);
  EXPECT_THROW(parsePrometheusText("# TYPE x counter\nx{a=\"\\t\"} 1\n"), std::runtime_error);
  EXPECT_THROW(parsePrometheusText("# TYPE x counter\nx 1\nx 2\n"), std::runtime_error);
  EXPECT_THROW(parsePrometheusText("# TYPE x counter\nx -1\n"), std::runtime_error);
  EXPECT_THROW(parsePrometheusText("# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
                                   "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"),
               std::runtime_error);  // not cumulative
  EXPECT_THROW(parsePrometheusText("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\n"
                                   "h_count 1\n"),
               std::runtime_error);  // +Inf differs from _count
  EXPECT_THROW(parsePrometheusText("# TYPE x gauge\n# TYPE y gauge\nx 1\ny 1\nx{a=\"1\"} 1\n"),
               std::runtime_error);  // a family split
  EXPECT_NO_THROW(parsePrometheusText("# HELP x a \\\\ b\n# TYPE x gauge\nx NaN\n"));
}

}  // namespace
}  // namespace renkei::metrics
