// The gateway's service operations (wsdl/mynumber-gateway.wsdl; 副本登録 and 情報提供 are in
// fukuhon_soap.cpp) on gSOAP's generated types:
// each turns the request into the plain types of inquiry.h / gateway_store.h and the outcome
// back; the platform header is handled by the shared unit server (beginReply). Refusals are
// SOAP faults carrying flt:FaultDetail with the platform code, as the broker's own are.
#include <string>

#include "adapters/mynumber/gateway.h"
#include "adapters/mynumber/jst_time.h"
#include "broker/core/fault_code.h"
#include "broker/core/my_number.h"
#include "soapH.h"
#include "unit_server.h"

namespace renkei::mynumber {
namespace {

std::unique_ptr<Gateway> g_gateway;

std::string senderOf(struct soap* soap) {
  if (soap->header == nullptr || soap->header->hdr__PlatformHeader_ == nullptr) return {};
  return soap->header->hdr__PlatformHeader_->Sender;
}

mng__TokuteiKojinJohoKekka* toKekka(struct soap* soap, const ItemAnswer& item) {
  auto* kekka = soap_new_mng__TokuteiKojinJohoKekka(soap);
  kekka->TokuteiKojinJohoMeiCode = item.item;
  if (!item.provided()) {
    kekka->__union_TokuteiKojinJohoKekka = SOAP_UNION__mng__union_TokuteiKojinJohoKekka_FukaijiCode;
    mng__FukaijiCode code = mng__FukaijiCode__F05;
    soap_s2mng__FukaijiCode(soap, item.fukaiji_code.c_str(), &code);
    kekka->union_TokuteiKojinJohoKekka.FukaijiCode = code;
    return kekka;
  }
  kekka->__union_TokuteiKojinJohoKekka = SOAP_UNION__mng__union_TokuteiKojinJohoKekka_TeikyoJoho;
  auto* joho = soap_new__mng__TokuteiKojinJohoKekka_TeikyoJoho(soap);
  for (const auto& [name, value] : item.values) {
    auto* koumoku = soap_new_mng__Koumoku(soap);
    koumoku->KoumokuMei = name;
    koumoku->Atai = value;
    joho->Koumoku.push_back(koumoku);
  }
  kekka->union_TokuteiKojinJohoKekka.TeikyoJoho = joho;
  return kekka;
}

}  // namespace

Gateway& gateway() { return *g_gateway; }

// gSOAP keeps the fault string's pointer until the fault is sent: copied into its memory.
int platformFault(struct soap* soap, const std::string& code, const std::string& reason) {
  const std::string masked = maskMyNumbers(reason);
  if (code.rfind("Server.", 0) == 0) {
    soap_receiver_fault(soap, soap_strdup(soap, masked.c_str()), nullptr);
  } else {
    soap_sender_fault(soap, soap_strdup(soap, masked.c_str()), nullptr);
  }
  auto* detail = soap_new_flt__FaultDetail(soap);
  detail->Code = code;
  detail->Reason = masked;
  auto* wrapper = soap_new_SOAP_ENV__Detail(soap);
  wrapper->flt__FaultDetail_ = detail;
  if (soap->version == 2) {
    soap->fault->SOAP_ENV__Detail = wrapper;
  } else {
    soap->fault->detail = wrapper;
  }
  return SOAP_FAULT;
}

void useGateway(std::unique_ptr<Gateway> gateway) { g_gateway = std::move(gateway); }

}  // namespace renkei::mynumber

using namespace renkei::mynumber;

int __mngsvc__JohoShokai(struct soap* soap, _mng__JohoShokaiRequest* req,
                         _mng__JohoShokaiResponse& resp) {
  const std::string unit = senderOf(soap);  // before beginReply turns the header around
  if (int rc = renkei::examples::beginReply(soap); rc != SOAP_OK) return rc;
  if (req == nullptr) return soap_sender_fault(soap, "JohoShokaiRequest is missing", nullptr);
  InquiryRequest request;
  request.unit = unit;
  request.requester = gateway().kikan_code;
  request.provider = req->TeikyoshaCode;
  request.jimu_code = req->JimuCode;
  request.jimu_tetsuzuki = req->JimuTetsuzukiCode;
  request.atena_no = req->AtenaNo;
  request.items = req->TokuteiKojinJohoMeiCode;
  if (req->ShokaiJoken != nullptr) {
    if (req->ShokaiJoken->TaishoNendo) request.taisho_nendo = *req->ShokaiJoken->TaishoNendo;
    if (req->ShokaiJoken->KijunDate) request.kijun_date = *req->ShokaiJoken->KijunDate;
  }
  InquiryOutcome outcome;
  try {
    outcome = gateway().inquiries->inquire(request);
  } catch (const std::exception& e) {
    // Nothing is answered that is not recorded: without its record, the 照会 fails.
    return platformFault(soap, "Server.Internal",
                         std::string("the 情報提供等記録 could not be kept: ") + e.what());
  }
  if (!outcome.refusal_code.empty()) {
    return platformFault(soap, outcome.refusal_code, outcome.refusal_reason);
  }
  resp.ShokaiNo = outcome.record.record_id;
  for (const ItemAnswer& item : outcome.items) resp.Kekka.push_back(toKekka(soap, item));
  return SOAP_OK;
}

int __mngsvc__JohoShokai_(struct soap* soap, _mng__JohoShokaiRequest* req,
                          _mng__JohoShokaiResponse& resp) {
  return __mngsvc__JohoShokai(soap, req, resp);
}

int __mngsvc__FugoShutoku(struct soap* soap, _mng__FugoShutokuRequest* req,
                          _mng__FugoShutokuResponse& resp) {
  if (int rc = renkei::examples::beginReply(soap); rc != SOAP_OK) return rc;
  if (req == nullptr) return soap_sender_fault(soap, "FugoShutokuRequest is missing", nullptr);
  resp.AtenaNo = req->AtenaNo;
  try {
    if (gateway().store->fugoOf(req->AtenaNo)) {
      soap_s2_mng__FugoShutokuResponse_Kekka(soap, "登録済", &resp.Kekka);
      return SOAP_OK;
    }
    std::string error;
    const auto fugo = obtainFugo(gateway().network, gateway().kikan_code, req->JuminhyoCode, error);
    if (!fugo)
      return platformFault(
          soap, std::string(faultSpec(renkei::FaultCode::kNetworkUnavailable).name), error);
    gateway().store->rememberFugo(req->AtenaNo, *fugo, jstDateTimeNow());
  } catch (const std::exception& e) {
    return platformFault(soap, "Server.Internal",
                         std::string("the 符号 could not be kept: ") + e.what());
  }
  soap_s2_mng__FugoShutokuResponse_Kekka(soap, "取得済", &resp.Kekka);
  return SOAP_OK;
}

int __mngsvc__FugoShutoku_(struct soap* soap, _mng__FugoShutokuRequest* req,
                           _mng__FugoShutokuResponse& resp) {
  return __mngsvc__FugoShutoku(soap, req, resp);
}

int __mngsvc__TeikyoKirokuShokai(struct soap* soap, _mng__TeikyoKirokuShokaiRequest* req,
                                 _mng__TeikyoKirokuShokaiResponse& resp) {
  if (int rc = renkei::examples::beginReply(soap); rc != SOAP_OK) return rc;
  if (req == nullptr) {
    return soap_sender_fault(soap, "TeikyoKirokuShokaiRequest is missing", nullptr);
  }
  std::vector<ProvisionRecord> records;
  try {
    records = gateway().store->recordsFor(req->AtenaNo, req->FromDate ? *req->FromDate : "",
                                          req->ToDate ? *req->ToDate : "");
  } catch (const std::exception& e) {
    return platformFault(soap, "Server.Internal",
                         std::string("the 情報提供等記録 could not be read: ") + e.what());
  }
  for (const ProvisionRecord& r : records) {
    _mng__TeikyoKirokuShokaiResponse_Kiroku entry;
    auto* kiroku = &entry;
    kiroku->ShokaiNo = r.record_id;
    kiroku->ShokaishaCode = r.requester;
    kiroku->TeikyoshaCode = r.provider;
    kiroku->JimuCode = r.jimu_code;
    kiroku->TokuteiKojinJohoMeiCode = r.items;
    soap_s2dateTime(soap, r.requested_at.c_str(), &kiroku->ShokaiDateTime);
    if (!r.provided_at.empty()) {
      kiroku->TeikyoDateTime = soap_new_dateTime(soap);
      soap_s2dateTime(soap, r.provided_at.c_str(), kiroku->TeikyoDateTime);
    }
    soap_s2_mng__TeikyoKirokuShokaiResponse_Kiroku_Kekka(soap, resultName(r.result),
                                                         &kiroku->Kekka);
    resp.Kiroku.push_back(std::move(entry));
  }
  return SOAP_OK;
}

int __mngsvc__TeikyoKirokuShokai_(struct soap* soap, _mng__TeikyoKirokuShokaiRequest* req,
                                  _mng__TeikyoKirokuShokaiResponse& resp) {
  return __mngsvc__TeikyoKirokuShokai(soap, req, resp);
}

// The network side's operations come with the generated dispatcher (one gSOAP service from both
// WSDLs); the gateway calls these two and does not serve them (it serves NetJohoTeikyo,
// fukuhon_soap.cpp).
int __mnnsvc__NetJohoShokai(struct soap* soap, _mnn__NetJohoShokaiRequest*,
                            _mnn__NetJohoShokaiResponse&) {
  return soap_sender_fault(soap, "this is the gateway, not the network side", nullptr);
}

int __mnnsvc__NetFugoHakko(struct soap* soap, _mnn__NetFugoHakkoRequest*,
                           _mnn__NetFugoHakkoResponse&) {
  return soap_sender_fault(soap, "this is the gateway, not the network side", nullptr);
}
