// renkei links list, renkei links show: reading the registry the configuration's store holds.
#include <iostream>

#include "broker/cli/commands.h"
#include "broker/cli/links_output.h"
#include "broker/cli/links_support.h"
#include "broker/registry/link_csv.h"
#include "broker/registry/link_filter.h"
#include "broker/registry/link_inventory.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {

int runLinksList(const CliArgs& args) {
  LinkFilter filter;
  if (auto text = args.get("--status")) {
    LinkStatus parsed;
    if (!parseLinkStatus(*text, &parsed)) {
      return usageError("--status must be proposed, approved, active, suspended or retired");
    }
    filter.status = parsed;
  }
  filter.sender = args.get("--sender").value_or("");
  filter.receiver = args.get("--receiver").value_or("");
  filter.tenant = args.get("--tenant").value_or("");
  filter.service = args.get("--service").value_or("");
  const std::string format = args.get("--format").value_or("table");
  if (format != "table" && format != "csv" && format != "json") {
    return usageError("--format must be table, csv or json");
  }
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  try {
    auto store = openStore(*config);
    RegistrySnapshot snapshot = store->loadRegistry();
    if (snapshot.units.empty() && format == "table") {
      std::cout << "The registry in " << describeStore(*config)
                << " is empty: `renkei serve` seeds it from " << config->source_file << ".\n";
      return 0;
    }
    // Id order, as the store keeps them: CSV and JSON diff cleanly from one export to the next.
    std::vector<Link> kept;
    for (const Link& link : snapshot.links) {
      if (matchesFilter(snapshot, link, filter)) kept.push_back(link);
    }
    if (format == "csv") {
      std::cout << writeLinkCsv(kept);
    } else if (format == "json") {
      printLinksJson(kept, std::cout);
    } else {
      snapshot.links = std::move(kept);
      printLinkInventory(snapshot, std::cout);
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return kExitRefused;
  }
}

int runLinksShow(const CliArgs& args) {
  const auto id = linkIdArgument(args);
  if (!id) return kExitUsage;
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  try {
    auto store = openStore(*config);
    const auto link = store->findLink(*id);
    if (!link) {
      std::cerr << "renkei: there is no link " << *id << "\n";
      return kExitRefused;
    }
    printLinkDetail(*link, store->linkHistory(*id), std::cout);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return kExitRefused;
  }
}

}  // namespace renkei::cli
