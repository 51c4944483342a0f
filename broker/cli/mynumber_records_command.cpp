// renkei mynumber records: the My Number gateway's 情報提供等記録 (番号法 §23) for one person, as a
// マイナポータル-style 自己情報 disclosure (table, CSV or JSON); `records verify`, which replays
// the record chain and checks its signed checkpoints; `records purge`, which removes the records
// past retention. Reads the gateway's own store (--db), not the broker's.
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "adapters/mynumber/gateway_store_factory.h"
#include "adapters/mynumber/record_retention.h"
#include "broker/audit/checkpoint_key.h"
#include "broker/cli/commands.h"
#include "broker/cli/json_text.h"
#include "broker/core/japan_date.h"
#include "broker/registry/csv.h"

namespace renkei::cli {
namespace {

using mynumber::GatewayStore;
using mynumber::ProvisionRecord;

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : " ") + item;
  return text;
}

void printTable(const std::string& atena, const std::vector<ProvisionRecord>& records) {
  std::cout << "情報提供等記録 for 宛名番号 " << atena << ": " << records.size() << " record(s)\n";
  for (const ProvisionRecord& r : records) {
    std::cout << "\n"
              << r.requested_at << "  " << mynumber::resultName(r.result) << "\n"
              << "  照会番号      " << r.record_id << "\n"
              << "  情報照会者    " << r.requester << " (" << r.unit << ")\n"
              << "  情報提供者    " << r.provider << "\n"
              << "  事務          " << r.jimu_code << " / " << r.jimu_tetsuzuki << "\n"
              << "  特定個人情報  " << joined(r.items) << "\n"
              << "  提供日時      " << (r.provided_at.empty() ? "-" : r.provided_at) << "\n";
    if (!r.detail.empty()) std::cout << "  詳細          " << r.detail << "\n";
  }
}

void printCsv(const std::vector<ProvisionRecord>& records) {
  std::cout << csvLine({"shokai_no", "requested_at", "provided_at", "result", "requester",
                        "provider", "jimu_code", "jimu_tetsuzuki_code", "items", "unit", "detail"});
  for (const ProvisionRecord& r : records) {
    std::cout << csvLine({r.record_id, r.requested_at, r.provided_at,
                          mynumber::resultName(r.result), r.requester, r.provider, r.jimu_code,
                          r.jimu_tetsuzuki, joined(r.items), r.unit, r.detail});
  }
}

void printJson(const std::vector<ProvisionRecord>& records) {
  std::cout << "[";
  bool first = true;
  for (const ProvisionRecord& r : records) {
    std::cout << (first ? "\n" : ",\n") << "  {\"shokai_no\": " << jsonString(r.record_id)
              << ", \"requested_at\": " << jsonString(r.requested_at)
              << ", \"provided_at\": " << jsonString(r.provided_at)
              << ", \"result\": " << jsonString(mynumber::resultName(r.result))
              << ", \"requester\": " << jsonString(r.requester)
              << ", \"provider\": " << jsonString(r.provider)
              << ", \"jimu_code\": " << jsonString(r.jimu_code)
              << ", \"jimu_tetsuzuki_code\": " << jsonString(r.jimu_tetsuzuki) << ", \"items\": [";
    for (std::size_t i = 0; i < r.items.size(); ++i) {
      std::cout << (i == 0 ? "" : ", ") << jsonString(r.items[i]);
    }
    std::cout << "], \"unit\": " << jsonString(r.unit) << ", \"detail\": " << jsonString(r.detail)
              << "}";
    first = false;
  }
  std::cout << (first ? "]\n" : "\n]\n");
}

void printPurges(const std::vector<mynumber::ProvisionPurge>& purges) {
  for (const mynumber::ProvisionPurge& p : purges) {
    std::cout << "  purged " << p.count << " record(s) (seq " << p.first_seq << "-" << p.last_seq
              << ", requested before " << p.cutoff << ") on " << p.purged_at << " by " << p.actor
              << "\n";
  }
}

}  // namespace

// A store file must exist: opening creates one, and an empty new file would read as "no
// records". A postgresql:// URL is checked by connecting.
std::optional<std::string> existingGatewayDb(const CliArgs& args, const char* command) {
  const auto db = args.get("--db");
  if (!db) {
    std::cerr << "renkei " << command
              << ": --db FILE|URL (the gateway's store: its SQLite file or postgresql:// URL) is "
                 "required\n";
    return std::nullopt;
  }
  if (!mynumber::isPostgresUrl(*db) && !std::filesystem::exists(*db)) {
    std::cerr << "renkei " << command << ": " << *db << ": no such file\n";
    return std::nullopt;
  }
  return db;
}

int runMyNumberRecords(const CliArgs& args) {
  const auto db = existingGatewayDb(args, "mynumber records");
  if (!db) return 2;
  const auto person = args.get("--person");
  if (!person || person->size() != 15 ||
      person->find_first_not_of("0123456789") != std::string::npos) {
    std::cerr << "renkei mynumber records: --person needs the person's 宛名番号 (15 digits)\n";
    return 2;
  }
  const std::string format = args.get("--format").value_or("table");
  if (format != "table" && format != "csv" && format != "json") {
    std::cerr << "renkei mynumber records: --format must be table, csv or json, not '" << format
              << "'\n";
    return 2;
  }
  try {
    const auto store_ptr = mynumber::openGatewayStore(*db);
    GatewayStore& store = *store_ptr;
    const auto records =
        store.recordsFor(*person, args.get("--from").value_or(""), args.get("--to").value_or(""));
    if (format == "csv") {
      printCsv(records);
    } else if (format == "json") {
      printJson(records);
    } else {
      printTable(*person, records);
    }
  } catch (const std::exception& e) {
    std::cerr << "renkei mynumber records: " << mynumber::describeGatewayDb(*db) << ": " << e.what()
              << "\n";
    return 1;
  }
  return 0;
}

int runMyNumberRecordsVerify(const CliArgs& args) {
  const auto db = existingGatewayDb(args, "mynumber records verify");
  if (!db) return 2;
  try {
    std::optional<CheckpointVerifier> key;
    if (const auto path = args.get("--key")) key = CheckpointVerifier::fromFile(*path);
    const std::string tsa_ca = args.get("--tsa-ca").value_or("");
    const auto store_ptr = mynumber::openGatewayStore(*db);
    GatewayStore& store = *store_ptr;
    const mynumber::ChainCheck check = store.verifyChain(key ? &*key : nullptr, tsa_ca);
    if (!check.ok()) {
      // "BROKEN at record N" first, as scripts written for the chain-only check look for it.
      std::cout << "情報提供等記録 " << mynumber::describeGatewayDb(*db) << ": BROKEN";
      if (check.first_broken_seq > 0) std::cout << " at record " << check.first_broken_seq;
      std::cout << " (" << mynumber::chainProblemName(check.problem) << "): " << check.reason
                << "\n";
      return 1;
    }
    std::cout << "情報提供等記録 " << mynumber::describeGatewayDb(*db) << ": OK, " << check.records
              << " record(s), chain intact";
    if (check.purged_through > 0) {
      std::cout << " from record " << check.purged_through + 1 << " (purged before)";
    }
    std::cout << "\n";
    if (key) {
      std::cout << "  " << check.checkpoints_checked << " signed checkpoint(s) verified (key "
                << key->keyId().substr(0, 16) << "...)";
      if (check.records > 0) {
        std::cout << ", signed through record " << check.signed_through;
        const auto heads = store.chainHead();
        const int64_t unsigned_tail = heads ? heads->seq - check.signed_through : 0;
        if (unsigned_tail > 0) std::cout << "; " << unsigned_tail << " after it not signed yet";
      }
      std::cout << "\n";
      if (check.timestamps_checked > 0) {
        // Worded as `renkei audit verify` words it, for the same tokens.
        std::cout << "  " << check.timestamps_checked
                  << " checkpoint(s) carry an RFC 3161 timestamp"
                  << (tsa_ca.empty() ? " (give --tsa-ca to check the TSA's signature)"
                                     : " (TSA signatures verified)")
                  << "; newest " << check.last_timestamp << "\n";
      }
    } else {
      std::cout << "  signatures not checked: give --key FILE (the public half of <audit "
                   "checkpointKey>) to detect records cut from the end or rewritten\n";
    }
    printPurges(store.purges());
  } catch (const std::exception& e) {
    std::cerr << "renkei mynumber records verify: " << mynumber::describeGatewayDb(*db) << ": "
              << e.what() << "\n";
    return 1;
  }
  return 0;
}

int runMyNumberRecordsPurge(const CliArgs& args) {
  const auto db = existingGatewayDb(args, "mynumber records purge");
  if (!db) return 2;
  const auto actor = args.get("--actor");
  if (!actor || actor->empty()) {
    std::cerr << "renkei mynumber records purge: --actor NAME is required (the purge's evidence "
                 "names who ran it)\n";
    return 2;
  }
  auto config = loadConfigFor(args);
  if (!config) return 2;
  try {
    std::optional<CheckpointSigner> signer;
    if (!config->checkpoint_key.empty()) {
      signer = CheckpointSigner::fromFile(config->checkpoint_key);
    }
    const auto store_ptr = mynumber::openGatewayStore(*db);
    GatewayStore& store = *store_ptr;
    const int years = config->mynumber_record_retention_years;
    const std::string cutoff = mynumber::retentionCutoff(jstDateToday(), years);
    const mynumber::PurgeResult result = mynumber::purgeExpiredRecords(
        store, years, *actor, signer ? &*signer : nullptr, config->instance_id);
    std::cout << "情報提供等記録 " << mynumber::describeGatewayDb(*db) << " (kept " << years
              << " years): " << mynumber::describePurge(result, cutoff) << "\n";
  } catch (const std::exception& e) {
    std::cerr << "renkei mynumber records purge: " << mynumber::describeGatewayDb(*db) << ": "
              << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace renkei::cli
