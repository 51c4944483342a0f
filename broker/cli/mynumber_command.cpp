// renkei mynumber ...: the My Number gateway's operator commands. Its own command line, since
// its flags (--dry-run, --version N as a rules version) are not the program's.
#include <iostream>
#include <set>
#include <string>

#include "broker/cli/commands.h"
#include "broker/cli/links_support.h"
#include "broker/cli/mynumber_rules.h"

namespace renkei::cli {
namespace {

constexpr const char* kMyNumberUsage =
    R"(renkei mynumber — the My Number gateway's purpose rules and 情報提供等記録 (docs/mynumber.md)

  renkei mynumber rules load FILE (--actor NAME | --token-file FILE) [--dry-run]
        Checks FILE against xsd/mynumber/purpose-rules.xsd (each error names the file, line and
        field; a row given twice is refused) and stores it as a new version, in force at once.
        The version keeps who loaded it, when, the file's SHA-256 and its row count; older
        versions are kept. --dry-run: check and compare with the current version, store nothing.
        Once the store has admin users, an administrator's token (--token-file FILE or
        $RENKEI_ADMIN_TOKEN) is needed and names who loaded it; before that, --actor does.
  renkei mynumber rules list [--version N] [--jimu CODE] [--format table|csv|json]
        The rows of the current version (or of version N), or of one 事務 only.
  renkei mynumber rules versions
        Every version, oldest first: number, loaded at (UTC), by whom, rows, file, SHA-256.
  renkei mynumber rules check --jimu CODE --requester INST --provider INST --item CODE
                              [--date YYYY-MM-DD]
        Whether the current rules permit it on DATE (default: today in Japan): prints
        "permitted" with the row's 条項, or "not permitted" and exits 1 (default deny).
        INST: a 全国地方公共団体コード such as 062022, or another institution's code.
  renkei mynumber records --db FILE|URL --person 宛名番号 [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                          [--format table|csv|json]
        The gateway's 情報提供等記録 (番号法 §23) for one person, oldest first, as disclosed to
        them: both institutions, 事務, items, when asked and when provided (JST), the result.
        FILE|URL is the gateway's own store (renkei-mynumber-gateway --db), not the broker's:
        its SQLite file, or a postgresql:// URL (schema mynumber_gateway there).
  renkei mynumber records verify --db FILE|URL [--key PUBLIC_KEY] [--tsa-ca CA_PEM]
        Replays the chain of those records; exits 1 naming the first record altered, removed
        or inserted. With --key (the public half of <audit checkpointKey>, which the gateway
        signs the chain with) also checks the signed checkpoints: records cut from the end, a
        record rewritten with the hashes after it, a purge not made by the gateway or whose
        evidence (count, range, dates, who) was altered or removed, a bad signature.
        Checkpoints with an RFC 3161 timestamp (<audit tsaUrl>) must be covered by it;
        --tsa-ca also checks the timestamp authority's signature against that CA.
  renkei mynumber records purge --db FILE|URL --actor NAME
        Removes the records requested before <mynumber recordRetentionYears> (default 7,
        番号法施行令第29条) years ago, oldest first; the purge keeps its evidence (count, seq
        range, who) and <audit checkpointKey> signs that evidence, which names where the
        remaining chain starts. The gateway also purges by itself, hourly.
  renkei mynumber fukuhon --db FILE|URL [--person 宛名番号] [--item CODE] [--values] [--history]
                          [--format table|csv|json]
        The 副本 rows of a person and/or an item: item, version, last updated (JST), batch,
        不開示コード and how many values; the values themselves only with --values. --history
        also lists the earlier versions each refresh replaced (and when), newest first.

  --config FILE   configuration naming the store and the schema directory (default:
                  $RENKEI_CONFIG, else config/renkei.example.xml)

Exit status: 0 done / permitted, 1 refused / not permitted / failure, 2 usage or
configuration error.
)";

// Each command's options; anything else is a usage error rather than silently ignored.
bool onlyOptions(const CliArgs& args, const std::set<std::string>& allowed) {
  for (const auto& [name, value] : args.options) {
    if (name != "--config" && allowed.count(name) == 0) {
      std::string command = "renkei";
      for (const std::string& word : args.words) command += " " + word;
      std::cerr << "renkei: `" << command << "` takes no option " << name
                << " (see `renkei mynumber --help`)\n";
      return false;
    }
  }
  return true;
}

}  // namespace

int myNumberUsage(const std::string& message) {
  std::cerr << "renkei: " << message << " (see `renkei mynumber --help`)\n";
  return kExitUsage;
}

int runMyNumber(int argc, char** argv) {
  const CliArgs args = parseArgs(argc, argv, {"--help", "--dry-run", "--values", "--history"});
  if (!args.error.empty()) return myNumberUsage(args.error);
  if (args.has("--help")) {
    std::cout << kMyNumberUsage;
    return 0;
  }
  const auto& w = args.words;
  if (w.size() >= 2 && w[1] == "records") {
    if (w.size() == 2 && onlyOptions(args, {"--db", "--person", "--from", "--to", "--format"})) {
      return runMyNumberRecords(args);
    }
    if (w.size() == 3 && w[2] == "verify" && onlyOptions(args, {"--db", "--key", "--tsa-ca"})) {
      return runMyNumberRecordsVerify(args);
    }
    if (w.size() == 3 && w[2] == "purge" && onlyOptions(args, {"--db", "--actor"})) {
      return runMyNumberRecordsPurge(args);
    }
    return myNumberUsage(
        "`renkei mynumber records` takes --db and --person, or `verify --db`, or `purge --db`");
  }
  if (w.size() >= 2 && w[1] == "fukuhon") {
    if (w.size() == 2 &&
        onlyOptions(args, {"--db", "--person", "--item", "--values", "--history", "--format"})) {
      return runMyNumberFukuhon(args);
    }
    return myNumberUsage("`renkei mynumber fukuhon` takes --db with --person and/or --item");
  }
  if (w.size() < 3 || w[1] != "rules") {
    std::cerr << kMyNumberUsage;
    return kExitUsage;
  }
  const std::string& verb = w[2];
  if (verb == "load") {
    if (w.size() != 4) return myNumberUsage("`renkei mynumber rules load` needs one FILE");
    return onlyOptions(args, {"--actor", "--token-file", "--dry-run"}) ? runRulesLoad(args)
                                                                       : kExitUsage;
  }
  if (w.size() != 3) return myNumberUsage("unexpected argument '" + w[3] + "'");
  if (verb == "list") {
    return onlyOptions(args, {"--version", "--jimu", "--format"}) ? runRulesList(args) : kExitUsage;
  }
  if (verb == "versions") return onlyOptions(args, {}) ? runRulesVersions(args) : kExitUsage;
  if (verb == "check") {
    return onlyOptions(args, {"--jimu", "--requester", "--provider", "--item", "--date"})
               ? runRulesCheck(args)
               : kExitUsage;
  }
  return myNumberUsage("unknown command `renkei mynumber rules " + verb + "`");
}

}  // namespace renkei::cli
