#pragma once
// The link registry as a picture: units clustered by tenant, links as edges styled by status,
// refused attempts as grey dashed edges. DOT text here; graphviz_svg.h turns it into SVG.
#include <cstddef>
#include <string>
#include <string_view>

#include "broker/core/registry_types.h"
#include "broker/reports/traffic_summary.h"

namespace renkei::reports {

struct GraphOptions {
  bool include_retired = false;  // retired links are history, not the current picture
  bool include_refused = true;
  // Hostile traffic can invent any number of senders; beyond this many (largest first) refused
  // edges are summarized in the graph label instead of drawn.
  std::size_t max_refused_edges = 50;
};

// Active links solid, suspended dashed red, proposed and approved dotted, retired (if asked)
// dotted grey; edge labels "Service:version\nPURPOSE". Deterministic: the same inputs give
// byte-identical DOT.
std::string linkGraphDot(const RegistrySnapshot& registry, const TrafficSummary& traffic,
                         const GraphOptions& options = {});

// A DOT double-quoted string (with the quotes): backslashes and quotes escaped, line breaks as
// Graphviz's centered "\n", other control characters dropped.
std::string dotQuoted(std::string_view text);

}  // namespace renkei::reports
