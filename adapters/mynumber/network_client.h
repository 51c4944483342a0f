#pragma once
// The gateway's calls towards the network side (wsdl/mynumber-network.wsdl), through the
// gSOAP client stubs generated with the gateway: 情報照会 with the 符号 and 符号発行. Each call
// has its own context and its own deadline, so one silent provider holds only its own caller.
#include <optional>
#include <string>

#include "adapters/mynumber/inquiry.h"
#include "adapters/mynumber/network_tls.h"

namespace renkei::mynumber {

struct NetworkEndpoint {
  std::string url;        // e.g. http://127.0.0.1:9301/network
  int timeout_ms = 3000;  // connect, send and receive, each
  NetworkTlsFiles tls;    // empty: plain HTTP (chosen explicitly)
};

// NetJohoShokai: never throws; `answered` false with the reason when there was no answer.
NetworkAnswer askNetwork(const NetworkEndpoint& network, const InquiryRequest& request,
                         const std::string& fugo, const std::string& shokai_no);

// NetFugoHakko: the 符号 for this institution, or nullopt with `error` set.
std::optional<std::string> obtainFugo(const NetworkEndpoint& network, const std::string& kikan,
                                      const std::string& juminhyo_code, std::string& error);

}  // namespace renkei::mynumber
