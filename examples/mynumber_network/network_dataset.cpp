#include "network_dataset.h"

namespace renkei::examples {

const std::vector<NetworkResident>& networkResidents() {
  static const std::vector<NetworkResident> residents = {
      {"12345678901",
       ProviderAnswer::kProvides,
       {{{"課税年度", "2025"},
         {"総所得金額等", "2980000"},
         {"所得割額", "173400"},
         {"均等割額", "5000"},
         {"課税区分", "課税"}},
        {{"課税年度", "2026"},
         {"総所得金額等", "3120000"},
         {"所得割額", "187200"},
         {"均等割額", "5000"},
         {"課税区分", "課税"}}}},
      {"23456789012", ProviderAnswer::kWithheld, {}},
      {"34567890123", ProviderAnswer::kUnknown, {}},
      {"45678901234", ProviderAnswer::kNoAnswer, {}},
  };
  return residents;
}

}  // namespace renkei::examples
