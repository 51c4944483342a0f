#include "adapters/mynumber/fukuhon_values.h"

#include "broker/audit/audit_hash.h"
#include "broker/store/store.h"

namespace renkei::mynumber {
namespace {

void appendField(std::string& out, const std::string& text) {
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

}  // namespace

const char* outcomeName(EntryOutcome outcome) {
  switch (outcome) {
    case EntryOutcome::kRegistered:
      return "登録";
    case EntryOutcome::kAlreadyApplied:
      return "再送済";
    case EntryOutcome::kNoFugo:
      return "符号未取得";
    case EntryOutcome::kResentDifferently:
      return "再送不一致";
  }
  return "?";
}

std::string encodeFukuhonValues(const ItemValues& values) {
  std::string out;
  for (const auto& [name, value] : values) {
    appendField(out, name);
    appendField(out, value);
  }
  return out;
}

ItemValues decodeFukuhonValues(const std::string& text) {
  std::vector<std::string> fields;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t colon = text.find(':', at);
    if (colon == std::string::npos || colon == at ||
        text.find_first_not_of("0123456789", at) != colon) {
      throw StoreError("a 副本 row's values are damaged");
    }
    const std::size_t length = std::stoul(text.substr(at, colon - at));
    if (length > text.size() - colon - 1) throw StoreError("a 副本 row's values are damaged");
    fields.push_back(text.substr(colon + 1, length));
    at = colon + 1 + length;
  }
  if (fields.size() % 2 != 0) throw StoreError("a 副本 row's values are damaged");
  ItemValues values;
  for (std::size_t i = 0; i < fields.size(); i += 2) values.emplace_back(fields[i], fields[i + 1]);
  return values;
}

std::string fukuhonEntryDigest(const FukuhonEntry& entry) {
  std::string text;
  appendField(text, entry.atena_no);
  appendField(text, entry.item);
  appendField(text, entry.fukaiji_code);
  appendField(text, encodeFukuhonValues(entry.values));
  return sha256Hex(text);
}

}  // namespace renkei::mynumber
