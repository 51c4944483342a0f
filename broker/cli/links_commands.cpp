// renkei links list, renkei links show: reading the registry the configuration's store holds.
#include <iostream>

#include "broker/cli/commands.h"
#include "broker/cli/links_output.h"
#include "broker/cli/links_support.h"
#include "broker/core/tenant_code.h"
#include "broker/registry/link_csv.h"
#include "broker/registry/link_inventory.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {

namespace {

// "Name" matches every version, "Name:version" one.
bool serviceMatches(const Link& link, const std::string& service) {
  const auto colon = service.find(':');
  if (colon == std::string::npos) return link.service_name == service;
  return link.service_name == service.substr(0, colon) &&
         link.service_version == service.substr(colon + 1);
}

}  // namespace

int runLinksList(const CliArgs& args) {
  std::optional<LinkStatus> status;
  if (auto text = args.get("--status")) {
    LinkStatus parsed;
    if (!parseLinkStatus(*text, &parsed)) {
      return usageError("--status must be proposed, approved, active, suspended or retired");
    }
    status = parsed;
  }
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
      std::cout << "The registry in " << config->store_path
                << " is empty: `renkei serve` seeds it from " << config->source_file << ".\n";
      return 0;
    }
    const std::string sender = args.get("--sender").value_or("");
    const std::string receiver = args.get("--receiver").value_or("");
    const std::string tenant = args.get("--tenant").value_or("");
    const std::string service = args.get("--service").value_or("");
    std::vector<Link> kept;
    for (const Link& l : snapshot.links) {
      if (status && l.status != *status) continue;
      if (!sender.empty() && l.sender != sender) continue;
      if (!receiver.empty() && l.receiver != receiver) continue;
      if (!tenant.empty() && tenantOfUnit(l.sender) != tenant &&
          tenantOfUnit(l.receiver) != tenant) {
        continue;
      }
      if (!service.empty() && !serviceMatches(l, service)) continue;
      kept.push_back(l);
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
