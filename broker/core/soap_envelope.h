#pragma once
// The frame of the SOAP envelopes the broker writes itself (its faults, notification receipts,
// the answers of its own endpoints): the envelope namespace of each version, the Envelope start
// tag after the XML declaration, and the tags around the body, written in one place so the
// callers cannot drift apart. What goes inside the body stays with each caller.
#include <initializer_list>
#include <string>
#include <string_view>

#include "broker/core/exchange.h"

namespace renkei {

const char* soapEnvelopeNamespace(SoapVersion version);
// The prefix the broker writes unless a caller keeps its own: "soap" for 1.1 and "env" for 1.2,
// the prefixes each specification's examples use.
const char* soapEnvelopePrefix(SoapVersion version);

// A namespace declared on the Envelope element besides the envelope's own.
struct XmlnsDeclaration {
  std::string_view prefix;
  std::string_view uri;
};

class SoapEnvelopeFrame {
 public:
  explicit SoapEnvelopeFrame(SoapVersion version);
  SoapEnvelopeFrame(SoapVersion version, std::string prefix);

  // The XML declaration, a newline and the Envelope start tag declaring the envelope prefix,
  // then `extra` in order.
  std::string start(std::initializer_list<XmlnsDeclaration> extra = {}) const;
  // Tags of the envelope namespace's own elements: open("Header") -> "<soap:Header>".
  std::string open(std::string_view local) const;
  std::string close(std::string_view local) const;
  std::string bodyOpen() const { return open("Body"); }
  // Closes the Body and the Envelope, and ends the document with a newline.
  std::string end() const;

  SoapVersion version() const { return version_; }
  const std::string& prefix() const { return prefix_; }

 private:
  SoapVersion version_;
  std::string prefix_;
};

}  // namespace renkei
