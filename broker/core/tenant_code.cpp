#include "broker/core/tenant_code.h"

namespace renkei {

bool isValidTenantCode(std::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  static constexpr int kWeights[5] = {6, 5, 4, 3, 2};
  int sum = 0;
  for (int i = 0; i < 5; ++i) sum += (code[i] - '0') * kWeights[i];
  return (11 - sum % 11) % 10 == code[5] - '0';
}

std::string_view tenantOfUnit(std::string_view unit_id) {
  return unit_id.substr(0, unit_id.find('/'));
}

}  // namespace renkei
