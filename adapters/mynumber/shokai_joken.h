#pragma once
// 照会条件 (ShokaiJoken) matched against what a provider holds for one item, as a 中間サーバー
// does before it answers from its 副本 (docs/mynumber.md, "照会条件"). Plain C++ without the
// broker or gSOAP, so the gateway (provision_service.cpp) and the stand-in network's own
// provider (examples/mynumber_network) decide the same way.
//
// - 対象年度 (TaishoNendo, "2026"): the year the item's values are for. An item is year-bound
//   when its values name that year (項目 課税年度 or 対象年度); a year-bound item of another
//   year does not match. An item that names no year is not year-bound and matches any.
// - 基準日 (KijunDate, "2026-06-01"): the day the information must hold on. A year-bound item
//   matches when the 基準日 falls in its 年度 (April to March: 2026-06-01 and 2027-03-31 are
//   in 2026); an item that names a period (項目 適用開始日 / 適用終了日, either may be absent)
//   matches when the 基準日 lies within it, both days included.
// Both conditions, when given, must hold. An item that does not match is withheld as F02
// (副本未登録: nothing is registered for that year or day), never answered with other data.
#include <string>
#include <utility>
#include <vector>

namespace renkei::mynumber {

struct ShokaiJoken {
  std::string taisho_nendo;  // "" when not given
  std::string kijun_date;    // YYYY-MM-DD, "" when not given
  bool empty() const { return taisho_nendo.empty() && kijun_date.empty(); }
  // "対象年度 2026 基準日 2026-06-01", for records and logs; "" when empty.
  std::string describe() const;
};

// The 年度 (Japanese fiscal year, April to March) a YYYY-MM-DD day falls in: "2026-03-31" ->
// "2025". "" when the text is no such day.
std::string nendoOf(const std::string& day);

using KoumokuList = std::vector<std::pair<std::string, std::string>>;  // 項目名, 値

// Whether the item's values (as the provider holds them) answer the condition. When not,
// `why` says which condition failed ("対象年度 2025 (副本は 2026)").
bool matchesJoken(const ShokaiJoken& joken, const KoumokuList& values, std::string& why);

}  // namespace renkei::mynumber
