#pragma once
// gSOAP picks the SOAP version of outgoing messages (and of faults sent before a request was
// parsed) from the first entry of the namespace table. wsdl2h puts SOAP 1.2 first when a WSDL
// has a SOAP 1.2 binding; our WSDLs have both, so we rebuild the table with the wanted version
// first and the other one as the accepted alternative. Incoming messages of either version are
// still accepted, and a server answers in the version of the request.
#include <cstring>
#include <vector>

#include "stdsoap2.h"

namespace renkei::examples {

inline const Namespace* namespacesForVersion(const Namespace* generated, int version) {
  static const char* const kEnv11 = "http://schemas.xmlsoap.org/soap/envelope/";
  static const char* const kEnc11 = "http://schemas.xmlsoap.org/soap/encoding/";
  static const char* const kEnv12 = "http://www.w3.org/2003/05/soap-envelope";
  static const char* const kEnc12 = "http://www.w3.org/2003/05/soap-encoding";
  // One table per version, built once; the generated table is static data, so are these.
  static std::vector<Namespace> tables[2];
  std::vector<Namespace>& table = tables[version == 2 ? 1 : 0];
  if (table.empty()) {
    for (const Namespace* ns = generated; ns->id != nullptr; ++ns) {
      Namespace copy = *ns;
      if (std::strcmp(ns->id, "SOAP-ENV") == 0) {
        copy.ns = version == 2 ? kEnv12 : kEnv11;
        copy.in = version == 2 ? kEnv11 : "http://www.w3.org/*/soap-envelope";
      } else if (std::strcmp(ns->id, "SOAP-ENC") == 0) {
        copy.ns = version == 2 ? kEnc12 : kEnc11;
        copy.in = version == 2 ? kEnc11 : "http://www.w3.org/*/soap-encoding";
      }
      table.push_back(copy);
    }
    table.push_back(Namespace{nullptr, nullptr, nullptr, nullptr});
  }
  return table.data();
}

}  // namespace renkei::examples
