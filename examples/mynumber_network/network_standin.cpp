// mynumber_network: a stand-in for the 情報提供ネットワークシステム and one providing institution
// (山形市 062014), serving wsdl/mynumber-network.wsdl so the My Number gateway's whole path runs
// in tests and the demo. It issues 符号 (NetFugoHakko) and answers 情報照会 (NetJohoShokai) for the
// residents in network_dataset.cpp: 提供, 不開示 (F01, F02, F04) and one that never answers in
// time. It refuses, as the real network would, a request naming a person by anything but a 符号 it
// issued to the requesting institution. With --provider CODE=URL it also routes 照会 addressed
// to that institution (the My Number gateway of 米沢市 062022) on to its 中間サーバー: the
// requester's 符号 becomes the provider's 符号 and NetJohoTeikyo asks the gateway, which answers
// from its 副本.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <optional>
#include <string>
#include <thread>

#include "MyNumberNetworkSoap11Binding.nsmap"
#include "adapters/mynumber/network_tls.h"
#include "adapters/mynumber/shokai_joken.h"
#include "fugo.h"
#include "network_dataset.h"
#include "soapH.h"

namespace renkei::examples {
namespace {

struct StandinOptions {
  std::string host = "127.0.0.1";
  int port = 9301;
  std::string key = "renkei-demo-network-key";  // the network's 符号 key (demo only)
  int no_answer_ms = 10000;                     // how long the silent provider stays silent
  std::string provider_code;                    // --provider: an institution served elsewhere
  std::string provider_url;                     // its NetJohoTeikyo endpoint
  // --tls-cert/--tls-key/--tls-ca: serve over TLS requiring a client certificate that chains
  // to the CA, and present the certificate to the provider's gateway (an https URL).
  renkei::mynumber::NetworkTlsFiles tls;
};

StandinOptions g_options;

const char kUsage[] =
    "usage: mynumber_network [--host H] [--port N] [--key SECRET] [--no-answer-ms MS]\n"
    "Stand-in for the My Number network side (wsdl/mynumber-network.wsdl): issues 符号 and\n"
    "answers 情報照会 as 山形市 (062014) from a built-in data set. Loopback only by default.\n"
    "  --port N          listen port (default 9301; 0 picks a free one)\n"
    "  --key SECRET      the network's key for 符号 (default: a fixed demo key)\n"
    "  --no-answer-ms MS how long the provider keeps 住民票コード 45678901234 waiting (10000)\n"
    "  --provider CODE=URL  route 照会 to institution CODE on to its gateway's NetJohoTeikyo\n"
    "  --tls-cert F --tls-key F --tls-ca F  mutual TLS: serve https, require a client\n"
    "                    certificate chaining to the CA, present ours to the provider\n";

std::optional<StandinOptions> parseOptions(int argc, char** argv, bool& help) {
  StandinOptions o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      help = true;
      return std::nullopt;
    } else if (arg == "--host" && (v = value())) {
      o.host = v;
    } else if (arg == "--port" && (v = value())) {
      o.port = std::atoi(v);
    } else if (arg == "--key" && (v = value())) {
      o.key = v;
    } else if (arg == "--no-answer-ms" && (v = value())) {
      o.no_answer_ms = std::atoi(v);
    } else if (arg == "--tls-cert" && (v = value())) {
      o.tls.cert = v;
    } else if (arg == "--tls-key" && (v = value())) {
      o.tls.key = v;
    } else if (arg == "--tls-ca" && (v = value())) {
      o.tls.ca = v;
    } else if (arg == "--provider" && (v = value()) && std::strchr(v, '=') != nullptr) {
      const std::string text = v;
      o.provider_code = text.substr(0, text.find('='));
      o.provider_url = text.substr(text.find('=') + 1);
    } else {
      std::fprintf(stderr, "mynumber_network: unknown or incomplete option '%s'\n%s", arg.c_str(),
                   kUsage);
      return std::nullopt;
    }
  }
  if (o.tls.enabled() && (o.tls.key.empty() || o.tls.ca.empty())) {
    std::fprintf(stderr, "mynumber_network: --tls-cert needs --tls-key and --tls-ca\n");
    return std::nullopt;
  }
  return o;
}

// The resident the requesting institution's 符号 stands for, if the network issued it.
const NetworkResident* residentOf(const std::string& kikan_code, const std::string& fugo) {
  for (const NetworkResident& r : networkResidents()) {
    if (issueFugo(g_options.key, kikan_code, r.juminhyo_code) == fugo) return &r;
  }
  return nullptr;
}

mnn__TokuteiKojinJohoKekka* withheld(struct soap* soap, const std::string& item,
                                     mnn__FukaijiCode code) {
  auto* kekka = soap_new_mnn__TokuteiKojinJohoKekka(soap);
  kekka->TokuteiKojinJohoMeiCode = item;
  kekka->__union_TokuteiKojinJohoKekka = SOAP_UNION__mnn__union_TokuteiKojinJohoKekka_FukaijiCode;
  kekka->union_TokuteiKojinJohoKekka.FukaijiCode = code;
  return kekka;
}

mnn__TokuteiKojinJohoKekka* provided(struct soap* soap, const std::string& item,
                                     const std::vector<ProvidedItem>& values) {
  auto* kekka = soap_new_mnn__TokuteiKojinJohoKekka(soap);
  kekka->TokuteiKojinJohoMeiCode = item;
  kekka->__union_TokuteiKojinJohoKekka = SOAP_UNION__mnn__union_TokuteiKojinJohoKekka_TeikyoJoho;
  auto* joho = soap_new__mnn__TokuteiKojinJohoKekka_TeikyoJoho(soap);
  for (const ProvidedItem& v : values) {
    auto* koumoku = soap_new_mnn__Koumoku(soap);
    koumoku->KoumokuMei = v.koumoku_mei;
    koumoku->Atai = v.atai;
    joho->Koumoku.push_back(koumoku);
  }
  kekka->union_TokuteiKojinJohoKekka.TeikyoJoho = joho;
  return kekka;
}

// The provider's answer, copied into the requester's context (the provider's call context, and
// everything it read, is freed before the requester is answered).
mnn__TokuteiKojinJohoKekka* copyKekka(struct soap* soap, const mnn__TokuteiKojinJohoKekka& from) {
  if (from.__union_TokuteiKojinJohoKekka ==
      SOAP_UNION__mnn__union_TokuteiKojinJohoKekka_FukaijiCode) {
    return withheld(soap, from.TokuteiKojinJohoMeiCode,
                    from.union_TokuteiKojinJohoKekka.FukaijiCode);
  }
  std::vector<ProvidedItem> values;
  if (from.union_TokuteiKojinJohoKekka.TeikyoJoho != nullptr) {
    for (const mnn__Koumoku* k : from.union_TokuteiKojinJohoKekka.TeikyoJoho->Koumoku) {
      if (k != nullptr) values.push_back({k->KoumokuMei, k->Atai});
    }
  }
  return provided(soap, from.TokuteiKojinJohoMeiCode, values);
}

// The provider's 地方税関係情報 for the 照会条件 (the latest 年度 without one), or nullptr when no
// 年度 it holds matches: then it is withheld (F02), never answered with another year's figures.
const std::vector<ProvidedItem>* chihozeiFor(const NetworkResident& resident,
                                             const mnn__ShokaiJoken* condition) {
  if (resident.chihozei.empty()) return nullptr;
  if (condition == nullptr) return &resident.chihozei.back();
  renkei::mynumber::ShokaiJoken joken;
  if (condition->TaishoNendo) joken.taisho_nendo = *condition->TaishoNendo;
  if (condition->KijunDate) joken.kijun_date = *condition->KijunDate;
  for (const std::vector<ProvidedItem>& year : resident.chihozei) {
    renkei::mynumber::KoumokuList values;
    for (const ProvidedItem& v : year) values.emplace_back(v.koumoku_mei, v.atai);
    std::string why;
    if (renkei::mynumber::matchesJoken(joken, values, why)) return &year;
  }
  return nullptr;
}

// Routes a 照会 to the institution served by a gateway (--provider): the person becomes the
// provider's 符号, the gateway answers from its 副本 (or refuses; its fault text is passed on).
// A context and everything allocated in it (a fault soap_bind recorded included).
void freeContext(struct soap* soap) {
  soap_destroy(soap);
  soap_end(soap);
  soap_free(soap);
}

int forwardToProvider(struct soap* soap, const _mnn__NetJohoShokaiRequest& req,
                      const NetworkResident& resident, _mnn__NetJohoShokaiResponse& resp) {
  struct soap* call = soap_new1(SOAP_C_UTFSTRING | SOAP_XML_STRICT);
  call->connect_timeout = call->send_timeout = call->recv_timeout = 5;
  _mnn__NetJohoTeikyoRequest ask;
  ask.ShokaiNo = req.ShokaiNo;
  ask.ShokaishaCode = req.ShokaishaCode;
  ask.TeikyoshaCode = req.TeikyoshaCode;
  ask.JimuCode = req.JimuCode;
  ask.JimuTetsuzukiCode = req.JimuTetsuzukiCode;
  ask.Fugo = issueFugo(g_options.key, req.TeikyoshaCode, resident.juminhyo_code);
  ask.TokuteiKojinJohoMeiCode = req.TokuteiKojinJohoMeiCode;
  ask.ShokaiJoken = req.ShokaiJoken;
  _mnn__NetJohoTeikyoResponse answer;
  int rc = SOAP_OK;
  std::string tls_error;
  if (g_options.provider_url.rfind("https://", 0) == 0)
    tls_error = renkei::mynumber::useClientTls(call, g_options.tls);
  if (!tls_error.empty()) {
    rc = soap_receiver_fault(
        soap, soap_strdup(soap, ("TLS towards the provider: " + tls_error).c_str()), nullptr);
  } else if (soap_call___mnnsvc__NetJohoTeikyo(call, g_options.provider_url.c_str(), nullptr, &ask,
                                               answer) != SOAP_OK) {
    const char* fault = *soap_faultstring(call);
    const std::string reason =
        "the provider " + req.TeikyoshaCode + " answered: " +
        (fault != nullptr ? fault : "nothing (gSOAP error " + std::to_string(call->error) + ")");
    rc = soap_sender_fault(soap, soap_strdup(soap, reason.c_str()), nullptr);
  } else {
    resp.ShokaiNo = req.ShokaiNo;
    resp.TeikyoDateTime = answer.TeikyoDateTime;
    for (const mnn__TokuteiKojinJohoKekka* kekka : answer.Kekka) {
      if (kekka != nullptr) resp.Kekka.push_back(copyKekka(soap, *kekka));
    }
  }
  freeContext(call);
  return rc;
}

void serveConnection(struct soap* conn) {
  if (g_options.tls.enabled() && soap_ssl_accept(conn) != SOAP_OK) {
    std::fprintf(stderr, "mynumber_network: refused a TLS connection from %s: %s\n", conn->host,
                 renkei::mynumber::tlsFailure(conn).c_str());
  } else {
    soap_serve(conn);
  }
  freeContext(conn);
}

int boundPort(SOAP_SOCKET sock) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  if (getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return -1;
  return ntohs(addr.sin_port);
}

}  // namespace
}  // namespace renkei::examples

using namespace renkei::examples;

int __mnnsvc__NetFugoHakko(struct soap* soap, _mnn__NetFugoHakkoRequest* req,
                           _mnn__NetFugoHakkoResponse& resp) {
  if (req == nullptr) return soap_sender_fault(soap, "NetFugoHakkoRequest is missing", nullptr);
  resp.Fugo = issueFugo(g_options.key, req->KikanCode, req->JuminhyoCode);
  return SOAP_OK;
}

int __mnnsvc__NetJohoShokai(struct soap* soap, _mnn__NetJohoShokaiRequest* req,
                            _mnn__NetJohoShokaiResponse& resp) {
  if (req == nullptr) return soap_sender_fault(soap, "NetJohoShokaiRequest is missing", nullptr);
  const bool routed =
      !g_options.provider_code.empty() && req->TeikyoshaCode == g_options.provider_code;
  if (req->TeikyoshaCode != kProviderCode && !routed) {
    return soap_sender_fault(soap, "this stand-in network knows the provider 062014 only", nullptr);
  }
  const NetworkResident* resident = residentOf(req->ShokaishaCode, req->Fugo);
  if (resident == nullptr) {
    return soap_sender_fault(
        soap, "the 符号 was not issued by the network to the requesting institution", nullptr);
  }
  if (routed) return forwardToProvider(soap, *req, *resident, resp);
  if (resident->answer == ProviderAnswer::kNoAnswer) {
    std::this_thread::sleep_for(std::chrono::milliseconds(g_options.no_answer_ms));
  }
  resp.ShokaiNo = req->ShokaiNo;
  resp.TeikyoDateTime = std::time(nullptr);
  for (const std::string& item : req->TokuteiKojinJohoMeiCode) {
    if (resident->answer == ProviderAnswer::kWithheld) {
      resp.Kekka.push_back(withheld(soap, item, mnn__FukaijiCode__F04));
    } else if (resident->answer == ProviderAnswer::kUnknown) {
      resp.Kekka.push_back(withheld(soap, item, mnn__FukaijiCode__F01));
    } else if (const auto* values =
                   item == kChihozeiItem ? chihozeiFor(*resident, req->ShokaiJoken) : nullptr) {
      resp.Kekka.push_back(provided(soap, item, *values));
    } else {
      resp.Kekka.push_back(withheld(soap, item, mnn__FukaijiCode__F02));  // 副本未登録
    }
  }
  return SOAP_OK;
}

// Providers' 中間サーバー serve this (the gateway does); the stand-in's own provider answers from
// its data set, so nothing asks the stand-in for it.
int __mnnsvc__NetJohoTeikyo(struct soap* soap, _mnn__NetJohoTeikyoRequest*,
                            _mnn__NetJohoTeikyoResponse&) {
  return soap_sender_fault(soap, "NetJohoTeikyo is served by a provider's gateway, not the network",
                           nullptr);
}

int main(int argc, char** argv) {
  bool help = false;
  auto options = parseOptions(argc, argv, help);
  if (!options) return help ? 0 : 1;
  g_options = *options;
  std::signal(SIGPIPE, SIG_IGN);
  struct soap* master = soap_new1(SOAP_C_UTFSTRING | SOAP_XML_STRICT | SOAP_IO_KEEPALIVE);
  soap_set_namespaces(master, namespaces);
  master->bind_flags = SO_REUSEADDR;
  master->recv_timeout = 15;
  master->send_timeout = 15;
  if (g_options.tls.enabled()) {
    if (const std::string error = renkei::mynumber::useServerTls(master, g_options.tls);
        !error.empty()) {
      std::fprintf(stderr, "mynumber_network: TLS: %s\n", error.c_str());
      freeContext(master);
      return 1;
    }
  }
  if (!soap_valid_socket(soap_bind(master, g_options.host.c_str(), g_options.port, 64))) {
    std::fprintf(stderr, "mynumber_network: cannot listen on %s:%d\n", g_options.host.c_str(),
                 g_options.port);
    freeContext(master);
    return 1;
  }
  std::printf("listening on %s:%d\n", g_options.host.c_str(), boundPort(master->master));
  std::fflush(stdout);
  for (;;) {
    if (!soap_valid_socket(soap_accept(master))) continue;
    struct soap* conn = soap_copy(master);
    if (conn == nullptr) continue;
    std::thread(serveConnection, conn).detach();
  }
}
