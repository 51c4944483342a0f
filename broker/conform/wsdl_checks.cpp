#include "broker/conform/wsdl_checks.h"

#include <set>

#include "broker/xml/schema_set.h"

namespace renkei::conform {
namespace {

using Findings = std::vector<std::string>;

// Messages the service's operations use as input or output.
std::vector<const WsdlMessage*> usedMessages(const WsdlDocument& wsdl, const ServiceView& view,
                                             Findings& out) {
  std::vector<const WsdlMessage*> used;
  for (const WsdlBinding* b : view.bindings) {
    const WsdlPortType* pt = wsdl.portType(b->port_type);
    if (pt == nullptr) continue;
    for (const WsdlOperation& op : pt->operations) {
      for (const QName& m : {op.input, op.output}) {
        const WsdlMessage* msg = wsdl.message(m);
        if (msg == nullptr) {
          out.push_back("operation " + op.name + " names message " + m.text() +
                        ", which the WSDL does not define");
        } else {
          used.push_back(msg);
        }
      }
    }
  }
  return used;
}

Findings documentLiteral(const WsdlDocument&, const ServiceView& view) {
  Findings out;
  for (const WsdlBinding* b : view.bindings) {
    if (b->soap_version == 0) {
      out.push_back("binding " + b->name + " has no soap:binding or soap12:binding");
      continue;
    }
    if (b->style != "document")
      out.push_back("binding " + b->name + " has style=\"" + b->style + "\", not document");
    for (const auto& op : b->operations) {
      if (!op.style.empty() && op.style != "document")
        out.push_back("binding " + b->name + ", operation " + op.name + ": style=\"" + op.style +
                      "\", not document");
      for (const std::string& use : op.uses) {
        if (use != "literal")
          out.push_back("binding " + b->name + ", operation " + op.name + ": use=\"" + use +
                        "\", not literal (R2706)");
      }
      for (const std::string& ns : op.body_namespaces)
        out.push_back("binding " + b->name + ", operation " + op.name +
                      ": soap:body has namespace=\"" + ns + "\" (R2716: not allowed)");
    }
  }
  if (view.bindings.empty()) out.push_back("service " + view.name + " has no bound port");
  return out;
}

Findings onePart(const WsdlDocument& wsdl, const ServiceView& view) {
  Findings out;
  for (const WsdlMessage* m : usedMessages(wsdl, view, out)) {
    if (m->parts.size() != 1)
      out.push_back("message " + m->name + " has " + std::to_string(m->parts.size()) +
                    " parts; a document/literal body carries exactly one");
  }
  return out;
}

Findings elementParts(const WsdlDocument& wsdl, const ServiceView& view) {
  Findings out;
  for (const WsdlMessage* m : usedMessages(wsdl, view, out)) {
    for (const WsdlPart& p : m->parts) {
      if (p.element.empty())
        out.push_back("message " + m->name + ", part " + p.name + " uses type=" + p.type.text() +
                      " instead of element= (R2204)");
    }
  }
  return out;
}

Findings importsResolvable(const WsdlDocument& wsdl, const ServiceView& view) {
  Findings out;
  for (const std::string& ns : wsdl.unresolved_imports)
    out.push_back("xsd:import of namespace " + ns + " has no schemaLocation");
  std::vector<std::filesystem::path> files;
  for (const auto& file : wsdl.schema_imports) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      out.push_back("xsd:import schemaLocation " + file.string() + " cannot be read");
    } else {
      files.push_back(file);
    }
  }
  if (!out.empty()) return out;
  try {
    const xml::SchemaSet schemas = xml::SchemaSet::loadFiles(files);
    for (const WsdlMessage* m : usedMessages(wsdl, view, out)) {
      for (const WsdlPart& p : m->parts) {
        if (!p.element.empty() && !schemas.declaresElement(p.element.ns, p.element.local))
          out.push_back("message " + m->name + ", part " + p.name + ": element " +
                        p.element.text() + " is declared by no imported schema");
      }
    }
  } catch (const xml::SchemaLoadError& e) {
    out.push_back(std::string("an imported schema does not load: ") + e.what());
  }
  return out;
}

Findings soapAction(const WsdlDocument&, const ServiceView& view) {
  Findings out;
  for (const WsdlBinding* b : view.bindings) {
    for (const auto& op : b->operations) {
      if (!op.soap_action)
        out.push_back("binding " + b->name + ", operation " + op.name +
                      ": soap:operation declares no soapAction");
    }
  }
  return out;
}

Findings bindingMatchesPortType(const WsdlDocument& wsdl, const ServiceView& view) {
  Findings out;
  for (const WsdlBinding* b : view.bindings) {
    if (b->transport != "http://schemas.xmlsoap.org/soap/http")
      out.push_back("binding " + b->name + " has transport=\"" + b->transport +
                    "\", not http://schemas.xmlsoap.org/soap/http (R2702)");
    const WsdlPortType* pt = wsdl.portType(b->port_type);
    if (pt == nullptr) {
      out.push_back("binding " + b->name + " names port type " + b->port_type.text() +
                    ", which the WSDL does not define");
      continue;
    }
    std::set<std::string> bound, declared;
    for (const auto& op : b->operations) bound.insert(op.name);
    for (const auto& op : pt->operations) declared.insert(op.name);
    for (const auto& name : declared) {
      if (!bound.count(name))
        out.push_back("binding " + b->name + " does not bind operation " + name + " (R2718)");
    }
    for (const auto& name : bound) {
      if (!declared.count(name))
        out.push_back("binding " + b->name + " binds " + name + ", which port type " + pt->name +
                      " does not declare (R2718)");
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> runWsdlCheck(const std::string& check, const WsdlDocument& wsdl,
                                      const ServiceView& service) {
  if (check == "document-literal") return documentLiteral(wsdl, service);
  if (check == "one-part") return onePart(wsdl, service);
  if (check == "element-parts") return elementParts(wsdl, service);
  if (check == "imports-resolvable") return importsResolvable(wsdl, service);
  if (check == "soap-action") return soapAction(wsdl, service);
  if (check == "binding-matches-port-type") return bindingMatchesPortType(wsdl, service);
  return {"the harness has no WSDL check named '" + check + "'"};
}

}  // namespace renkei::conform
