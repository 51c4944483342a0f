#pragma once
// The running gateway's parts, shared by the gSOAP service operations (gateway_soap.cpp):
// its store, its 情報照会 service, the network side and who it is.
#include <memory>
#include <string>

#include "adapters/mynumber/gateway_store.h"
#include "adapters/mynumber/inquiry.h"
#include "adapters/mynumber/network_client.h"

namespace renkei::mynumber {

struct Gateway {
  std::string kikan_code;  // this institution (情報照会者), e.g. 062022
  NetworkEndpoint network;
  std::unique_ptr<GatewayStore> store;
  std::unique_ptr<InquiryService> inquiries;
};

// Set once by main before serving.
Gateway& gateway();
void useGateway(std::unique_ptr<Gateway> gateway);

}  // namespace renkei::mynumber
