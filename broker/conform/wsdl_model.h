#pragma once
// What the harness needs from a WSDL 1.1 file: messages, port types, SOAP 1.1/1.2 bindings and
// services, with QNames resolved to namespaces. Reading never fails on a WSDL that breaks a
// rule: the checks (wsdl_checks.h) report that, so a vendor sees every problem at once.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace renkei::conform {

struct QName {
  std::string ns;
  std::string local;
  bool empty() const { return local.empty(); }
  std::string text() const { return "{" + ns + "}" + local; }
  bool operator==(const QName&) const = default;
};

struct WsdlPart {
  std::string name;
  QName element;  // empty when the part uses type=
  QName type;
};

struct WsdlMessage {
  std::string name;
  std::vector<WsdlPart> parts;
};

struct WsdlOperation {  // of a portType
  std::string name;
  QName input;  // message QNames
  QName output;
};

struct WsdlPortType {
  std::string name;
  std::vector<WsdlOperation> operations;
};

struct WsdlBindingOperation {
  std::string name;
  std::optional<std::string> soap_action;    // nullopt: no soap:operation or no soapAction
  std::string style;                         // soap:operation/@style, may be empty
  std::vector<std::string> uses;             // use= of every soap:body/header/fault
  std::vector<std::string> body_namespaces;  // namespace= on soap:body (R2716: must be absent)
};

struct WsdlBinding {
  std::string name;
  QName port_type;
  int soap_version = 0;  // 11, 12, or 0 when the binding is not SOAP
  std::string style;     // soap:binding/@style (default document)
  std::string transport;
  std::vector<WsdlBindingOperation> operations;
};

struct WsdlPort {
  std::string name;
  QName binding;
  std::string address;
};

struct WsdlService {
  std::string name;
  std::vector<WsdlPort> ports;
};

struct WsdlDocument {
  std::filesystem::path file;
  std::string target_namespace;
  std::vector<std::filesystem::path> schema_imports;  // schemaLocation resolved against file
  std::vector<std::string> unresolved_imports;        // imports with no schemaLocation
  std::vector<WsdlMessage> messages;
  std::vector<WsdlPortType> port_types;
  std::vector<WsdlBinding> bindings;
  std::vector<WsdlService> services;

  const WsdlMessage* message(const QName& name) const;
  const WsdlPortType* portType(const QName& name) const;
  const WsdlBinding* binding(const QName& name) const;
  const WsdlService* service(const std::string& name) const;
};

// Throws ConformInputError when the file cannot be read or is not well-formed WSDL.
WsdlDocument readWsdl(const std::filesystem::path& file);

// One operation of a service as a caller sees it.
struct ServiceOperation {
  std::string name;
  std::string soap_action;
  QName request;   // the input message's element
  QName response;  // the output message's element
};

struct ServiceView {
  std::string name;
  std::vector<const WsdlBinding*> bindings;  // the service's ports' bindings
  std::vector<ServiceOperation> operations;  // from the first binding's port type
  bool binds11 = false;
  bool binds12 = false;
};

// nullopt when the WSDL has no wsdl:service of that name.
std::optional<ServiceView> viewService(const WsdlDocument& wsdl, const std::string& name);

}  // namespace renkei::conform
