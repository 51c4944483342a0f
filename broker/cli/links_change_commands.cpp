// renkei links propose / approve / activate / suspend / resume / retire: registry changes an
// operator makes while brokers run. Each is one store transaction with a history row; running
// brokers pick it up through their RegistryWatcher.
#include <iostream>
#include <map>

#include "broker/cli/cli_identity.h"
#include "broker/cli/commands.h"
#include "broker/cli/links_support.h"
#include "broker/registry/link_lifecycle.h"
#include "broker/registry/link_rules.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {

namespace {

// The rule checker names configuration attributes; the operator typed options.
std::string optionFor(const std::string& field) {
  static const std::map<std::string, std::string> kOptions = {
      {"sender", "--sender"},           {"receiver", "--receiver"},
      {"service", "--service"},         {"version", "--version"},
      {"purpose", "--purpose"},         {"purposeName", "--purpose-name"},
      {"legalBasis", "--legal-basis"},  {"validFrom", "--valid-from"},
      {"validTo", "--valid-to"},        {"reviewDate", "--review-date"},
      {"crossTenant", "--cross-tenant"}};
  auto it = kOptions.find(field);
  return it == kOptions.end() ? field : it->second;
}

}  // namespace

int runLinksPropose(const CliArgs& args) {
  if (args.words.size() != 2) return usageError("`renkei links propose` takes no positional words");
  for (const char* option : {"--sender", "--receiver", "--service", "--version", "--purpose",
                             "--purpose-name", "--legal-basis"}) {
    if (args.get(option).value_or("").empty()) {
      return usageError(std::string("`renkei links propose` needs ") + option);
    }
  }
  Link link;
  link.status = LinkStatus::kProposed;
  link.sender = *args.get("--sender");
  link.receiver = *args.get("--receiver");
  link.service_name = *args.get("--service");
  link.service_version = *args.get("--version");
  link.purpose_code = *args.get("--purpose");
  link.purpose_name = *args.get("--purpose-name");
  link.legal_basis = *args.get("--legal-basis");
  link.data_items = args.get("--data-items").value_or("");
  link.department = args.get("--department").value_or("");
  link.vendor = args.get("--vendor").value_or("");
  link.review_date = args.get("--review-date").value_or("");
  link.valid_from = args.get("--valid-from").value_or("");
  link.valid_to = args.get("--valid-to").value_or("");
  link.note = args.get("--note").value_or("");
  link.cross_tenant = args.has("--cross-tenant");

  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  try {
    auto store = openStore(*config);
    if (auto violation = checkLinkRules(link, registryForChanges(*store, *config))) {
      std::cerr << "renkei: refused: " << optionFor(violation->field) << " " << violation->message
                << "\n";
      return kExitRefused;
    }
    const Link created = store->createLink(
        link, {linkChangeActor(args, *store, "propose"), args.get("--reason").value_or(""), ""});
    std::cout << "proposed " << linkSummary(created) << "\n"
              << "it carries no traffic until `renkei links approve " << created.id
              << "` and `renkei links activate " << created.id << "`\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "renkei: refused: " << e.what() << "\n";
    return kExitRefused;
  }
}

int runLinksTransition(const CliArgs& args) {
  const std::string& verb = args.words[1];
  static const std::map<std::string, LinkStatus> kTargets = {{"approve", LinkStatus::kApproved},
                                                             {"activate", LinkStatus::kActive},
                                                             {"suspend", LinkStatus::kSuspended},
                                                             {"resume", LinkStatus::kActive},
                                                             {"retire", LinkStatus::kRetired}};
  const LinkStatus to = kTargets.at(verb);
  const auto id = linkIdArgument(args);
  if (!id) return kExitUsage;
  const std::string reason = args.get("--reason").value_or("");
  // Taking a link out of service must be explainable to whoever finds traffic refused.
  if ((verb == "suspend" || verb == "retire") && reason.empty()) {
    return usageError("`renkei links " + verb + "` needs --reason TEXT");
  }
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  try {
    auto store = openStore(*config);
    const auto before = store->findLink(*id);
    if (!before) {
      std::cerr << "renkei: refused: there is no link " << *id << "\n";
      return kExitRefused;
    }
    if (verb == "resume" && before->status != LinkStatus::kSuspended) {
      std::cerr << "renkei: refused: link " << *id << " is " << linkStatusName(before->status)
                << ", not suspended; only a suspended link can be resumed\n";
      return kExitRefused;
    }
    const std::string actor = linkChangeActor(args, *store, verb);
    const Link after = store->transitionLink(*id, to, {actor, reason, ""});
    std::cout << lifecycleAction(before->status, to) << " " << linkSummary(after) << ": "
              << linkStatusName(before->status) << " -> " << linkStatusName(after.status) << " by "
              << actor << (reason.empty() ? "" : " (" + reason + ")") << "\n"
              << appliedHint(*config) << "\n";
    return 0;
  } catch (const LifecycleError& e) {
    std::cerr << "renkei: refused: " << e.what() << "\n";
    return kExitRefused;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return kExitRefused;
  }
}

}  // namespace renkei::cli
