// 副本登録 (FukuhonToroku, from business units through the broker) and 情報提供 (NetJohoTeikyo,
// from the network side) on gSOAP's generated types: each turns the request into the plain types
// of fukuhon_store.h / provision_service.h and the outcome back.
#include <cstdio>
#include <ctime>
#include <string>

#include "adapters/mynumber/gateway.h"
#include "adapters/mynumber/jst_time.h"
#include "adapters/mynumber/network_listener.h"
#include "adapters/mynumber/network_tls.h"
#include "broker/core/fault_code.h"
#include "broker/core/my_number.h"
#include "broker/mynumber/personal_number.h"
#include "soapH.h"
#include "unit_server.h"

namespace renkei::mynumber {
namespace {

FukuhonEntry toEntry(struct soap* soap, const mng__Fukuhon& fukuhon) {
  FukuhonEntry entry;
  entry.record_no = fukuhon.RecordNo;
  entry.atena_no = fukuhon.AtenaNo;
  entry.item = fukuhon.TokuteiKojinJohoMeiCode;
  if (fukuhon.__union_Fukuhon == SOAP_UNION__mng__union_Fukuhon_FukaijiCode) {
    entry.fukaiji_code = soap_mng__FukaijiCode2s(soap, fukuhon.union_Fukuhon.FukaijiCode);
  } else if (fukuhon.union_Fukuhon.TeikyoJoho != nullptr) {
    for (const mng__Koumoku* k : fukuhon.union_Fukuhon.TeikyoJoho->Koumoku) {
      if (k != nullptr) entry.values.emplace_back(k->KoumokuMei, k->Atai);
    }
  }
  return entry;
}

// Where in the batch a 個人番号 is, if any: a 副本 names people by 宛名番号 only. The broker's
// guard refuses such a batch before it gets here; this holds when the gateway is reached
// without it (a configuration without <mynumber>).
std::string personalNumberIn(const std::vector<FukuhonEntry>& entries) {
  for (const FukuhonEntry& e : entries) {
    const std::string where = "Fukuhon RecordNo " + std::to_string(e.record_no);
    if (!findPersonalNumbers(e.atena_no).empty()) return where + " AtenaNo";
    for (const auto& [name, value] : e.values) {
      if (!findPersonalNumbers(name).empty() || !findPersonalNumbers(value).empty())
        return where + " Koumoku " + name;
    }
  }
  return {};
}

// A batch that came as a 通知 has no one to read its answer: the entries not kept are named in
// the gateway's log (record numbers only) for the operator.
void logUnkept(const std::string& batch_id, const std::vector<EntryResult>& results) {
  std::string unkept;
  for (const EntryResult& r : results) {
    if (r.outcome == EntryOutcome::kNoFugo || r.outcome == EntryOutcome::kResentDifferently)
      unkept += " " + std::to_string(r.record_no) + "=" + outcomeName(r.outcome);
  }
  if (unkept.empty()) return;
  std::fprintf(stderr, "renkei-mynumber-gateway: 副本 batch %s: not kept:%s\n",
               renkei::maskMyNumbers(batch_id).c_str(), unkept.c_str());
}

mnn__TokuteiKojinJohoKekka* toNetKekka(struct soap* soap, const ItemAnswer& item) {
  auto* kekka = soap_new_mnn__TokuteiKojinJohoKekka(soap);
  kekka->TokuteiKojinJohoMeiCode = item.item;
  if (!item.provided()) {
    kekka->__union_TokuteiKojinJohoKekka = SOAP_UNION__mnn__union_TokuteiKojinJohoKekka_FukaijiCode;
    mnn__FukaijiCode code = mnn__FukaijiCode__F05;
    soap_s2mnn__FukaijiCode(soap, item.fukaiji_code.c_str(), &code);
    kekka->union_TokuteiKojinJohoKekka.FukaijiCode = code;
    return kekka;
  }
  kekka->__union_TokuteiKojinJohoKekka = SOAP_UNION__mnn__union_TokuteiKojinJohoKekka_TeikyoJoho;
  auto* joho = soap_new__mnn__TokuteiKojinJohoKekka_TeikyoJoho(soap);
  for (const auto& [name, value] : item.values) {
    auto* koumoku = soap_new_mnn__Koumoku(soap);
    koumoku->KoumokuMei = name;
    koumoku->Atai = value;
    joho->Koumoku.push_back(koumoku);
  }
  kekka->union_TokuteiKojinJohoKekka.TeikyoJoho = joho;
  return kekka;
}

}  // namespace
}  // namespace renkei::mynumber

using namespace renkei::mynumber;

int __mngsvc__FukuhonToroku(struct soap* soap, _mng__FukuhonTorokuRequest* req,
                            _mng__FukuhonTorokuResponse& resp) {
  if (int rc = renkei::examples::beginReply(soap); rc != SOAP_OK) return rc;
  if (req == nullptr) return soap_sender_fault(soap, "FukuhonTorokuRequest is missing", nullptr);
  std::vector<FukuhonEntry> entries;
  for (const mng__Fukuhon* fukuhon : req->Fukuhon) {
    if (fukuhon != nullptr) entries.push_back(toEntry(soap, *fukuhon));
  }
  if (const std::string where = personalNumberIn(entries); !where.empty()) {
    return platformFault(
        soap, std::string(faultSpec(renkei::FaultCode::kPersonalNumberExposed).name),
        "a 個人番号 in " + where + " of batch " + req->BatchId +
            ": a 副本 names people by 宛名番号, never by 個人番号; nothing of the batch was kept");
  }
  std::vector<EntryResult> results;
  try {
    GatewayStore& store = *gateway().store;
    results = gateway().fukuhon->registerBatch(
        req->BatchId, entries,
        [&store](const std::string& atena_no) { return store.fugoOf(atena_no); }, jstDateTimeNow());
  } catch (const std::exception& e) {
    // The batch is one transaction: nothing of it was kept, and the sender re-sends it.
    return platformFault(soap, "Server.Internal",
                         std::string("the 副本 batch could not be kept: ") + e.what());
  }
  resp.BatchId = req->BatchId;
  logUnkept(req->BatchId, results);
  for (const EntryResult& r : results) {
    _mng__FukuhonTorokuResponse_Kekka kekka;
    kekka.RecordNo = static_cast<int>(r.record_no);
    soap_s2_mng__FukuhonTorokuResponse_Kekka_Kekka(soap, outcomeName(r.outcome), &kekka.Kekka);
    if (r.version > 0) {
      kekka.Version = static_cast<int*>(soap_malloc(soap, sizeof(int)));
      *kekka.Version = static_cast<int>(r.version);
    }
    resp.Kekka.push_back(kekka);
  }
  return SOAP_OK;
}

int __mngsvc__FukuhonToroku_(struct soap* soap, _mng__FukuhonTorokuRequest* req,
                             _mng__FukuhonTorokuResponse& resp) {
  return __mngsvc__FukuhonToroku(soap, req, resp);
}

// Served to the network side directly, not through the broker (the network is no unit of it):
// no platform header. The refusal is a plain SOAP fault whose text starts with the platform code.
int __mnnsvc__NetJohoTeikyo(struct soap* soap, _mnn__NetJohoTeikyoRequest* req,
                            _mnn__NetJohoTeikyoResponse& resp) {
  if (req == nullptr) return soap_sender_fault(soap, "NetJohoTeikyoRequest is missing", nullptr);
  if (req->TeikyoshaCode != gateway().kikan_code) {
    const std::string reason = "this gateway provides as " + gateway().kikan_code + ", not " +
                               renkei::maskMyNumbers(req->TeikyoshaCode);
    return soap_sender_fault(soap, soap_strdup(soap, reason.c_str()), nullptr);
  }
  ProvisionRequest request;
  request.shokai_no = req->ShokaiNo;
  request.requester = req->ShokaishaCode;
  request.jimu_code = req->JimuCode;
  request.jimu_tetsuzuki = req->JimuTetsuzukiCode;
  request.fugo = req->Fugo;
  request.items = req->TokuteiKojinJohoMeiCode;
  if (req->ShokaiJoken != nullptr) {
    if (req->ShokaiJoken->TaishoNendo) request.joken.taisho_nendo = *req->ShokaiJoken->TaishoNendo;
    if (req->ShokaiJoken->KijunDate) request.joken.kijun_date = *req->ShokaiJoken->KijunDate;
  }
  // With mutual TLS, only the network, through its listener and with its certificate, is
  // provided to; another caller is refused and the attempt recorded against the person.
  std::string refusal_code;
  std::string why;
  if (!gateway().network_peer.empty()) {
    if (!fromNetworkListener(soap)) {
      refusal_code = faultSpec(renkei::FaultCode::kUnauthenticated).name;
      why =
          "情報提供 is answered to the network side only, on its TLS listener with a client "
          "certificate; this request came to the unit port without one";
    } else if (!peerCertificateNames(soap, gateway().network_peer, why)) {
      refusal_code = faultSpec(renkei::FaultCode::kCertificateRejected).name;
      why += " (the network is " + gateway().network_peer + "); nothing was provided";
    }
  }
  ProvisionOutcome outcome;
  try {
    if (!refusal_code.empty()) {
      std::fprintf(stderr, "renkei-mynumber-gateway: NetJohoTeikyo from %s refused: %s: %s\n",
                   soap->host, refusal_code.c_str(), renkei::maskMyNumbers(why).c_str());
    }
    outcome = refusal_code.empty() ? gateway().provisions->provide(request)
                                   : gateway().provisions->refuse(request, refusal_code, why);
  } catch (const std::exception& e) {
    // Nothing is provided that is not recorded.
    const std::string reason =
        "Server.Internal: the 情報提供等記録 could not be kept: " + renkei::maskMyNumbers(e.what());
    return soap_receiver_fault(soap, soap_strdup(soap, reason.c_str()), nullptr);
  }
  if (!outcome.refusal_code.empty()) {
    const std::string reason =
        outcome.refusal_code + ": " + renkei::maskMyNumbers(outcome.refusal_reason);
    return soap_sender_fault(soap, soap_strdup(soap, reason.c_str()), nullptr);
  }
  resp.ShokaiNo = req->ShokaiNo;
  resp.TeikyoDateTime = std::time(nullptr);
  for (const ItemAnswer& item : outcome.items) resp.Kekka.push_back(toNetKekka(soap, item));
  return SOAP_OK;
}
