#include "broker/core/soap_envelope.h"

namespace renkei {

const char* soapEnvelopeNamespace(SoapVersion version) {
  return version == SoapVersion::k11 ? "http://schemas.xmlsoap.org/soap/envelope/"
                                     : "http://www.w3.org/2003/05/soap-envelope";
}

const char* soapEnvelopePrefix(SoapVersion version) {
  return version == SoapVersion::k11 ? "soap" : "env";
}

SoapEnvelopeFrame::SoapEnvelopeFrame(SoapVersion version)
    : SoapEnvelopeFrame(version, soapEnvelopePrefix(version)) {}

SoapEnvelopeFrame::SoapEnvelopeFrame(SoapVersion version, std::string prefix)
    : version_(version), prefix_(std::move(prefix)) {}

std::string SoapEnvelopeFrame::start(std::initializer_list<XmlnsDeclaration> extra) const {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + prefix_ +
                    ":Envelope xmlns:" + prefix_ + "=\"" + soapEnvelopeNamespace(version_) + "\"";
  for (const XmlnsDeclaration& declaration : extra) {
    out += " xmlns:";
    out += declaration.prefix;
    out += "=\"";
    out += declaration.uri;
    out += "\"";
  }
  out += ">";
  return out;
}

std::string SoapEnvelopeFrame::open(std::string_view local) const {
  return "<" + prefix_ + ":" + std::string(local) + ">";
}

std::string SoapEnvelopeFrame::close(std::string_view local) const {
  return "</" + prefix_ + ":" + std::string(local) + ">";
}

std::string SoapEnvelopeFrame::end() const { return close("Body") + close("Envelope") + "\n"; }

}  // namespace renkei
