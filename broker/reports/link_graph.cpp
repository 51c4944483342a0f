#include "broker/reports/link_graph.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <vector>

#include "broker/core/tenant_code.h"
#include "broker/registry/link_filter.h"  // tenantOf

namespace renkei::reports {

namespace {

struct EdgeStyle {
  const char* style;
  const char* color;
};

EdgeStyle styleFor(LinkStatus status) {
  switch (status) {
    case LinkStatus::kActive:
      return {"solid", "black"};
    case LinkStatus::kSuspended:
      return {"dashed", "red"};
    case LinkStatus::kProposed:
    case LinkStatus::kApproved:
      return {"dotted", "gray30"};
    case LinkStatus::kRetired:
      return {"dotted", "gray70"};
  }
  return {"solid", "black"};
}

// Refused attempts summed per (sender, receiver, service): purposes and fault codes are in the
// refused report; the picture only needs to show that someone keeps knocking.
struct RefusedEdge {
  std::string sender, receiver, service;
  int64_t count = 0;
};

std::vector<RefusedEdge> refusedEdges(const TrafficSummary& traffic) {
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> sums;
  for (const auto& group : traffic.refused) {
    // A message too broken to name its sender and receiver has no place in the picture.
    if (group.sender.empty() || group.receiver.empty()) continue;
    sums[{group.sender, group.receiver, group.service}] += group.count;
  }
  std::vector<RefusedEdge> edges;
  for (const auto& [key, count] : sums) {
    edges.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), count});
  }
  std::stable_sort(edges.begin(), edges.end(),
                   [](const RefusedEdge& a, const RefusedEdge& b) { return a.count > b.count; });
  return edges;
}

}  // namespace

std::string dotQuoted(std::string_view text) {
  std::string quoted = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\' || c == '"') {
      quoted += '\\';
      quoted += c;
    } else if (c == '\n') {
      quoted += "\\n";
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // CRLF is one line break
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      quoted += ' ';
    } else {
      quoted += c;
    }
  }
  quoted += '"';
  return quoted;
}

std::string linkGraphDot(const RegistrySnapshot& registry, const TrafficSummary& traffic,
                         const GraphOptions& options) {
  std::vector<const Link*> links;
  for (const auto& link : registry.links) {
    if (link.status == LinkStatus::kRetired && !options.include_retired) continue;
    links.push_back(&link);
  }
  std::sort(links.begin(), links.end(), [](const Link* a, const Link* b) {
    return std::tie(a->sender, a->receiver, a->service_name, a->service_version, a->id) <
           std::tie(b->sender, b->receiver, b->service_name, b->service_version, b->id);
  });
  std::vector<RefusedEdge> refused;
  std::size_t refused_hidden = 0;
  if (options.include_refused) {
    refused = refusedEdges(traffic);
    if (refused.size() > options.max_refused_edges) {
      refused_hidden = refused.size() - options.max_refused_edges;
      refused.resize(options.max_refused_edges);
    }
  }

  // Nodes: registry units, plus anyone a link or a refused attempt names that is not one.
  std::map<std::string, const Unit*> units;
  for (const auto& unit : registry.units) units[unit.id] = &unit;
  std::set<std::string> strangers;
  auto note = [&](const std::string& id) {
    if (!units.count(id)) strangers.insert(id);
  };
  for (const Link* link : links) {
    note(link->sender);
    note(link->receiver);
  }
  for (const auto& edge : refused) {
    note(edge.sender);
    note(edge.receiver);
  }
  std::map<std::string, std::vector<std::string>> by_tenant;  // tenant -> node lines
  std::vector<std::string> loose;
  for (const auto& [id, unit] : units) {
    const std::string label = unit->name.empty() ? id : unit->name + "\n" + id;
    by_tenant[tenantOf(registry, id)].push_back(dotQuoted(id) + " [label=" + dotQuoted(label) +
                                                "];");
  }
  for (const auto& id : strangers) {
    const std::string line = dotQuoted(id) + " [label=" + dotQuoted(id + "\n(not registered)") +
                             ", style=\"rounded,dashed\", color=gray50, fontcolor=gray50];";
    const std::string tenant(tenantOfUnit(id));
    if (isValidTenantCode(tenant)) {
      by_tenant[tenant].push_back(line);
    } else {
      loose.push_back(line);
    }
  }

  std::ostringstream dot;
  dot << "digraph renkei {\n"
      << "  graph [rankdir=LR, fontname=\"sans-serif\", labelloc=t, label="
      << dotQuoted(refused_hidden ? "Renkei links (" + std::to_string(refused_hidden) +
                                        " more refused edges not drawn)"
                                  : std::string("Renkei links"))
      << "];\n"
      << "  node [shape=box, style=rounded, fontname=\"sans-serif\"];\n"
      << "  edge [fontname=\"sans-serif\", fontsize=10];\n";
  for (const auto& [tenant, lines] : by_tenant) {
    dot << "  subgraph " << dotQuoted("cluster_" + tenant) << " {\n"
        << "    label=" << dotQuoted(tenant) << ";\n    style=rounded;\n    color=gray60;\n";
    for (const auto& line : lines) dot << "    " << line << "\n";
    dot << "  }\n";
  }
  for (const auto& line : loose) dot << "  " << line << "\n";

  for (const Link* link : links) {
    const EdgeStyle style = styleFor(link->status);
    std::string label =
        link->service_name + ":" + link->service_version + "\n" + link->purpose_code;
    if (link->status != LinkStatus::kActive)
      label += "\n(" + std::string(linkStatusName(link->status)) + ")";
    dot << "  " << dotQuoted(link->sender) << " -> " << dotQuoted(link->receiver)
        << " [label=" << dotQuoted(label) << ", style=" << style.style << ", color=" << style.color
        << ", fontcolor=" << style.color
        << ", tooltip=" << dotQuoted("link " + std::to_string(link->id)) << "];\n";
  }
  for (const auto& edge : refused) {
    dot << "  " << dotQuoted(edge.sender) << " -> " << dotQuoted(edge.receiver)
        << " [label=" << dotQuoted(edge.service + "\nrefused ×" + std::to_string(edge.count))
        << ", style=dashed, color=gray50, fontcolor=gray50];\n";
  }
  dot << "}\n";
  return dot.str();
}

}  // namespace renkei::reports
