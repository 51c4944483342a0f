// unit_juki: sample 住民基本台帳 unit (062022/juki). Serves IdoJohoShokai (異動情報照会) and
// JuminIdoTsuchi (住民異動通知) from wsdl/juki.wsdl.
#include <ctime>

#include "../common/soap_strings.h"
#include "../common/unit_server.h"
#include "../common/yonezawa_dataset.h"
#include "IdoJohoShokaiSoap11Binding.nsmap"
#include "soapH.h"

namespace renkei::examples {
namespace {

std::string today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[11];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return buf;
}

bool matches(const JuminRecord& r, const juki__IdoJohoShokaiRequest& req) {
  if (req.AtenaNo != nullptr) return r.atena_no == *req.AtenaNo;
  if (req.KanaShimei != nullptr && req.SeinenGappi != nullptr)
    return r.kana_shimei == *req.KanaShimei && r.seinen_gappi == *req.SeinenGappi;
  return false;
}

// On the 基準日 the person must already have been recorded (転入・出生 etc. on or before it).
bool recordedOn(const JuminRecord& r, const std::string& kijun) {
  bool entry = !r.ido_jiyu.empty() && r.ido_jiyu[0] == 'A';
  return !entry || std::string(r.ido_date) <= kijun;
}

juki__Jumin* toJumin(struct soap* soap, const JuminRecord& r) {
  auto* j = soap_new_juki__Jumin(soap);
  j->AtenaNo = r.atena_no;
  j->SetaiNo = r.setai_no;
  j->Shimei = outgoingText(r.shimei);
  j->KanaShimei = outgoingText(r.kana_shimei);
  j->SeinenGappi = r.seinen_gappi;
  soap_s2cmn__Seibetsu(soap, std::string(r.seibetsu).c_str(), &j->Seibetsu);
  j->Zokugara = r.zokugara;
  j->Jusho = soap_new_juki__Jusho(soap);
  j->Jusho->Todofuken = r.todofuken;
  j->Jusho->Shikuchoson = r.shikuchoson;
  j->Jusho->Banchi = outgoingText(r.banchi);
  j->Jusho->Katagaki = optionalString(soap, outgoingText(r.katagaki));
  soap_s2cmn__JuminShubetsu(soap, std::string(r.jumin_shubetsu).c_str(), &j->JuminShubetsu);
  soap_s2cmn__IdoJiyuCode(soap, std::string(r.ido_jiyu).c_str(), &j->IdoJiyu);
  j->IdoDate = r.ido_date;
  return j;
}

}  // namespace
}  // namespace renkei::examples

using namespace renkei::examples;

int __jukisvc__IdoJohoShokai(struct soap* soap, juki__IdoJohoShokaiRequest* req,
                             juki__IdoJohoShokaiResponse& resp) {
  if (int rc = beginReply(soap); rc != SOAP_OK) return rc;
  if (req == nullptr) return soap_sender_fault(soap, "IdoJohoShokaiRequest is missing", nullptr);
  const std::string kijun = req->KijunDate != nullptr ? *req->KijunDate : today();
  for (const JuminRecord& r : jukiRecords()) {
    if (matches(r, *req) && recordedOn(r, kijun)) resp.Jumin.push_back(toJumin(soap, r));
  }
  if (unitOptions().invalid_response) {
    // 宛名番号 must be 15 digits: this answer breaks the response schema on purpose.
    if (resp.Jumin.empty()) resp.Jumin.push_back(toJumin(soap, jukiRecords().front()));
    resp.Jumin.front()->AtenaNo = "INVALID-ATENA";
  }
  resp.ResultCount = static_cast<int>(resp.Jumin.size());
  return SOAP_OK;
}

// The SOAP 1.2 binding's copy of the operation. gSOAP dispatches on the body element, so the
// first (SOAP 1.1 binding) function serves both versions; this one only has to exist.
int __jukisvc__IdoJohoShokai_(struct soap* soap, juki__IdoJohoShokaiRequest* req,
                              juki__IdoJohoShokaiResponse& resp) {
  return __jukisvc__IdoJohoShokai(soap, req, resp);
}

int __jukisvc__JuminIdoTsuchi(struct soap* soap, juki__JuminIdoTsuchi* notice,
                              juki__JuminIdoTsuchiUketsuke& ack) {
  if (int rc = beginReply(soap); rc != SOAP_OK) return rc;
  if (notice == nullptr) return soap_sender_fault(soap, "JuminIdoTsuchi is missing", nullptr);
  // A real subscriber would update its own records here; the sample only acknowledges.
  ack.UketsukeNichiji = std::time(nullptr);
  return SOAP_OK;
}

int __jukisvc__JuminIdoTsuchi_(struct soap* soap, juki__JuminIdoTsuchi* notice,
                               juki__JuminIdoTsuchiUketsuke& ack) {
  return __jukisvc__JuminIdoTsuchi(soap, notice, ack);
}

int main(int argc, char** argv) {
  const UnitDescription unit{"unit_juki", "062022/juki", "住民基本台帳 (062022/juki)",
                             "IdoJohoShokai v1, JuminIdoTsuchi v1", 9101};
  bool help = false;
  auto options = parseUnitOptions(argc, argv, unit, help);
  if (!options) return help ? 0 : 1;
  return runUnitServer(*options);
}
