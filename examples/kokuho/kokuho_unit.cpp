// unit_kokuho: sample 国民健康保険 unit (062022/kokuho). Serves ShikakuJohoShokai (資格情報照会)
// from wsdl/kokuho.wsdl.
#include "../common/soap_strings.h"
#include "../common/unit_server.h"
#include "../common/yonezawa_dataset.h"
#include "ShikakuJohoShokaiSoap11Binding.nsmap"
#include "soapH.h"

namespace renkei::examples {
namespace {

kokuho__Shikaku* toShikaku(struct soap* soap, const KokuhoShikakuRecord& r) {
  auto* s = soap_new_kokuho__Shikaku(soap);
  s->AtenaNo = r.atena_no;
  s->HokenshaBango = r.hokensha_bango;
  s->HihokenshaKigo = r.kigo;
  s->HihokenshaBango = r.bango;
  s->ShikakuShutokuDate = r.shutoku_date;
  s->ShikakuSoshitsuDate = optionalString(soap, r.soshitsu_date);
  s->Setainushi = r.setainushi;
  s->SetaiNo = r.setai_no;
  s->IchibuFutanWariai = soap_new_int(soap);
  *s->IchibuFutanWariai = r.ichibu_futan_wariai;
  return s;
}

}  // namespace
}  // namespace renkei::examples

using namespace renkei::examples;

int __kokuhosvc__ShikakuJohoShokai(struct soap* soap, kokuho__ShikakuJohoShokaiRequest* req,
                                   kokuho__ShikakuJohoShokaiResponse& resp) {
  if (int rc = beginReply(soap); rc != SOAP_OK) return rc;
  if (req == nullptr)
    return soap_sender_fault(soap, "ShikakuJohoShokaiRequest is missing", nullptr);
  // Every qualification acquired on or before the 基準日, current or already lost.
  for (const KokuhoShikakuRecord& r : kokuhoRecords()) {
    if (r.atena_no == req->AtenaNo && std::string(r.shutoku_date) <= req->KijunDate)
      resp.Shikaku.push_back(toShikaku(soap, r));
  }
  if (unitOptions().invalid_response) {
    // 被保険者証番号 is digits only: this answer breaks the response schema on purpose.
    if (resp.Shikaku.empty()) resp.Shikaku.push_back(toShikaku(soap, kokuhoRecords().front()));
    resp.Shikaku.front()->HihokenshaBango = "NO-SUCH-NUMBER";
  }
  resp.ResultCount = static_cast<int>(resp.Shikaku.size());
  return SOAP_OK;
}

// The SOAP 1.2 binding's copy; gSOAP dispatches both versions to the function above.
int __kokuhosvc__ShikakuJohoShokai_(struct soap* soap, kokuho__ShikakuJohoShokaiRequest* req,
                                    kokuho__ShikakuJohoShokaiResponse& resp) {
  return __kokuhosvc__ShikakuJohoShokai(soap, req, resp);
}

int main(int argc, char** argv) {
  const UnitDescription unit{"unit_kokuho", "062022/kokuho", "国民健康保険 (062022/kokuho)",
                             "ShikakuJohoShokai v1", 9102};
  bool help = false;
  auto options = parseUnitOptions(argc, argv, unit, help);
  if (!options) return help ? 0 : 1;
  return runUnitServer(*options);
}
