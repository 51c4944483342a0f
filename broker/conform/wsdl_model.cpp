#include "broker/conform/wsdl_model.h"

#include "broker/conform/case_loader.h"
#include "broker/conform/xml_file.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei::conform {
namespace {

namespace fs = std::filesystem;
using XERCES_CPP_NAMESPACE::DOMElement;

constexpr const char* kWsdlNs = "http://schemas.xmlsoap.org/wsdl/";
constexpr const char* kSoap11Bind = "http://schemas.xmlsoap.org/wsdl/soap/";
constexpr const char* kSoap12Bind = "http://schemas.xmlsoap.org/wsdl/soap12/";
constexpr const char* kXsdNs = "http://www.w3.org/2001/XMLSchema";

// "tns:Foo" resolved with the namespaces in scope at `where`.
QName resolve(const DOMElement* where, const std::string& text) {
  if (text.empty()) return {};
  const auto colon = text.find(':');
  const std::string prefix = colon == std::string::npos ? "" : text.substr(0, colon);
  const std::u16string p = xml::fromUtf8(prefix);
  const XMLCh* ns = where->lookupNamespaceURI(
      prefix.empty() ? nullptr : reinterpret_cast<const XMLCh*>(p.c_str()));
  return {xml::toUtf8(ns), colon == std::string::npos ? text : text.substr(colon + 1)};
}

int soapVersionOf(const DOMElement* e) {
  const std::string ns = xml::namespaceOf(e);
  return ns == kSoap11Bind ? 11 : ns == kSoap12Bind ? 12 : 0;
}

WsdlBindingOperation readBindingOperation(const DOMElement* op) {
  WsdlBindingOperation out;
  out.name = attr(op, "name");
  for (const DOMElement* child : xml::childElements(op)) {
    if (soapVersionOf(child) != 0 && xml::localName(child) == "operation") {
      if (!attr(child, "soapAction").empty()) out.soap_action = attr(child, "soapAction");
      out.style = attr(child, "style");
      continue;
    }
    // wsdl:input / wsdl:output / wsdl:fault: the use= of their soap:* children.
    for (const DOMElement* soap : xml::childElements(child)) {
      if (soapVersionOf(soap) == 0) continue;
      out.uses.push_back(attr(soap, "use", "(missing)"));
      if (xml::localName(soap) == "body" && !attr(soap, "namespace").empty())
        out.body_namespaces.push_back(attr(soap, "namespace"));
    }
  }
  return out;
}

WsdlBinding readBinding(const DOMElement* b) {
  WsdlBinding out;
  out.name = attr(b, "name");
  out.port_type = resolve(b, attr(b, "type"));
  for (const DOMElement* child : xml::childElements(b)) {
    if (xml::localName(child) == "binding" && soapVersionOf(child) != 0) {
      out.soap_version = soapVersionOf(child);
      out.style = attr(child, "style", "document");
      out.transport = attr(child, "transport");
    } else if (xml::isElement(child, kWsdlNs, "operation")) {
      out.operations.push_back(readBindingOperation(child));
    }
  }
  return out;
}

void readTypes(const DOMElement* types, WsdlDocument& doc) {
  for (const DOMElement* schema : xml::childElements(types)) {
    for (const DOMElement* e : xml::childElements(schema)) {
      if (!xml::isElement(e, kXsdNs, "import") && !xml::isElement(e, kXsdNs, "include")) continue;
      const std::string location = attr(e, "schemaLocation");
      if (location.empty()) {
        doc.unresolved_imports.push_back(attr(e, "namespace"));
      } else {
        doc.schema_imports.push_back((doc.file.parent_path() / location).lexically_normal());
      }
    }
  }
}

}  // namespace

WsdlDocument readWsdl(const fs::path& file) {
  auto parsed = parseWellFormed(file);
  const DOMElement* root = parsed->root();
  if (!xml::isElement(root, kWsdlNs, "definitions")) {
    throw ConformInputError(file.string() + ": not a WSDL 1.1 document (root element " +
                            xml::qualifiedName(root) + ")");
  }
  WsdlDocument doc;
  doc.file = file;
  doc.target_namespace = attr(root, "targetNamespace");
  for (const DOMElement* e : xml::childElements(root)) {
    if (xml::namespaceOf(e) != kWsdlNs) continue;
    const std::string kind = xml::localName(e);
    if (kind == "types") {
      readTypes(e, doc);
    } else if (kind == "message") {
      WsdlMessage m{attr(e, "name"), {}};
      for (const DOMElement* p : xml::childElements(e)) {
        if (!xml::isElement(p, kWsdlNs, "part")) continue;
        m.parts.push_back(
            {attr(p, "name"), resolve(p, attr(p, "element")), resolve(p, attr(p, "type"))});
      }
      doc.messages.push_back(std::move(m));
    } else if (kind == "portType") {
      WsdlPortType pt{attr(e, "name"), {}};
      for (const DOMElement* op : xml::childElements(e)) {
        WsdlOperation o{attr(op, "name"), {}, {}};
        if (const DOMElement* in = xml::findChild(op, kWsdlNs, "input"))
          o.input = resolve(in, attr(in, "message"));
        if (const DOMElement* out = xml::findChild(op, kWsdlNs, "output"))
          o.output = resolve(out, attr(out, "message"));
        pt.operations.push_back(std::move(o));
      }
      doc.port_types.push_back(std::move(pt));
    } else if (kind == "binding") {
      doc.bindings.push_back(readBinding(e));
    } else if (kind == "service") {
      WsdlService s{attr(e, "name"), {}};
      for (const DOMElement* port : xml::childElements(e)) {
        WsdlPort p{attr(port, "name"), resolve(port, attr(port, "binding")), ""};
        for (const DOMElement* a : xml::childElements(port)) {
          if (xml::localName(a) == "address") p.address = attr(a, "location");
        }
        s.ports.push_back(std::move(p));
      }
      doc.services.push_back(std::move(s));
    }
  }
  return doc;
}

const WsdlMessage* WsdlDocument::message(const QName& name) const {
  for (const auto& m : messages) {
    if (name.ns == target_namespace && m.name == name.local) return &m;
  }
  return nullptr;
}
const WsdlPortType* WsdlDocument::portType(const QName& name) const {
  for (const auto& p : port_types) {
    if (name.ns == target_namespace && p.name == name.local) return &p;
  }
  return nullptr;
}
const WsdlBinding* WsdlDocument::binding(const QName& name) const {
  for (const auto& b : bindings) {
    if (name.ns == target_namespace && b.name == name.local) return &b;
  }
  return nullptr;
}
const WsdlService* WsdlDocument::service(const std::string& name) const {
  for (const auto& s : services) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::optional<ServiceView> viewService(const WsdlDocument& wsdl, const std::string& name) {
  const WsdlService* service = wsdl.service(name);
  if (service == nullptr) return std::nullopt;
  ServiceView view;
  view.name = name;
  for (const WsdlPort& port : service->ports) {
    const WsdlBinding* b = wsdl.binding(port.binding);
    if (b == nullptr) continue;
    view.bindings.push_back(b);
    view.binds11 = view.binds11 || b->soap_version == 11;
    view.binds12 = view.binds12 || b->soap_version == 12;
  }
  if (view.bindings.empty()) return view;
  const WsdlBinding* first = view.bindings.front();
  const WsdlPortType* pt = wsdl.portType(first->port_type);
  if (pt == nullptr) return view;
  for (const WsdlOperation& op : pt->operations) {
    ServiceOperation so;
    so.name = op.name;
    for (const auto& bop : first->operations) {
      if (bop.name == op.name && bop.soap_action) so.soap_action = *bop.soap_action;
    }
    const WsdlMessage* in = wsdl.message(op.input);
    const WsdlMessage* out = wsdl.message(op.output);
    if (in != nullptr && !in->parts.empty()) so.request = in->parts.front().element;
    if (out != nullptr && !out->parts.empty()) so.response = out->parts.front().element;
    view.operations.push_back(std::move(so));
  }
  return view;
}

}  // namespace renkei::conform
