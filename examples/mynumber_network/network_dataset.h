#pragma once
// What the stand-in network knows: residents by 住民票コード and the 特定個人情報 that the
// providing institution (山形市 062014, where these 米沢市 residents lived last year) holds for
// them. Invented people and figures.
#include <string_view>
#include <vector>

namespace renkei::examples {

// How the provider answers for one resident.
enum class ProviderAnswer {
  kProvides,  // the items below
  kWithheld,  // 不開示 F04: DV 等支援措置 (the provider never discloses)
  kUnknown,   // 不開示 F01: no such person at the provider
  kNoAnswer,  // the provider does not answer in time (the gateway's 応答なし F05)
};

struct ProvidedItem {
  std::string_view koumoku_mei;  // 項目名
  std::string_view atai;         // 値
};

struct NetworkResident {
  std::string_view juminhyo_code;  // 住民票コード (11 digits)
  ProviderAnswer answer;
  // 地方税関係情報 (TM00000000000021), one set per 課税年度, oldest first; the 照会条件 picks
  // one (the latest without one), as the provider's 副本 holds one per 年度.
  std::vector<std::vector<ProvidedItem>> chihozei;
};

const std::vector<NetworkResident>& networkResidents();

inline constexpr std::string_view kProviderCode = "062014";            // 山形市
inline constexpr std::string_view kChihozeiItem = "TM00000000000021";  // 地方税関係情報

}  // namespace renkei::examples
