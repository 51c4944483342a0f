#pragma once
// The running gateway's parts, shared by the gSOAP service operations (gateway_soap.cpp,
// fukuhon_soap.cpp): its store, its 情報照会 and 情報提供 services, the 副本, the network side and
// who it is.
#include <memory>
#include <string>

#include "adapters/mynumber/fukuhon_store.h"
#include "adapters/mynumber/gateway_store.h"
#include "adapters/mynumber/inquiry.h"
#include "adapters/mynumber/network_client.h"
#include "adapters/mynumber/provision_service.h"

struct soap;

namespace renkei::mynumber {

struct Gateway {
  std::string kikan_code;   // this institution (情報照会者), e.g. 062022
  NetworkEndpoint network;  // with its TLS files, unless plain HTTP was chosen
  // The name the network's certificate must carry for 情報提供 (NetJohoTeikyo); empty with
  // --network-plain-http, when any caller on the unit port is served.
  std::string network_peer;
  std::unique_ptr<GatewayStore> store;
  std::unique_ptr<InquiryService> inquiries;
  std::unique_ptr<FukuhonStore> fukuhon;
  std::unique_ptr<ProvisionService> provisions;
};

// Set once by main before serving.
Gateway& gateway();
void useGateway(std::unique_ptr<Gateway> gateway);

// A SOAP fault with flt:FaultDetail carrying the platform `code` (Server.* as a receiver fault,
// the rest as sender faults), the reason masked of any 個人番号.
int platformFault(struct soap* soap, const std::string& code, const std::string& reason);

}  // namespace renkei::mynumber
