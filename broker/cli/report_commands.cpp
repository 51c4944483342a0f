// renkei report <kind> and renkei report graph: governance reports over the store the
// configuration names. The reports themselves live in broker/reports/ (shared with the admin
// web view); this file only reads the command line, opens the store and writes the output.
#include <charconv>
#include <fstream>
#include <iostream>
#include <sstream>

#include "broker/cli/commands.h"
#include "broker/cli/output_file.h"
#include "broker/registry/csv.h"
#include "broker/reports/governance_reports.h"
#include "broker/reports/graphviz_svg.h"
#include "broker/reports/link_graph.h"
#include "broker/reports/report_format.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {

namespace {

using namespace renkei::reports;

std::string reportUsage() {
  std::ostringstream usage;
  usage << "renkei report — what IT governance reads: who exchanges what with whom, and what\n"
           "was attempted without a link\n\n"
           "Usage:\n"
           "  renkei report KIND  [--config FILE] [--format table|csv|json] [--days N]\n"
           "                      [--now TIME] [--output FILE] [--bom]\n"
           "  renkei report graph [--config FILE] [--format dot|svg] [--retired] [--no-refused]\n"
           "                      [--output FILE]\n\n"
           "Kinds:\n";
  for (const auto& kind : reportKinds()) {
    usage << "  " << kind.name << std::string(16 - kind.name.size(), ' ') << kind.summary << "\n";
  }
  usage << "  graph           the link graph as Graphviz DOT, or SVG (runs `dot`, package "
           "graphviz)\n\n"
           "Options:\n"
           "  --format F      table (default; aligned for a terminal), csv (RFC 4180, UTF-8) or\n"
           "                  json (array of objects); for graph: dot (default) or svg\n"
           "  --days N        unused: no routed exchange for N days (default 90)\n"
           "  --now TIME      compute as of this UTC time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)\n"
           "                  instead of now: for reproducible reports\n"
           "  --output FILE   write there instead of standard output\n"
           "  --bom           csv: start with a UTF-8 BOM, so Excel shows Japanese text correctly\n"
           "  --retired       graph: draw retired links too (dotted grey)\n"
           "  --no-refused    graph: leave out refused attempts\n\n"
           "Times are UTC as in the audit trail; \"today\" is the UTC date, as for link "
           "validity.\n"
           "Exit status: 0 done, 1 store or Graphviz failure, 2 usage or configuration error.\n";
  return usage.str();
}

int usageError(const std::string& message) {
  std::cerr << "renkei report: " << message << "\n\n" << reportUsage();
  return 2;
}

bool writeOutput(const std::optional<std::string>& path, const std::string& text) {
  if (path) return writeFileAtomically(*path, text, "renkei report");
  std::cout << text << std::flush;
  return true;
}

void warnIfEmpty(const RegistrySnapshot& registry, const BrokerConfig& config) {
  // On stderr, so CSV and JSON on stdout stay machine-readable.
  if (registry.units.empty()) {
    std::cerr << "renkei report: the registry in " << describeStore(config)
              << " is empty: `renkei serve` seeds it from " << config.source_file << "\n";
  }
}

int runGraph(const CliArgs& args, const BrokerConfig& config) {
  const std::string format = args.get("--format").value_or("dot");
  if (format != "dot" && format != "svg") return usageError("graph --format is dot or svg");
  if (args.has("--bom")) return usageError("--bom is for --format csv only");
  GraphOptions options;
  options.include_retired = args.has("--retired");
  options.include_refused = !args.has("--no-refused");
  auto store = openStore(config);
  RegistrySnapshot registry;
  const TrafficSummary traffic = summarizeTraffic(*store, &registry);
  warnIfEmpty(registry, config);
  std::string text = linkGraphDot(registry, traffic, options);
  if (format == "svg") text = renderSvg(text);
  return writeOutput(args.get("--output"), text) ? 0 : 1;
}

int runKind(ReportKind kind, const CliArgs& args, const BrokerConfig& config) {
  const auto format = parseReportFormat(args.get("--format").value_or("table"));
  if (!format) return usageError("--format is table, csv or json");
  if (args.has("--bom") && *format != ReportFormat::kCsv) {
    return usageError("--bom is for --format csv only");
  }
  ReportOptions options;
  if (auto days = args.get("--days")) {
    const auto [end, error] =
        std::from_chars(days->data(), days->data() + days->size(), options.days);
    if (error != std::errc() || end != days->data() + days->size() || options.days < 1 ||
        options.days > 36500) {
      return usageError("--days needs a whole number of days from 1 to 36500");
    }
  }
  if (auto now = args.get("--now")) {
    const auto at = parseIsoTimestamp(*now);
    if (!at) return usageError("--now needs YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)");
    options.now = *at;
  }
  auto store = openStore(config);
  const ReportInputs inputs = loadReportInputs(*store);
  warnIfEmpty(inputs.registry, config);
  std::ostringstream text;
  if (args.has("--bom")) text << kUtf8Bom;
  renderReport(buildReport(kind, inputs, options), *format, text);
  return writeOutput(args.get("--output"), text.str()) ? 0 : 1;
}

}  // namespace

int runReport(int argc, char** argv) {
  const CliArgs args = parseArgs(argc, argv, {"--help", "--retired", "--no-refused", "--bom"});
  if (!args.error.empty()) return usageError(args.error);
  if (args.has("--help")) {
    std::cout << reportUsage();
    return 0;
  }
  if (args.words.size() != 2) {
    return usageError(args.words.size() < 2 ? "which report? name a kind" : "one kind at a time");
  }
  const std::string& name = args.words[1];
  const auto kind = parseReportKind(name);
  if (!kind && name != "graph") return usageError("unknown report '" + name + "'");
  auto config = loadConfigFor(args);
  if (!config) return 2;
  try {
    return kind ? runKind(*kind, args, *config) : runGraph(args, *config);
  } catch (const std::exception& e) {  // StoreError, GraphvizError: say what and stop
    std::cerr << "renkei report: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace renkei::cli
