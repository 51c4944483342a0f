#include "adapters/mynumber/network_client.h"

#include <chrono>
#include <memory>

#include "adapters/mynumber/jst_time.h"
#include "soapH.h"

namespace renkei::mynumber {
namespace {

// A client context for one call, freed with everything it allocated.
struct CallContext {
  explicit CallContext(const NetworkEndpoint& network)
      : soap(soap_new1(SOAP_C_UTFSTRING | SOAP_XML_STRICT)) {
    // Negative values are microseconds in gSOAP.
    const int usec = -network.timeout_ms * 1000;
    soap->connect_timeout = usec;
    soap->send_timeout = usec;
    soap->recv_timeout = usec;
    soap->transfer_timeout = usec;
    if (network.tls.enabled()) tls_error = useClientTls(soap, network.tls);
  }
  ~CallContext() {
    soap_destroy(soap);
    soap_end(soap);
    soap_free(soap);
  }
  std::string error() const {
    if (!tls_error.empty()) return "network TLS: " + tls_error;
    if (soap->error == SOAP_SSL_ERROR) {
      return "the network side's TLS handshake failed (its certificate not accepted, or ours "
             "not): " +
             tlsFailure(soap);
    }
    if (soap->error == SOAP_EOF || soap->errnum == ETIMEDOUT || soap->errnum == EAGAIN) {
      return "the network side did not answer in time";
    }
    const char* fault = *soap_faultstring(soap);
    return std::string("the network side failed: ") + (fault != nullptr ? fault : "no detail") +
           " (gSOAP error " + std::to_string(soap->error) + ")";
  }
  struct soap* soap;
  std::string tls_error;  // the TLS context could not be made: nothing is sent
};

const char* fukaijiName(mnn__FukaijiCode code) {
  switch (code) {
    case mnn__FukaijiCode__F01:
      return "F01";
    case mnn__FukaijiCode__F02:
      return "F02";
    case mnn__FukaijiCode__F03:
      return "F03";
    case mnn__FukaijiCode__F04:
      return "F04";
    case mnn__FukaijiCode__F05:
      return "F05";
  }
  return "F05";
}

}  // namespace

NetworkAnswer askNetwork(const NetworkEndpoint& network, const InquiryRequest& request,
                         const std::string& fugo, const std::string& shokai_no) {
  CallContext call(network);
  _mnn__NetJohoShokaiRequest req;
  req.ShokaiNo = shokai_no;
  req.ShokaishaCode = request.requester;
  req.TeikyoshaCode = request.provider;
  req.JimuCode = request.jimu_code;
  req.JimuTetsuzukiCode = request.jimu_tetsuzuki;
  req.Fugo = fugo;
  req.TokuteiKojinJohoMeiCode = request.items;
  mnn__ShokaiJoken joken;
  if (!request.taisho_nendo.empty() || !request.kijun_date.empty()) {
    if (!request.taisho_nendo.empty()) {
      joken.TaishoNendo = soap_new_std__string(call.soap);
      *joken.TaishoNendo = request.taisho_nendo;
    }
    if (!request.kijun_date.empty()) {
      joken.KijunDate = soap_new_std__string(call.soap);
      *joken.KijunDate = request.kijun_date;
    }
    req.ShokaiJoken = &joken;
  }
  _mnn__NetJohoShokaiResponse resp;
  NetworkAnswer answer;
  if (!call.tls_error.empty() ||
      soap_call___mnnsvc__NetJohoShokai(call.soap, network.url.c_str(), nullptr, &req, resp) !=
          SOAP_OK) {
    answer.error = call.error();
    return answer;
  }
  answer.answered = true;
  answer.provided_at = jstDateTimeOf(std::chrono::system_clock::from_time_t(resp.TeikyoDateTime));
  for (const mnn__TokuteiKojinJohoKekka* kekka : resp.Kekka) {
    if (kekka == nullptr) continue;
    ItemAnswer item;
    item.item = kekka->TokuteiKojinJohoMeiCode;
    if (kekka->__union_TokuteiKojinJohoKekka ==
            SOAP_UNION__mnn__union_TokuteiKojinJohoKekka_TeikyoJoho &&
        kekka->union_TokuteiKojinJohoKekka.TeikyoJoho != nullptr) {
      for (const mnn__Koumoku* k : kekka->union_TokuteiKojinJohoKekka.TeikyoJoho->Koumoku) {
        if (k != nullptr) item.values.emplace_back(k->KoumokuMei, k->Atai);
      }
    } else {
      item.fukaiji_code = fukaijiName(kekka->union_TokuteiKojinJohoKekka.FukaijiCode);
    }
    answer.items.push_back(std::move(item));
  }
  return answer;
}

std::optional<std::string> obtainFugo(const NetworkEndpoint& network, const std::string& kikan,
                                      const std::string& juminhyo_code, std::string& error) {
  CallContext call(network);
  _mnn__NetFugoHakkoRequest req;
  req.KikanCode = kikan;
  req.JuminhyoCode = juminhyo_code;
  _mnn__NetFugoHakkoResponse resp;
  if (!call.tls_error.empty() || soap_call___mnnsvc__NetFugoHakko(call.soap, network.url.c_str(),
                                                                  nullptr, &req, resp) != SOAP_OK) {
    error = call.error();
    return std::nullopt;
  }
  return resp.Fugo;
}

}  // namespace renkei::mynumber
