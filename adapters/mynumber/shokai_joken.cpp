#include "adapters/mynumber/shokai_joken.h"

namespace renkei::mynumber {
namespace {

// The value of the first 項目 named `name`, or "".
std::string valueOf(const KoumokuList& values, const char* name) {
  for (const auto& [koumoku, atai] : values) {
    if (koumoku == name) return atai;
  }
  return {};
}

bool isDay(const std::string& day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (day[i] < '0' || day[i] > '9') return false;
  }
  return true;
}

}  // namespace

std::string ShokaiJoken::describe() const {
  std::string text;
  if (!taisho_nendo.empty()) text = "対象年度 " + taisho_nendo;
  if (!kijun_date.empty()) text += (text.empty() ? "" : " ") + std::string("基準日 ") + kijun_date;
  return text;
}

std::string nendoOf(const std::string& day) {
  if (!isDay(day)) return {};
  const int year = std::stoi(day.substr(0, 4));
  const int month = std::stoi(day.substr(5, 2));
  return std::to_string(month >= 4 ? year : year - 1);
}

bool matchesJoken(const ShokaiJoken& joken, const KoumokuList& values, std::string& why) {
  std::string year = valueOf(values, "課税年度");
  if (year.empty()) year = valueOf(values, "対象年度");
  if (!joken.taisho_nendo.empty() && !year.empty() && year != joken.taisho_nendo) {
    why = "対象年度 " + joken.taisho_nendo + " (副本は " + year + " 年度)";
    return false;
  }
  if (joken.kijun_date.empty()) return true;
  if (!year.empty() && nendoOf(joken.kijun_date) != year) {
    why = "基準日 " + joken.kijun_date + " (副本は " + year + " 年度)";
    return false;
  }
  // ISO days compare as text.
  const std::string from = valueOf(values, "適用開始日");
  const std::string to = valueOf(values, "適用終了日");
  if ((!from.empty() && joken.kijun_date < from) || (!to.empty() && joken.kijun_date > to)) {
    why = "基準日 " + joken.kijun_date + " (副本の適用期間 " + from + "〜" + to + ")";
    return false;
  }
  return true;
}

}  // namespace renkei::mynumber
