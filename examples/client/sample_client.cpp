// renkei_sample_client: calls one of the sample unit services through the Renkei broker (or
// directly at a unit) with a gSOAP client generated from wsdl/*.wsdl, and prints the answer.
// Exit codes: 0 answer, 2 SOAP fault, 1 usage or transport error.
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>

#include "../common/soap_version.h"
#include "../common/uuid.h"
#include "IdoJohoShokaiSoap11Binding.nsmap"
#include "soapH.h"

namespace {

struct ClientOptions {
  std::string broker = "http://127.0.0.1:8080/services";
  std::string service;
  std::string sender;
  std::string receiver;
  std::string purpose;
  std::string atena;
  std::string kana;        // IdoJohoShokai by name
  std::string birth;       // IdoJohoShokai by name
  std::string kijun_date;  // default: today
  std::string nendo = "2024";
  std::string user_id;
  std::string case_reference;
  bool soap12 = false;
  int timeout_s = 30;
};

void usage(std::FILE* out) {
  std::fputs(
      "usage: renkei_sample_client --service IdoJohoShokai|ShikakuJohoShokai|KazeiJohoShokai\n"
      "         --sender UNIT --receiver UNIT --purpose CODE\n"
      "         (--atena NNNNNNNNNNNNNNN | --kana 'ウエスギ　タロウ' --birth YYYY-MM-DD)\n"
      "         [--broker URL] [--kijun-date YYYY-MM-DD] [--nendo YYYY] [--user ID]\n"
      "         [--case REF] [--soap12] [--timeout SECONDS] [--help]\n"
      "\n"
      "Sends the request to <broker>/<service> (default broker http://127.0.0.1:8080/services)\n"
      "with a platform header, and prints the answer. Exit 0 on an answer, 2 on a SOAP fault,\n"
      "1 on a usage or transport error. --kana/--birth only apply to IdoJohoShokai.\n",
      out);
}

bool parse(int argc, char** argv, ClientOptions& o, bool& help) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto next = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    std::string t;
    if (a == "--help" || a == "-h") {
      help = true;
      return false;
    } else if (a == "--broker" && next(o.broker)) {
    } else if (a == "--service" && next(o.service)) {
    } else if (a == "--sender" && next(o.sender)) {
    } else if (a == "--receiver" && next(o.receiver)) {
    } else if (a == "--purpose" && next(o.purpose)) {
    } else if (a == "--atena" && next(o.atena)) {
    } else if (a == "--kana" && next(o.kana)) {
    } else if (a == "--birth" && next(o.birth)) {
    } else if (a == "--kijun-date" && next(o.kijun_date)) {
    } else if (a == "--nendo" && next(o.nendo)) {
    } else if (a == "--user" && next(o.user_id)) {
    } else if (a == "--case" && next(o.case_reference)) {
    } else if (a == "--soap12")
      o.soap12 = true;
    else if (a == "--timeout" && next(t))
      o.timeout_s = std::atoi(t.c_str());
    else {
      std::fprintf(stderr, "renkei_sample_client: bad argument '%s'\n", argv[i]);
      return false;
    }
  }
  bool by_name = !o.kana.empty() && !o.birth.empty() && o.service == "IdoJohoShokai";
  if (o.service.empty() || o.sender.empty() || o.receiver.empty() || o.purpose.empty() ||
      (o.atena.empty() && !by_name) || o.timeout_s <= 0) {
    std::fputs("renkei_sample_client: missing or invalid arguments\n", stderr);
    return false;
  }
  return true;
}

std::string today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[11];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return buf;
}

std::string* newString(struct soap* soap, const std::string& v) {
  if (v.empty()) return nullptr;
  auto* s = soap_new_std__string(soap);
  *s = v;
  return s;
}

void setRequestHeader(struct soap* soap, const ClientOptions& o) {
  auto* h = soap_new_hdr__PlatformHeader(soap);
  h->MessageId = renkei::examples::newUuid();
  h->Sender = o.sender;
  h->Receiver = o.receiver;
  h->ServiceName = o.service;
  h->ServiceVersion = "1";
  h->PurposeCode = o.purpose;
  h->UserId = newString(soap, o.user_id);
  h->CaseReference = newString(soap, o.case_reference);
  h->Timestamp = std::time(nullptr);
  h->ProtocolVersion = "1.0";
  soap->header = soap_new_SOAP_ENV__Header(soap);
  soap->header->hdr__PlatformHeader_ = h;
}

void printReplyHeader(struct soap* soap) {
  if (soap->header == nullptr || soap->header->hdr__PlatformHeader_ == nullptr) return;
  const hdr__PlatformHeader* h = soap->header->hdr__PlatformHeader_;
  std::printf("Reply %s from %s (correlation %s).\n", h->MessageId.c_str(), h->Sender.c_str(),
              h->CorrelationId != nullptr ? h->CorrelationId->c_str() : "-");
}

const char* seibetsu(enum cmn__Seibetsu v) {
  switch (v) {
    case cmn__Seibetsu__1:
      return "男";
    case cmn__Seibetsu__2:
      return "女";
    default:
      return "不明";
  }
}

int callIdoJohoShokai(struct soap* soap, const char* endpoint, const ClientOptions& o) {
  juki__IdoJohoShokaiRequest req;
  req.soap_default(soap);
  if (!o.atena.empty()) {
    req.AtenaNo = newString(soap, o.atena);
  } else {
    req.KanaShimei = newString(soap, o.kana);
    req.SeinenGappi = newString(soap, o.birth);
  }
  req.KijunDate = newString(soap, o.kijun_date);
  juki__IdoJohoShokaiResponse resp;
  if (soap_call___jukisvc__IdoJohoShokai(soap, endpoint, nullptr, &req, resp) != SOAP_OK)
    return soap->error;
  printReplyHeader(soap);
  std::printf("異動情報回答: %d 件.", resp.ResultCount);
  for (const juki__Jumin* j : resp.Jumin) {
    if (j == nullptr) continue;
    std::printf(
        " 宛名番号 %s: %s (%s), 生年月日 %s, 性別 %s, 続柄 %s, 世帯番号 %s, 住所 %s%s%s%s%s,"
        " 異動事由 %s (%s).",
        j->AtenaNo.c_str(), j->Shimei.c_str(), j->KanaShimei.c_str(), j->SeinenGappi.c_str(),
        seibetsu(j->Seibetsu), j->Zokugara.c_str(), j->SetaiNo.c_str(),
        j->Jusho ? j->Jusho->Todofuken.c_str() : "", j->Jusho ? j->Jusho->Shikuchoson.c_str() : "",
        j->Jusho ? j->Jusho->Banchi.c_str() : "", j->Jusho && j->Jusho->Katagaki ? " " : "",
        j->Jusho && j->Jusho->Katagaki ? j->Jusho->Katagaki->c_str() : "",
        soap_cmn__IdoJiyuCode2s(soap, j->IdoJiyu), j->IdoDate.c_str());
  }
  std::printf("\n");
  return SOAP_OK;
}

int callShikakuJohoShokai(struct soap* soap, const char* endpoint, const ClientOptions& o) {
  kokuho__ShikakuJohoShokaiRequest req;
  req.soap_default(soap);
  req.AtenaNo = o.atena;
  req.KijunDate = o.kijun_date.empty() ? today() : o.kijun_date;
  kokuho__ShikakuJohoShokaiResponse resp;
  if (soap_call___kokuhosvc__ShikakuJohoShokai(soap, endpoint, nullptr, &req, resp) != SOAP_OK)
    return soap->error;
  printReplyHeader(soap);
  std::printf("資格情報回答 (基準日 %s): %d 件.", req.KijunDate.c_str(), resp.ResultCount);
  for (const kokuho__Shikaku* s : resp.Shikaku) {
    if (s == nullptr) continue;
    std::printf(
        " 宛名番号 %s: 保険者番号 %s, 記号 %s 番号 %s, 資格取得 %s, 資格喪失 %s, %s,"
        " 世帯番号 %s.",
        s->AtenaNo.c_str(), s->HokenshaBango.c_str(), s->HihokenshaKigo.c_str(),
        s->HihokenshaBango.c_str(), s->ShikakuShutokuDate.c_str(),
        s->ShikakuSoshitsuDate ? s->ShikakuSoshitsuDate->c_str() : "なし (資格継続中)",
        s->Setainushi ? "世帯主" : "世帯員", s->SetaiNo.c_str());
  }
  std::printf("\n");
  return SOAP_OK;
}

int callKazeiJohoShokai(struct soap* soap, const char* endpoint, const ClientOptions& o) {
  juminzei__KazeiJohoShokaiRequest req;
  req.soap_default(soap);
  req.AtenaNo = o.atena;
  req.Nendo = o.nendo;
  juminzei__KazeiJohoShokaiResponse resp;
  if (soap_call___juminzeisvc__KazeiJohoShokai(soap, endpoint, nullptr, &req, resp) != SOAP_OK)
    return soap->error;
  printReplyHeader(soap);
  std::printf("課税情報回答 (%s年度): %d 件.", req.Nendo.c_str(), resp.ResultCount);
  if (const juminzei__KazeiJoho* k = resp.KazeiJoho) {
    static const char* kKubun[] = {"", "課税", "均等割のみ課税", "非課税", "未申告"};
    int kubun = static_cast<int>(k->KazeiKubun);
    std::printf(
        " 宛名番号 %s: 課税区分 %s, 合計所得金額 %lld円, 課税標準額 %lld円, 所得割額 %lld円,"
        " 均等割額 %lld円, 扶養親族 %d人.",
        k->AtenaNo.c_str(), kubun >= 1 && kubun <= 4 ? kKubun[kubun] : "?",
        static_cast<long long>(k->GokeiShotoku), static_cast<long long>(k->KazeiHyojunGaku),
        static_cast<long long>(k->ShotokuWari), static_cast<long long>(k->KintouWari),
        k->FuyoNinzu);
  }
  std::printf("\n");
  return SOAP_OK;
}

// Prints the platform error code (from the FaultDetail the broker adds) or the SOAP fault code.
void printFault(struct soap* soap) {
  const flt__FaultDetail* detail = nullptr;
  if (soap->fault != nullptr) {
    if (soap->fault->detail != nullptr) detail = soap->fault->detail->flt__FaultDetail_;
    if (detail == nullptr && soap->fault->SOAP_ENV__Detail != nullptr)
      detail = soap->fault->SOAP_ENV__Detail->flt__FaultDetail_;
  }
  const char* reason = soap_fault_string(soap);
  if (detail != nullptr) {
    std::printf("SOAP fault %s: %s", detail->Code.c_str(), detail->Reason.c_str());
    if (detail->Element != nullptr) std::printf(" (at %s", detail->Element->c_str());
    if (detail->Element != nullptr && detail->Line != nullptr)
      std::printf(", line %d", *detail->Line);
    if (detail->Element != nullptr) std::printf(")");
    if (detail->MessageId != nullptr) std::printf(" [message %s]", detail->MessageId->c_str());
    std::printf("\n");
  } else {
    const char* code = soap_fault_subcode(soap);
    if (code == nullptr) {
      const char** c = soap_faultcode(soap);
      code = c != nullptr ? *c : nullptr;
    }
    std::printf("SOAP fault %s: %s\n", code ? code : "?", reason ? reason : "");
  }
}

}  // namespace

int main(int argc, char** argv) {
  ClientOptions o;
  bool help = false;
  if (!parse(argc, argv, o, help)) {
    usage(help ? stdout : stderr);
    return help ? 0 : 1;
  }
  std::string endpoint = o.broker;
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  endpoint += "/" + o.service;

  struct soap* soap = soap_new1(SOAP_C_UTFSTRING | SOAP_XML_INDENT);
  const int version = o.soap12 ? 2 : 1;
  soap_set_namespaces(soap, renkei::examples::namespacesForVersion(namespaces, version));
  soap->connect_timeout = o.timeout_s;
  soap->send_timeout = o.timeout_s;
  soap->recv_timeout = o.timeout_s;
  setRequestHeader(soap, o);

  int rc;
  if (o.service == "IdoJohoShokai") {
    rc = callIdoJohoShokai(soap, endpoint.c_str(), o);
  } else if (o.service == "ShikakuJohoShokai") {
    rc = callShikakuJohoShokai(soap, endpoint.c_str(), o);
  } else if (o.service == "KazeiJohoShokai") {
    rc = callKazeiJohoShokai(soap, endpoint.c_str(), o);
  } else {
    std::fprintf(stderr, "renkei_sample_client: unknown service '%s'\n", o.service.c_str());
    usage(stderr);
    rc = -1;
  }

  int exit_code = 0;
  if (rc == -1) {
    exit_code = 1;
  } else if (rc == SOAP_FAULT) {
    printFault(soap);
    exit_code = 2;
  } else if (rc != SOAP_OK) {
    std::fprintf(stderr, "renkei_sample_client: transport error calling %s: ", endpoint.c_str());
    soap_print_fault(soap, stderr);
    exit_code = 1;
  }
  soap_destroy(soap);
  soap_end(soap);
  soap_free(soap);
  return exit_code;
}
