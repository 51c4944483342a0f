#pragma once
// The sample data set shared by the three example units: a few fictional residents of 米沢市
// (団体コード 062022). One file so that the units stay consistent by 宛名番号: the 国保 and
// 住民税 records below refer to people in the 住基 list. Codes are kept as their XML spellings
// (e.g. "A01") so this header needs no generated gSOAP types.
#include <span>
#include <string_view>

namespace renkei::examples {

struct JuminRecord {
  std::string_view atena_no;
  std::string_view setai_no;
  std::string_view shimei;
  std::string_view kana_shimei;
  std::string_view seinen_gappi;
  std::string_view seibetsu;  // 1 男, 2 女, 9 不明
  std::string_view zokugara;
  std::string_view todofuken;
  std::string_view shikuchoson;
  std::string_view banchi;
  std::string_view katagaki;        // empty: none
  std::string_view jumin_shubetsu;  // 1 日本人住民, 2 外国人住民
  std::string_view ido_jiyu;        // latest 異動事由
  std::string_view ido_date;
};

struct KokuhoShikakuRecord {
  std::string_view atena_no;
  std::string_view hokensha_bango;
  std::string_view kigo;
  std::string_view bango;
  std::string_view shutoku_date;
  std::string_view soshitsu_date;  // empty: still insured
  bool setainushi;
  std::string_view setai_no;
  int ichibu_futan_wariai;
};

struct KazeiRecord {
  std::string_view atena_no;
  std::string_view nendo;
  std::string_view kazei_kubun;  // 1 課税, 2 均等割のみ, 3 非課税, 4 未申告
  long long gokei_shotoku;
  long long kazei_hyojun_gaku;
  long long shotoku_wari;
  long long kintou_wari;
  int fuyo_ninzu;
};

std::span<const JuminRecord> jukiRecords();
std::span<const KokuhoShikakuRecord> kokuhoRecords();
std::span<const KazeiRecord> kazeiRecords();

}  // namespace renkei::examples
