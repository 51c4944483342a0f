#include "broker/reports/pair_graph.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "broker/registry/link_filter.h"  // tenantOf
#include "broker/reports/link_graph.h"

namespace renkei::reports {
namespace {

// What one edge stands for: every non-retired link between two nodes, and their traffic.
struct PairEdge {
  std::map<LinkStatus, int64_t> links;
  int64_t total_links = 0;
  int64_t routed = 0;
  int64_t refused = 0;  // refused attempts between the two, whichever link they asked for
};

// Query-string values inside a DOT URL: percent-encoded, so nothing in a unit id can end the
// attribute or the URL.
std::string urlValue(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

// Solid when any link of the pair is active; otherwise the most pressing of the rest.
std::string edgeStyle(const PairEdge& edge) {
  if (edge.total_links == 0) return "style=dashed, color=gray50, fontcolor=gray50";
  auto count = [&](LinkStatus status) {
    const auto it = edge.links.find(status);
    return it == edge.links.end() ? 0 : it->second;
  };
  if (count(LinkStatus::kActive) > 0) {
    return count(LinkStatus::kSuspended) > 0 ? "style=solid, color=darkorange3"
                                             : "style=solid, color=black";
  }
  if (count(LinkStatus::kSuspended) > 0) return "style=dashed, color=red";
  return "style=dotted, color=gray30";
}

std::string edgeLabel(const PairEdge& edge) {
  if (edge.total_links == 0) return "拒否 refused ×" + std::to_string(edge.refused);
  std::string label =
      std::to_string(edge.total_links) + (edge.total_links == 1 ? " link" : " links");
  std::string statuses;
  for (const auto& [status, count] : edge.links) {
    if (status == LinkStatus::kActive) continue;
    statuses +=
        (statuses.empty() ? "" : ", ") + std::to_string(count) + " " + linkStatusName(status);
  }
  if (!statuses.empty()) label += "\n(" + statuses + ")";
  if (edge.routed > 0) label += "\n中継 " + std::to_string(edge.routed);
  if (edge.refused > 0) label += "\n拒否 " + std::to_string(edge.refused);
  return label;
}

// Thicker edges for busier pairs, on a log scale so one busy pair does not dwarf the rest.
double penWidth(int64_t routed) {
  double width = 1.0;
  for (int64_t n = routed; n >= 10; n /= 10) width += 0.8;
  return std::min(width, 5.0);
}

void header(std::ostringstream& dot, const std::string& title) {
  dot << "digraph renkei {\n"
      << "  graph [rankdir=LR, fontname=\"sans-serif\", labelloc=t, label=" << dotQuoted(title)
      << "];\n"
      << "  node [shape=box, style=rounded, fontname=\"sans-serif\"];\n"
      << "  edge [fontname=\"sans-serif\", fontsize=10];\n";
}

}  // namespace

PairGraph pairGraphDot(const RegistrySnapshot& registry, const TrafficSummary& traffic,
                       const PairGraphOptions& options) {
  std::map<std::string, const Unit*> units;
  for (const auto& unit : registry.units) units[unit.id] = &unit;
  const auto tenant = [&](const std::string& unit_id) { return tenantOf(registry, unit_id); };
  const auto touches = [&](const std::string& sender, const std::string& receiver) {
    if (!options.unit.empty()) return sender == options.unit || receiver == options.unit;
    if (!options.tenant.empty()) {
      return tenant(sender) == options.tenant || tenant(receiver) == options.tenant;
    }
    return true;
  };

  std::map<std::pair<std::string, std::string>, PairEdge> pairs;
  std::size_t link_count = 0;
  for (const Link& link : registry.links) {
    if (link.status == LinkStatus::kRetired || !touches(link.sender, link.receiver)) continue;
    PairEdge& edge = pairs[{link.sender, link.receiver}];
    ++edge.links[link.status];
    ++edge.total_links;
    ++link_count;
    if (const auto usage = traffic.links.find(link.id); usage != traffic.links.end()) {
      edge.routed += usage->second.routed;
    }
  }
  // Refused attempts per pair: on the pair's edge when it has links (a suspended link, a purpose
  // nobody registered), else an edge of their own.
  std::map<std::pair<std::string, std::string>, int64_t> refused_pairs;
  for (const auto& group : traffic.refused) {
    if (group.sender.empty() || group.receiver.empty()) continue;
    if (!touches(group.sender, group.receiver)) continue;
    const auto edge = pairs.find({group.sender, group.receiver});
    if (edge != pairs.end()) {
      edge->second.refused += group.count;
    } else {
      refused_pairs[{group.sender, group.receiver}] += group.count;
    }
  }

  PairGraph graph;
  std::ostringstream dot;
  const bool tenant_level =
      options.unit.empty() && options.tenant.empty() && pairs.size() > options.max_pairs;
  if (tenant_level) {
    // The overview: one node per tenant, one edge per tenant pair.
    std::map<std::string, int64_t> units_per_tenant;
    for (const auto& unit : registry.units) ++units_per_tenant[tenant(unit.id)];
    std::map<std::pair<std::string, std::string>, PairEdge> tenant_pairs;
    for (const auto& [pair, edge] : pairs) {
      PairEdge& merged = tenant_pairs[{tenant(pair.first), tenant(pair.second)}];
      for (const auto& [status, count] : edge.links) merged.links[status] += count;
      merged.total_links += edge.total_links;
      merged.routed += edge.routed;
      merged.refused += edge.refused;
      units_per_tenant.try_emplace(tenant(pair.first));
      units_per_tenant.try_emplace(tenant(pair.second));
    }
    for (const auto& [pair, count] : refused_pairs) {
      const std::string from = tenant(pair.first), to = tenant(pair.second);
      // Hostile traffic invents senders: only real 団体コード get a node of their own.
      if (!units_per_tenant.count(from) || !units_per_tenant.count(to)) continue;
      tenant_pairs[{from, to}].refused += count;
    }
    header(dot, "団体ごとの連携 Links by tenant (" + std::to_string(link_count) +
                    " links; click a tenant for its units)");
    for (const auto& [code, count] : units_per_tenant) {
      dot << "  " << dotQuoted("tenant:" + code)
          << " [label=" << dotQuoted(code + "\n" + std::to_string(count) + " units")
          << ", URL=" << dotQuoted("/graph?tenant=" + urlValue(code))
          << ", tooltip=" << dotQuoted("tenant " + code) << "];\n";
    }
    for (const auto& [pair, edge] : tenant_pairs) {
      dot << "  " << dotQuoted("tenant:" + pair.first) << " -> "
          << dotQuoted("tenant:" + pair.second) << " [label=" << dotQuoted(edgeLabel(edge)) << ", "
          << edgeStyle(edge) << ", penwidth=" << penWidth(edge.routed) << "];\n";
    }
    dot << "}\n";
    graph.dot = dot.str();
    graph.level = "tenants";
    graph.pairs = tenant_pairs.size();
    graph.links = link_count;
    return graph;
  }

  std::vector<std::pair<std::pair<std::string, std::string>, int64_t>> refused_edges(
      refused_pairs.begin(), refused_pairs.end());
  std::stable_sort(refused_edges.begin(), refused_edges.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  const std::size_t refused_hidden = refused_edges.size() > options.max_refused_edges
                                         ? refused_edges.size() - options.max_refused_edges
                                         : 0;
  if (refused_hidden > 0) refused_edges.resize(options.max_refused_edges);

  std::set<std::string> nodes;
  for (const auto& [pair, edge] : pairs) nodes.insert({pair.first, pair.second});
  for (const auto& [pair, count] : refused_edges) nodes.insert({pair.first, pair.second});
  if (!options.unit.empty()) nodes.insert(options.unit);
  if (options.unit.empty() && options.tenant.empty()) {
    for (const auto& [id, unit] : units) nodes.insert(id);  // idle units belong in the picture
  }

  std::string title = !options.unit.empty()     ? options.unit + " の連携 Links of this unit"
                      : !options.tenant.empty() ? options.tenant + " の連携 Links of this tenant"
                                                : std::string("連携図 Links by unit pair");
  if (refused_hidden > 0)
    title += " (" + std::to_string(refused_hidden) + " more refused pairs not drawn)";
  header(dot, title);
  std::map<std::string, std::vector<std::string>> by_tenant;
  for (const auto& id : nodes) {
    const auto unit = units.find(id);
    const bool registered = unit != units.end();
    std::string label = registered && !unit->second->name.empty()
                            ? unit->second->name + "\n" + id
                            : id + (registered ? "" : "\n(not registered)");
    std::string line = dotQuoted(id) + " [label=" + dotQuoted(label) +
                       ", URL=" + dotQuoted("/graph?unit=" + urlValue(id)) +
                       ", tooltip=" + dotQuoted(id);
    if (!registered) line += ", style=\"rounded,dashed\", color=gray50, fontcolor=gray50";
    if (id == options.unit) line += ", penwidth=2.5";
    by_tenant[tenant(id)].push_back(line + "];");
  }
  for (const auto& [code, lines] : by_tenant) {
    dot << "  subgraph " << dotQuoted("cluster_" + code) << " {\n"
        << "    label=" << dotQuoted(code) << ";\n    style=rounded;\n    color=gray60;\n";
    for (const auto& line : lines) dot << "    " << line << "\n";
    dot << "  }\n";
  }
  for (const auto& [pair, edge] : pairs) {
    dot << "  " << dotQuoted(pair.first) << " -> " << dotQuoted(pair.second)
        << " [label=" << dotQuoted(edgeLabel(edge)) << ", " << edgeStyle(edge)
        << ", penwidth=" << penWidth(edge.routed) << ", URL="
        << dotQuoted("/?sender=" + urlValue(pair.first) + "&receiver=" + urlValue(pair.second))
        << ", tooltip=" << dotQuoted(pair.first + " → " + pair.second) << "];\n";
  }
  for (const auto& [pair, count] : refused_edges) {
    dot << "  " << dotQuoted(pair.first) << " -> " << dotQuoted(pair.second)
        << " [label=" << dotQuoted("拒否 refused ×" + std::to_string(count))
        << ", style=dashed, color=gray50, fontcolor=gray50];\n";
  }
  dot << "}\n";
  graph.dot = dot.str();
  graph.level = !options.unit.empty() ? "unit" : !options.tenant.empty() ? "tenant" : "units";
  graph.pairs = pairs.size();
  graph.links = link_count;
  return graph;
}

}  // namespace renkei::reports
