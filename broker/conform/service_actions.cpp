#include "broker/conform/service_actions.h"

#include <optional>

#include "broker/conform/wsdl_model.h"

namespace renkei {
namespace {

std::string keyOf(const std::string& service, const std::string& version) {
  return service + ":" + version;
}

// The soapAction of the first SOAP binding operation whose input message carries `request`.
std::optional<std::string> declaredAction(const conform::WsdlDocument& wsdl,
                                          const conform::QName& request) {
  for (const conform::WsdlBinding& binding : wsdl.bindings) {
    const conform::WsdlPortType* port_type = wsdl.portType(binding.port_type);
    if (binding.soap_version == 0 || port_type == nullptr) continue;
    for (const conform::WsdlOperation& operation : port_type->operations) {
      const conform::WsdlMessage* input = wsdl.message(operation.input);
      if (input == nullptr || input->parts.empty() || !(input->parts[0].element == request)) {
        continue;
      }
      for (const conform::WsdlBindingOperation& bound : binding.operations) {
        if (bound.name == operation.name && bound.soap_action && !bound.soap_action->empty()) {
          return bound.soap_action;
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace

ServiceActions ServiceActions::fromWsdls(const std::vector<ServiceDef>& services,
                                         const std::filesystem::path& wsdl_dir, std::ostream& log) {
  ServiceActions actions;
  std::map<std::string, std::optional<conform::WsdlDocument>> read;  // by file, read once
  for (const ServiceDef& service : services) {
    auto [it, first] = read.try_emplace(service.wsdl_file);
    if (first) {
      try {
        it->second = conform::readWsdl(wsdl_dir / service.wsdl_file);
      } catch (const std::exception& e) {
        log << "renkei: warning: " << service.wsdl_file << ": " << e.what()
            << "; the SOAPAction of its services is not checked\n";
      }
    }
    if (!it->second) continue;
    if (auto action = declaredAction(*it->second, {service.request_ns, service.request_element})) {
      actions.declare(service.name, service.version, std::move(*action));
    }
  }
  return actions;
}

void ServiceActions::declare(const std::string& service, const std::string& version,
                             std::string action) {
  by_service_[keyOf(service, version)] = std::move(action);
}

const std::string* ServiceActions::actionFor(const std::string& service,
                                             const std::string& version) const {
  auto it = by_service_.find(keyOf(service, version));
  return it == by_service_.end() ? nullptr : &it->second;
}

}  // namespace renkei
