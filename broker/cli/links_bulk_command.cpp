// renkei links approve|activate|suspend --filter 'sender=...,status=...': one registry change
// applied to every matching link, e.g. the 2,000 links an import proposed. Each link goes
// through the same store transition as `renkei links approve ID`, so the lifecycle rules and
// the history row per link are the same; the operator sees the count and confirms first.
#include <unistd.h>

#include <iostream>
#include <map>

#include "broker/cli/cli_identity.h"
#include "broker/cli/commands.h"
#include "broker/cli/links_support.h"
#include "broker/registry/link_filter.h"
#include "broker/registry/link_lifecycle.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {

namespace {

constexpr size_t kListedBeforeConfirming = 20;

// "sender=062022/kokuho,status=proposed" as a LinkFilter; false with *error set otherwise.
bool parseBulkFilter(const std::string& text, LinkFilter* filter, std::string* error) {
  static const std::map<std::string, std::string LinkFilter::*> kKeys = {
      {"sender", &LinkFilter::sender},
      {"receiver", &LinkFilter::receiver},
      {"tenant", &LinkFilter::tenant},
      {"service", &LinkFilter::service},
      {"purpose", &LinkFilter::purpose}};
  bool any = false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string term = text.substr(start, end - start);
    start = end + 1;
    if (term.empty()) continue;
    const size_t eq = term.find('=');
    const std::string key = term.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : term.substr(eq + 1);
    if (value.empty()) {
      *error = "--filter term \"" + term + "\" needs KEY=VALUE";
      return false;
    }
    if (key == "status") {
      LinkStatus status;
      if (!parseLinkStatus(value, &status)) {
        *error = "--filter status must be proposed, approved, active, suspended or retired";
        return false;
      }
      filter->status = status;
    } else if (auto it = kKeys.find(key); it != kKeys.end()) {
      filter->*(it->second) = value;
    } else {
      *error = "--filter knows sender, receiver, tenant, service, purpose and status, not \"" +
               key + "\"";
      return false;
    }
    any = true;
  }
  if (!any) *error = "--filter needs at least one KEY=VALUE (e.g. status=proposed)";
  return any;
}

// Asks on the terminal; true for y or yes.
bool confirmed(const std::string& question) {
  std::cout << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

}  // namespace

int runLinksBulkTransition(const CliArgs& args) {
  const std::string& verb = args.words[1];
  static const std::map<std::string, LinkStatus> kTargets = {{"approve", LinkStatus::kApproved},
                                                             {"activate", LinkStatus::kActive},
                                                             {"suspend", LinkStatus::kSuspended}};
  const auto target = kTargets.find(verb);
  if (target == kTargets.end()) {
    return usageError("--filter works with approve, activate and suspend, not " + verb);
  }
  if (args.words.size() != 2) return usageError("give either a link id or --filter, not both");
  LinkFilter filter;
  std::string error;
  if (!parseBulkFilter(*args.get("--filter"), &filter, &error)) return usageError(error);
  const std::string reason = args.get("--reason").value_or("");
  if (verb == "suspend" && reason.empty()) {
    return usageError("`renkei links suspend` needs --reason TEXT");
  }
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  try {
    auto store = openStore(*config);
    const RegistrySnapshot registry = store->loadRegistry();
    const std::vector<Link> matching = filterLinks(registry, filter);
    std::cout << matching.size() << " link" << (matching.size() == 1 ? "" : "s")
              << " match --filter " << *args.get("--filter") << "\n";
    if (matching.empty()) return 0;
    for (size_t i = 0; i < matching.size() && i < kListedBeforeConfirming; ++i) {
      std::cout << "  " << linkStatusName(matching[i].status) << "  " << linkSummary(matching[i])
                << "\n";
    }
    if (matching.size() > kListedBeforeConfirming) {
      std::cout << "  ... and " << matching.size() - kListedBeforeConfirming << " more\n";
    }
    const std::string actor = linkChangeActor(args, *store, verb);
    if (!args.has("--yes")) {
      // A script that forgot --yes must not hang on a prompt nobody sees, nor act unasked.
      if (!isatty(STDIN_FILENO)) {
        return usageError("not a terminal: pass --yes to " + verb + " these " +
                          std::to_string(matching.size()) + " links without asking");
      }
      if (!confirmed(verb + " these " + std::to_string(matching.size()) + " links as " + actor +
                     "?")) {
        std::cout << "nothing changed\n";
        return kExitRefused;
      }
    }
    int changed = 0, refused = 0;
    for (const Link& link : matching) {
      try {
        const Link after = store->transitionLink(link.id, target->second, {actor, reason, ""});
        ++changed;
        std::cout << lifecycleAction(link.status, after.status) << " " << linkSummary(after) << ": "
                  << linkStatusName(link.status) << " -> " << linkStatusName(after.status) << "\n";
      } catch (const LifecycleError& e) {
        ++refused;
        std::cout << "refused " << linkSummary(link) << ": " << e.what() << "\n";
      }
    }
    std::cout << changed << " " << lifecycleAction(LinkStatus::kProposed, target->second) << ", "
              << refused << " refused; by " << actor << (reason.empty() ? "" : " (" + reason + ")")
              << "; running brokers apply it "
              << "within registryPollMs (" << config->registry_poll_ms << " ms)\n";
    return refused == 0 ? 0 : kExitRefused;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return kExitRefused;
  }
}

}  // namespace renkei::cli
