// The web view's link graph: one edge per unit pair, zoom to a tenant or a unit, and the
// tenant-level overview when a registry has too many pairs to draw.
#include <gtest/gtest.h>

#include "broker/reports/graphviz_svg.h"
#include "broker/reports/pair_graph.h"
#include "tests/unit/support/report_test_data.h"

namespace renkei::reports {
namespace {

class PairGraphTest : public ::testing::Test {
 protected:
  RegistrySnapshot registry_ = renkei::testing::reportRegistry();
  TrafficSummary traffic_ = summarizeTraffic(registry_, renkei::testing::reportRecords());

  static bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }
  static std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
  }
};

TEST_F(PairGraphTest, MergesTheLinksOfAUnitPairIntoOneEdgeWithCounts) {
  // Three more links kokuho -> juki: four links, one arrow.
  for (int64_t id = 20; id < 23; ++id) {
    Link link = registry_.links[0];
    link.id = id;
    link.purpose_code = "P" + std::to_string(id);
    link.status = id == 22 ? LinkStatus::kSuspended : LinkStatus::kActive;
    registry_.links.push_back(link);
  }
  const PairGraph graph = pairGraphDot(registry_, traffic_, {});
  EXPECT_EQ(graph.level, "units");
  EXPECT_EQ(graph.links, 9u);  // retired link 7 left out
  EXPECT_EQ(count(graph.dot, "\"062022/kokuho\" -> \"062022/juki\""), 1u) << graph.dot;
  EXPECT_TRUE(
      has(graph.dot,
          "\"062022/kokuho\" -> \"062022/juki\" [label=\"4 links\\n(1 suspended)\\n中継 2\", "
          "style=solid, color=darkorange3"))
      << graph.dot;
  // The edge leads to the inventory filtered to the pair.
  EXPECT_TRUE(has(graph.dot, "URL=\"/?sender=062022%2Fkokuho&receiver=062022%2Fjuki\""));
  EXPECT_TRUE(has(graph.dot, "subgraph \"cluster_062014\" {"));
  // Refused attempts on a pair with links are counted on its edge (two for an unregistered
  // purpose beside link 6); those without any link get a grey edge of their own.
  EXPECT_TRUE(has(graph.dot, "\"062014/kokuho\" -> \"062022/juki\" [label=\"1 link\\n拒否 2\""))
      << graph.dot;
  EXPECT_TRUE(has(graph.dot,
                  "\"bogus\" -> \"062022/juki\" [label=\"拒否 refused ×1\", "
                  "style=dashed, color=gray50"))
      << graph.dot;
}

TEST_F(PairGraphTest, OneUnitsNeighbourhoodHasOnlyItsLinks) {
  PairGraphOptions options;
  options.unit = "062022/juminzei";
  const PairGraph graph = pairGraphDot(registry_, traffic_, options);
  EXPECT_EQ(graph.level, "unit");
  EXPECT_EQ(graph.pairs, 3u);  // -> juki, -> kokuho (proposed), kokuho -> (suspended)
  EXPECT_TRUE(has(graph.dot, "\"062022/juminzei\" -> \"062022/juki\""));
  EXPECT_TRUE(has(graph.dot,
                  "\"062022/kokuho\" -> \"062022/juminzei\" [label=\"1 link\\n(1 "
                  "suspended)\\n拒否 1\", style=dashed, color=red"))
      << graph.dot;
  EXPECT_FALSE(has(graph.dot, "\"062022/kokuho\" -> \"062022/juki\""));
  EXPECT_FALSE(has(graph.dot, "062014/kaigo"));
  EXPECT_TRUE(has(graph.dot, "URL=\"/graph?unit=062022%2Fjuki\""));
}

TEST_F(PairGraphTest, ManyPairsWithoutAUnitChosenDrawTheTenantLevelGraph) {
  PairGraphOptions options;
  options.max_pairs = 3;
  const PairGraph graph = pairGraphDot(registry_, traffic_, options);
  EXPECT_EQ(graph.level, "tenants");
  EXPECT_EQ(graph.pairs, 2u);  // 062022 -> 062022 and 062014 -> 062022
  EXPECT_TRUE(has(graph.dot,
                  "\"tenant:062022\" [label=\"062022\\n3 units\", URL=\"/graph?tenant=062022\""));
  EXPECT_TRUE(has(graph.dot, "\"tenant:062014\" -> \"tenant:062022\" [label=\"1 link\\n拒否 2\""));
  EXPECT_TRUE(has(graph.dot,
                  "\"tenant:062022\" -> \"tenant:062022\" [label=\"5 links\\n(1 "
                  "proposed, 1 suspended)\\n中継 4"))
      << graph.dot;

  options.tenant = "062014";
  const PairGraph tenant = pairGraphDot(registry_, traffic_, options);
  EXPECT_EQ(tenant.level, "tenant");
  EXPECT_EQ(tenant.pairs, 1u);
}

TEST_F(PairGraphTest, TwoThousandLinksStayAFewHundredEdgesAndRenderInGraphviz) {
  RegistrySnapshot big;
  for (int t = 0; t < 10; ++t) {
    for (int u = 0; u < 20; ++u) {
      big.units.push_back(
          renkei::testing::reportUnit("0620" + std::to_string(10 + t) + "/sys" + std::to_string(u),
                                      "システム" + std::to_string(u)));
    }
  }
  for (int64_t id = 1; id <= 2000; ++id) {
    const Unit& from = big.units[static_cast<std::size_t>(id % 200)];
    const Unit& to = big.units[static_cast<std::size_t>((id * 7 + 3) % 200)];
    big.links.push_back(renkei::testing::reportLink(
        id, from.id, to.id, "S", "P" + std::to_string(id), LinkStatus::kActive, "法", ""));
  }
  const TrafficSummary none = summarizeTraffic(big, {});
  const PairGraph overview = pairGraphDot(big, none, {});
  EXPECT_EQ(overview.level, "tenants");
  EXPECT_LE(overview.pairs, 100u);
  PairGraphOptions one;
  one.unit = big.units[5].id;
  const PairGraph unit = pairGraphDot(big, none, one);
  EXPECT_LE(unit.pairs, 40u);
  const std::string svg = renderSvg(unit.dot);
  EXPECT_TRUE(has(svg, "<svg")) << svg.substr(0, 200);
}

}  // namespace
}  // namespace renkei::reports
