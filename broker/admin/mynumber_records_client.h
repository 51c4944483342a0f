#pragma once
// The admin web view's reader of a person's 情報提供等記録 (番号法 §23): the My Number gateway
// owns them in its own store, so the broker asks it with TeikyoKirokuShokai (情報提供等記録照会,
// wsdl/mynumber-gateway.wsdl) at the endpoint its configuration names (<mynumber
// recordsEndpoint>, else the gateway unit's endpoint). docs/mynumber.md, "The records page".
#include <optional>
#include <string>
#include <vector>

#include "broker/tls/tls_settings.h"

namespace renkei::admin {

struct MyNumberGatewayAccess {
  std::string gateway_unit;  // <mynumber gatewayUnit>; empty: no records page
  std::string endpoint;      // where TeikyoKirokuShokai is called
  TlsClientSettings tls;     // the forwarding TLS files, for an https endpoint
  int timeout_ms = 5000;
};

// One record as the gateway discloses it (codes and times, never values).
struct DisclosedRecord {
  std::string shokai_no;
  std::string requester;  // 情報照会者
  std::string provider;   // 情報提供者
  std::string jimu_code;
  std::vector<std::string> items;
  std::string requested_at;  // as the gateway wrote it (xs:dateTime)
  std::string provided_at;   // empty when nothing was provided
  std::string result;        // 提供, 一部不開示, 不開示, 拒否, 応答なし
};

struct DisclosureAnswer {
  // Set when no list came back: the gateway was unreachable, timed out, faulted or answered
  // something that is not a TeikyoKirokuShokaiResponse.
  std::optional<std::string> error;
  std::vector<DisclosedRecord> records;
};

// 15 digits: the 団体内統合宛名番号 the gateway's schema takes.
bool isAtenaNo(const std::string& text);

// Asks the gateway for every record of the person. Never throws.
DisclosureAnswer fetchDisclosure(const MyNumberGatewayAccess& gateway, const std::string& atena_no);

// The answer's records, parsed from a SOAP response body (exposed for tests). Sets `error` when
// the body is a fault or no TeikyoKirokuShokaiResponse.
DisclosureAnswer parseDisclosure(const std::string& soap_body);

}  // namespace renkei::admin
