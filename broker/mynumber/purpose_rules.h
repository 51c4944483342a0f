#pragma once
// Purpose rules (番号法 / 主務省令): which 情報照会者 may ask which 情報提供者 for which
// 特定個人情報 item in which 事務, with the 条項 that allows it. Data, not code: loaded from a file
// (purpose_rules_file.h), kept as numbered versions in the store (purpose_rules_store.h), read by
// the gateway as one immutable version. Anything no row permits is refused (default deny).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace renkei::mynumber {

struct PurposeRule {
  std::string jimu_code;  // 事務コード, e.g. "JM0030" (国民健康保険 保険料賦課)
  std::string jimu_name;  // 事務名
  std::string requester;  // 情報照会者: institution code (e.g. 全国地方公共団体コード
                          // "062022") or "*" = any municipality
  std::string provider;   // 情報提供者: institution code or "*"
  std::string item_code;  // 特定個人情報名コード, e.g. "TM00000000000021"
  std::string item_name;  // 特定個人情報名 e.g. "地方税関係情報"
  std::string legal_basis;  // 条項, e.g. "番号法第19条第8号 主務省令第2条の表第47項"
  std::string valid_from, valid_to;  // YYYY-MM-DD or empty

  bool operator==(const PurposeRule&) const = default;
};

class PurposeRules {  // one immutable version of the table
 public:
  PurposeRules() = default;
  PurposeRules(int64_t version, std::vector<PurposeRule> rules)
      : version_(version), rules_(std::move(rules)) {}

  int64_t version() const { return version_; }
  const std::vector<PurposeRule>& rules() const { return rules_; }
  // The row permitting it on `date` (JST YYYY-MM-DD), or nullopt (default deny). "*" stands
  // for any municipality (a valid 全国地方公共団体コード); where several rows permit, the one
  // naming the institutions exactly wins over a "*" row.
  std::optional<PurposeRule> permit(const std::string& jimu_code, const std::string& requester,
                                    const std::string& provider, const std::string& item_code,
                                    const std::string& date) const;

 private:
  int64_t version_ = 0;
  std::vector<PurposeRule> rules_;
};

// Whether `rule` is in force on `date` (YYYY-MM-DD; an empty bound is open).
bool inForceOn(const PurposeRule& rule, const std::string& date);

}  // namespace renkei::mynumber
