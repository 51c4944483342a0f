// renkei links update / review: keeping a registered link's description current without
// retiring it. Only descriptive fields change in place (broker/registry/link_edit.h); each
// changed field is one history row with its value before and after.
#include <iostream>

#include "broker/cli/cli_identity.h"
#include "broker/cli/commands.h"
#include "broker/cli/links_support.h"
#include "broker/core/japan_date.h"
#include "broker/registry/display_width.h"
#include "broker/registry/link_edit.h"
#include "broker/registry/link_lifecycle.h"
#include "broker/store/store_factory.h"

namespace renkei::cli {

namespace {

// Options every links command takes; anything else on `links update` names a field.
bool isCommonOption(const std::string& option) {
  return option == "--config" || option == "--actor" || option == "--reason" ||
         option == "--token-file";
}

std::string quoted(const std::string& value) { return "\"" + value + "\""; }

// The stored link, or nullopt after saying why it cannot be edited.
std::optional<Link> editableLink(Store& store, int64_t id) {
  const auto link = store.findLink(id);
  if (!link) {
    std::cerr << "renkei: refused: there is no link " << id << "\n";
    return std::nullopt;
  }
  if (auto refusal = editRefusal(link->status)) {
    std::cerr << "renkei: refused: " << linkSummary(*link) << ": " << *refusal << "\n";
    return std::nullopt;
  }
  return link;
}

}  // namespace

int runLinksUpdate(const CliArgs& args) {
  const auto id = linkIdArgument(args);
  if (!id) return kExitUsage;
  LinkFieldValues values;
  for (const auto& [option, value] : args.options) {
    if (!isCommonOption(option)) values.emplace_back(option, value);
  }
  if (values.empty()) {
    return usageError("`renkei links update` needs at least one field to change: " +
                      editableLinkFieldList(&EditableLinkField::option));
  }
  // Checked before anything else: a mistyped field is a usage error wherever it stands.
  for (const auto& value : values) {
    Link probe;
    if (auto problem = applyLinkFieldValues(probe, {value}, jstDateToday());
        problem && problem->kind == LinkEditProblem::kUnknownField) {
      return usageError(problem->message);
    }
  }
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  try {
    auto store = openStore(*config);
    auto stored = editableLink(*store, *id);
    if (!stored) return kExitRefused;
    Link wanted = *stored;
    if (auto problem = applyLinkFieldValues(wanted, values, jstDateToday())) {
      std::cerr << "renkei: refused: " << problem->message << "\n";
      return kExitRefused;
    }
    const std::string actor = linkChangeActor(args, *store, "update");
    const LinkEdit edit =
        store->updateLinkDetails(wanted, {actor, args.get("--reason").value_or(""), ""});
    if (edit.changes.empty()) {
      std::cout << "nothing changed: " << linkSummary(edit.link)
                << " already has these values; no history entry was written\n";
      return 0;
    }
    std::cout << "updated " << linkSummary(edit.link) << " by " << actor << ":\n";
    for (const LinkChange& row : edit.changes) {
      std::cout << "  " << padToWidth(row.field, 12) << quoted(row.before) << " -> "
                << quoted(row.after) << "\n";
    }
    std::cout << appliedHint(*config) << "\n";
    return 0;
  } catch (const LifecycleError& e) {
    std::cerr << "renkei: refused: " << e.what() << "\n";
    return kExitRefused;
  } catch (const std::exception& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return kExitRefused;
  }
}

int runLinksReview(const CliArgs& args) {
  const auto id = linkIdArgument(args);
  if (!id) return kExitUsage;
  const std::string next = args.get("--next").value_or("");
  const std::string reason = args.get("--reason").value_or("");
  if (next.empty()) {
    return usageError("`renkei links review` needs --next YYYY-MM-DD, the next review date");
  }
  // The review is the record of what was looked at and found; without it there is nothing to
  // show an auditor but a moved date.
  if (reason.empty()) return usageError("`renkei links review` needs --reason TEXT");
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  try {
    auto store = openStore(*config);
    auto stored = editableLink(*store, *id);
    if (!stored) return kExitRefused;
    if (auto refusal = reviewDateRefusal(next, jstDateToday())) {
      std::cerr << "renkei: refused: --next " << *refusal << "\n";
      return kExitRefused;
    }
    const std::string actor = linkChangeActor(args, *store, "review");
    const Link reviewed = store->recordLinkReview(*id, next, {actor, reason, ""});
    std::cout << "reviewed " << linkSummary(reviewed) << " by " << actor << ": " << reason
              << "\n  next review " << reviewed.review_date << " (was "
              << (stored->review_date.empty() ? "not set" : stored->review_date) << ")\n"
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
