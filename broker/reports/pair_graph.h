#pragma once
// The link graph as the web view draws it, readable at 2,000 links: one edge per (sender,
// receiver) pair with its link count and traffic instead of one per link, units clustered by
// tenant, and three zoom levels — the whole registry by tenant, one tenant's units with their
// partners, one unit's neighbourhood. Nodes and edges link to the next zoom level and to the
// filtered inventory (Graphviz writes them as <a> in the SVG).
#include <cstddef>
#include <string>

#include "broker/core/registry_types.h"
#include "broker/reports/traffic_summary.h"

namespace renkei::reports {

struct PairGraphOptions {
  std::string unit;    // set: only the links to and from this unit
  std::string tenant;  // set (and no unit): links touching this tenant's units
  // With neither set, a registry with more unit pairs than this is drawn tenant by tenant.
  std::size_t max_pairs = 150;
  std::size_t max_refused_edges = 30;
};

struct PairGraph {
  std::string dot;
  std::string level;      // "tenants", "tenant", "unit" or "units"
  std::size_t pairs = 0;  // edges drawn (not counting refused ones)
  std::size_t links = 0;  // links those edges stand for
};

PairGraph pairGraphDot(const RegistrySnapshot& registry, const TrafficSummary& traffic,
                       const PairGraphOptions& options);

}  // namespace renkei::reports
