// unit_juminzei: sample 個人住民税 unit (062022/juminzei). Serves KazeiJohoShokai (課税情報照会)
// from wsdl/juminzei.wsdl.
#include "../common/unit_server.h"
#include "../common/yonezawa_dataset.h"
#include "KazeiJohoShokaiSoap11Binding.nsmap"
#include "soapH.h"

namespace renkei::examples {
namespace {

juminzei__KazeiJoho* toKazeiJoho(struct soap* soap, const KazeiRecord& r) {
  auto* k = soap_new_juminzei__KazeiJoho(soap);
  k->AtenaNo = r.atena_no;
  k->Nendo = r.nendo;
  soap_s2cmn__KazeiKubun(soap, std::string(r.kazei_kubun).c_str(), &k->KazeiKubun);
  k->GokeiShotoku = r.gokei_shotoku;
  k->KazeiHyojunGaku = r.kazei_hyojun_gaku;
  k->ShotokuWari = r.shotoku_wari;
  k->KintouWari = r.kintou_wari;
  k->FuyoNinzu = r.fuyo_ninzu;
  return k;
}

}  // namespace
}  // namespace renkei::examples

using namespace renkei::examples;

int __juminzeisvc__KazeiJohoShokai(struct soap* soap, juminzei__KazeiJohoShokaiRequest* req,
                                   juminzei__KazeiJohoShokaiResponse& resp) {
  if (int rc = beginReply(soap); rc != SOAP_OK) return rc;
  if (req == nullptr) return soap_sender_fault(soap, "KazeiJohoShokaiRequest is missing", nullptr);
  for (const KazeiRecord& r : kazeiRecords()) {
    if (r.atena_no == req->AtenaNo && r.nendo == req->Nendo) {
      resp.KazeiJoho = toKazeiJoho(soap, r);
      break;
    }
  }
  if (unitOptions().invalid_response) {
    // 年度 must be four digits starting 19 or 20: this answer breaks the schema on purpose.
    if (resp.KazeiJoho == nullptr) resp.KazeiJoho = toKazeiJoho(soap, kazeiRecords().front());
    resp.KazeiJoho->Nendo = "令和6年度";
  }
  resp.ResultCount = resp.KazeiJoho != nullptr ? 1 : 0;
  return SOAP_OK;
}

// The SOAP 1.2 binding's copy; gSOAP dispatches both versions to the function above.
int __juminzeisvc__KazeiJohoShokai_(struct soap* soap, juminzei__KazeiJohoShokaiRequest* req,
                                    juminzei__KazeiJohoShokaiResponse& resp) {
  return __juminzeisvc__KazeiJohoShokai(soap, req, resp);
}

int main(int argc, char** argv) {
  const UnitDescription unit{"unit_juminzei", "062022/juminzei", "個人住民税 (062022/juminzei)",
                             "KazeiJohoShokai v1", 9103};
  bool help = false;
  auto options = parseUnitOptions(argc, argv, unit, help);
  if (!options) return help ? 0 : 1;
  return runUnitServer(*options);
}
