// The link graph: DOT content and a real `dot -Tsvg`.
#include <gtest/gtest.h>

#include "broker/reports/graphviz_svg.h"
#include "broker/reports/link_graph.h"
#include "tests/unit/support/report_test_data.h"

namespace renkei::reports {
namespace {

class LinkGraphTest : public ::testing::Test {
 protected:
  RegistrySnapshot registry_ = renkei::testing::reportRegistry();
  TrafficSummary traffic_ = summarizeTraffic(registry_, renkei::testing::reportRecords());
  std::string dot_ = linkGraphDot(registry_, traffic_);

  bool has(const std::string& text) const { return dot_.find(text) != std::string::npos; }
};

TEST_F(LinkGraphTest, ClustersUnitsByTenantWithTheirNames) {
  EXPECT_EQ(dot_.rfind("digraph renkei {\n", 0), 0u);
  EXPECT_TRUE(has("subgraph \"cluster_062014\" {"));
  EXPECT_TRUE(has("subgraph \"cluster_062022\" {"));
  EXPECT_TRUE(has("\"062022/juki\" [label=\"住民基本台帳システム\\n062022/juki\"];"));
  EXPECT_TRUE(has("\"062014/kaigo\" [label=\"介護保険システム\\n062014/kaigo\"];"));
}

TEST_F(LinkGraphTest, StylesLinksByStatusAndLeavesRetiredOut) {
  EXPECT_TRUE(
      has("\"062022/kokuho\" -> \"062022/juki\" [label=\"IdoJohoShokai:1\\nKOKUHO-SHIKAKU\", "
          "style=solid, color=black"));
  EXPECT_TRUE(
      has("\"062022/kokuho\" -> \"062022/juminzei\" [label=\"KazeiJohoShokai:1\\n"
          "KOKUHO-HOKENRYO\\n(suspended)\", style=dashed, color=red"));
  EXPECT_TRUE(
      has("\"062022/juminzei\" -> \"062022/kokuho\" [label=\"ShikakuJohoShokai:1\\n"
          "JUMINZEI-FUKA\\n(proposed)\", style=dotted"));
  EXPECT_FALSE(has("JuminIdoTsuchi"));
  GraphOptions with_retired;
  with_retired.include_retired = true;
  EXPECT_NE(linkGraphDot(registry_, traffic_, with_retired).find("JuminIdoTsuchi:1"),
            std::string::npos);
}

TEST_F(LinkGraphTest, DrawsRefusedAttemptsGreyWithCounts) {
  EXPECT_TRUE(
      has("\"062022/juminzei\" -> \"062022/kokuho\" [label=\"ShikakuJohoShokai:1\\n"
          "refused ×3\", style=dashed, color=gray50"));
  EXPECT_TRUE(has("\"062014/kokuho\" -> \"062022/juki\" [label=\"IdoJohoShokai:1\\nrefused ×2\""));
  // A sender that is no unit gets a node of its own, outside every tenant.
  EXPECT_TRUE(has("\"bogus\" [label=\"bogus\\n(not registered)\""));
  GraphOptions quiet;
  quiet.include_refused = false;
  EXPECT_EQ(linkGraphDot(registry_, traffic_, quiet).find("refused"), std::string::npos);
}

TEST_F(LinkGraphTest, CapsRefusedEdgesAndSaysHowManyWereLeftOut) {
  GraphOptions capped;
  capped.max_refused_edges = 1;
  const std::string dot = linkGraphDot(registry_, traffic_, capped);
  EXPECT_NE(dot.find("refused ×3"), std::string::npos);
  EXPECT_EQ(dot.find("refused ×2"), std::string::npos);
  EXPECT_NE(dot.find("(3 more refused edges not drawn)"), std::string::npos);
}

TEST(DotQuotedTest, EscapesQuotesBackslashesAndLineBreaks) {
  EXPECT_EQ(dotQuoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(dotQuoted("line1\r\nline2\nx\ty"), "\"line1\\nline2\\nx y\"");
  EXPECT_EQ(dotQuoted("住基"), "\"住基\"");
}

TEST_F(LinkGraphTest, HostileNamesStayInsideTheirQuotes) {
  RegistrySnapshot registry = registry_;
  registry.units[0].name = "x\"]; \"evil\" -> \"pwn\" [label=\"\\";
  const std::string dot = linkGraphDot(registry, traffic_);
  const std::string svg = renderSvg(dot);
  EXPECT_EQ(svg.find(">pwn<"), std::string::npos);
  EXPECT_NE(svg.find("evil"), std::string::npos);  // as text of the label, not as a node
}

TEST_F(LinkGraphTest, DotRendersToSvg) {
  const std::string svg = renderSvg(dot_);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("住民基本台帳システム"), std::string::npos);
  EXPECT_NE(svg.find("refused ×3"), std::string::npos);
}

TEST(GraphvizSvgTest, MissingGraphvizIsAClearError) {
  try {
    renderSvg("digraph { a -> b }", "renkei-no-such-dot");
    FAIL() << "expected GraphvizError";
  } catch (const GraphvizError& e) {
    EXPECT_NE(std::string(e.what()).find("graphviz"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("renkei-no-such-dot"), std::string::npos) << e.what();
  }
}

TEST(GraphvizSvgTest, SyntaxErrorsCarryDotsMessage) {
  try {
    renderSvg("digraph { a -> }");
    FAIL() << "expected GraphvizError";
  } catch (const GraphvizError& e) {
    EXPECT_NE(std::string(e.what()).find("syntax error"), std::string::npos) << e.what();
  }
}

TEST(GraphvizSvgTest, LargeGraphsDoNotDeadlockThePipes) {
  std::string dot = "digraph big {\n";
  for (int i = 0; i < 3000; ++i) {
    dot += "  n" + std::to_string(i) + " -> n" + std::to_string(i + 1) + ";\n";
  }
  dot += "}\n";
  const std::string svg = renderSvg(dot);
  EXPECT_NE(svg.find("n2999"), std::string::npos);
}

}  // namespace
}  // namespace renkei::reports
