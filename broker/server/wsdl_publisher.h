#pragma once
// Publishes service descriptions so a vendor can generate its client from the broker itself:
//   GET /services/<Service>?wsdl   the service's WSDL, its soap:address pointing at this broker
//   GET /xsd/<file>.xsd            the schemas the WSDLs import (relative ../xsd/ locations)
#include <optional>
#include <string>

#include "broker/core/exchange.h"
#include "broker/core/service_catalog.h"

namespace renkei {

class WsdlPublisher {
 public:
  WsdlPublisher(std::string wsdl_dir, std::string xsd_dir, std::vector<ServiceDef> services);
  // nullopt when the path is not one of the published documents. `host` is the request's Host
  // header: the soap:address names it only when it is a plain host[:port] (core/host_header.h).
  std::optional<HttpReply> serve(const std::string& path, const std::string& host) const;

 private:
  std::optional<HttpReply> serveWsdl(const std::string& service, const std::string& host) const;
  std::optional<HttpReply> serveRegistryWsdl(const std::string& host) const;
  std::optional<HttpReply> serveXsd(const std::string& file) const;

  std::string wsdl_dir_;
  std::string xsd_dir_;
  std::vector<ServiceDef> services_;
};

// Replaces the location of every soap:address / soap12:address element with `location`.
std::string rewriteSoapAddresses(const std::string& wsdl, const std::string& location);

}  // namespace renkei
