#pragma once
// The SOAPAction each service's WSDL declares for its request (soap:operation/@soapAction of
// the binding operation whose input is the service's request element). A receiver may dispatch
// on SOAPAction rather than on the body: the broker must not let a caller authorized for one
// service name another service's action (EndpointCheckStage).
#include <filesystem>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "broker/core/registry_types.h"

namespace renkei {

class ServiceActions {
 public:
  ServiceActions() = default;
  // Reads each service's WSDL under `wsdl_dir` once per file. A WSDL that cannot be read leaves
  // its services without a declared action (their SOAPAction is then not compared) and says so
  // on `log`: the WSDL publisher reports the file itself.
  static ServiceActions fromWsdls(const std::vector<ServiceDef>& services,
                                  const std::filesystem::path& wsdl_dir, std::ostream& log);

  void declare(const std::string& service, const std::string& version, std::string action);
  // nullptr when the service's WSDL declares no action for its request.
  const std::string* actionFor(const std::string& service, const std::string& version) const;

 private:
  std::map<std::string, std::string> by_service_;  // "name:version" -> soapAction
};

}  // namespace renkei
