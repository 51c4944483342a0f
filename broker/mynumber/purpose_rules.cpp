#include "broker/mynumber/purpose_rules.h"

#include "broker/core/tenant_code.h"

namespace renkei::mynumber {
namespace {

// How well a rule's institution names `code`: 2 exactly, 1 through "*" (municipalities only:
// a 日本年金機構 or 健保組合 code is not a 全国地方公共団体コード), 0 not at all.
int institutionMatch(const std::string& pattern, const std::string& code) {
  if (pattern == code) return 2;
  if (pattern == "*" && isValidTenantCode(code)) return 1;
  return 0;
}

}  // namespace

bool inForceOn(const PurposeRule& rule, const std::string& date) {
  // YYYY-MM-DD strings order as the dates do.
  if (!rule.valid_from.empty() && date < rule.valid_from) return false;
  if (!rule.valid_to.empty() && date > rule.valid_to) return false;
  return true;
}

std::optional<PurposeRule> PurposeRules::permit(const std::string& jimu_code,
                                                const std::string& requester,
                                                const std::string& provider,
                                                const std::string& item_code,
                                                const std::string& date) const {
  const PurposeRule* best = nullptr;
  int best_score = 0;
  for (const PurposeRule& rule : rules_) {
    if (rule.jimu_code != jimu_code || rule.item_code != item_code) continue;
    const int by_requester = institutionMatch(rule.requester, requester);
    const int by_provider = institutionMatch(rule.provider, provider);
    if (by_requester == 0 || by_provider == 0 || !inForceOn(rule, date)) continue;
    if (by_requester + by_provider > best_score) {
      best = &rule;
      best_score = by_requester + by_provider;
    }
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

}  // namespace renkei::mynumber
