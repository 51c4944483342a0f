// renkei mynumber rules load|versions|check.
#include <algorithm>
#include <chrono>
#include <iostream>

#include "broker/admin/admin_caller.h"
#include "broker/cli/cli_identity.h"
#include "broker/cli/commands.h"
#include "broker/cli/links_support.h"
#include "broker/cli/mynumber_rules.h"
#include "broker/cli/mynumber_rules_store.h"
#include "broker/core/japan_date.h"
#include "broker/core/utc_timestamp.h"
#include "broker/mynumber/purpose_rules_file.h"
#include "broker/notify/notify_clock.h"

namespace renkei::cli {
namespace {

using mynumber::PurposeRule;

int64_t nowEpochMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool isDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

std::size_t countMissing(const std::vector<PurposeRule>& from, const std::vector<PurposeRule>& in) {
  return static_cast<std::size_t>(std::count_if(from.begin(), from.end(), [&](const auto& r) {
    return std::find(in.begin(), in.end(), r) == in.end();
  }));
}

}  // namespace

int runRulesLoad(const CliArgs& args) {
  const std::string& path = args.words[3];
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  mynumber::PurposeRulesFile file;
  try {
    file = mynumber::readPurposeRulesFile(path, config->xsd_dir);
  } catch (const mynumber::PurposeRulesError& e) {
    std::cerr << "renkei: " << e.what() << "\n";
    return kExitRefused;
  }
  return withRulesStore(*config, [&](Store& broker_store, mynumber::PurposeRulesStore& store) {
    const auto current = store.current();
    const std::vector<PurposeRule> before = current ? current->rules() : std::vector<PurposeRule>{};
    const std::string change = std::to_string(countMissing(file.rules, before)) + " added, " +
                               std::to_string(countMissing(before, file.rules)) + " removed";
    const std::string against =
        current ? "version " + std::to_string(current->version()) : "no rules loaded yet";
    if (args.has("--dry-run")) {
      std::cout << path << ": valid, " << file.rules.size() << " rule(s), sha256 " << file.sha256
                << "\ncompared with " << against << ": " << change
                << "\nnothing stored (--dry-run)\n";
      return 0;
    }
    // Each version names who loaded it: the token's user once the store has admin users (the
    // rules decide what 特定個人情報 may leave, so only an administrator loads them); before
    // that, --actor, which is then required rather than guessed from $USER.
    admin::AdminAuthenticator authenticator(broker_store);
    const auto named = args.get("--actor");
    if (authenticator.open() && (!named || named->empty())) {
      return myNumberUsage(
          "`renkei mynumber rules load` needs --actor NAME: each version names who "
          "loaded it");
    }
    std::string actor;
    try {
      actor = authorizedActor(args, broker_store, "load purpose rules",
                              admin::AdminRole::kAdministrator);
    } catch (const CliRefusal& e) {
      std::cerr << "renkei: refused: " << e.what() << "\n";
      return kExitRefused;
    }
    mynumber::PurposeRulesVersion meta;
    meta.actor = actor;
    meta.loaded_at = utcTimestampMs(nowEpochMs());
    meta.file_sha256 = file.sha256;
    meta.source_file = path;
    const auto stored = store.addVersion(meta, file.rules);
    std::cout << "version " << stored.version << " loaded: " << stored.row_count << " rule(s) from "
              << path << " (sha256 " << stored.file_sha256 << ") by " << stored.actor
              << "; compared with " << against << ": " << change << "\n";
    return 0;
  });
}

int runRulesVersions(const CliArgs& args) {
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  return withRulesStore(*config, [&](mynumber::PurposeRulesStore& store) {
    const auto versions = store.versions();
    if (versions.empty()) {
      std::cout << "no purpose rules loaded yet (`renkei mynumber rules load FILE --actor NAME`)\n";
      return 0;
    }
    std::cout << "version\tloaded at\tactor\trows\tfile\tsha256\n";
    for (const auto& v : versions) {
      std::cout << v.version << "\t" << v.loaded_at << "\t" << v.actor << "\t" << v.row_count
                << "\t" << v.source_file << "\t" << v.file_sha256
                << (&v == &versions.back() ? "\t(current)" : "") << "\n";
    }
    return 0;
  });
}

int runRulesCheck(const CliArgs& args) {
  const auto jimu = args.get("--jimu");
  const auto requester = args.get("--requester");
  const auto provider = args.get("--provider");
  const auto item = args.get("--item");
  if (!jimu || !requester || !provider || !item) {
    return myNumberUsage(
        "`renkei mynumber rules check` needs --jimu, --requester, --provider "
        "and --item");
  }
  const std::string date = args.get("--date").value_or(jstDateToday());
  if (!isDate(date)) return myNumberUsage("--date must be YYYY-MM-DD, not '" + date + "'");
  auto config = loadConfigFor(args);
  if (!config) return kExitUsage;
  return withRulesStore(*config, [&](mynumber::PurposeRulesStore& store) {
    const auto rules = store.current();
    const std::string asked = *jimu + ", requester " + *requester + ", provider " + *provider +
                              ", item " + *item + ", on " + date;
    if (!rules) {
      std::cout << "not permitted: " << asked << ": no purpose rules loaded yet (default deny)\n";
      return kExitRefused;
    }
    const auto row = rules->permit(*jimu, *requester, *provider, *item, date);
    if (!row) {
      std::cout << "not permitted: no row of version " << rules->version() << " permits " << asked
                << " (default deny)\n";
      return kExitRefused;
    }
    std::cout << "permitted by version " << rules->version() << ": " << row->jimu_code << " "
              << row->jimu_name << "; " << row->requester << " -> " << row->provider << "; "
              << row->item_code << " " << row->item_name << "\n"
              << "legal basis: " << row->legal_basis << "\n"
              << "valid: " << (row->valid_from.empty() ? "-" : row->valid_from) << " .. "
              << (row->valid_to.empty() ? "-" : row->valid_to) << "\n";
    return 0;
  });
}

}  // namespace renkei::cli
