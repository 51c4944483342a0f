#include "broker/core/soap_fault_writer.h"

#include <sstream>

#include "broker/core/my_number.h"
#include "broker/core/soap_envelope.h"

namespace renkei {
namespace {

void writeDetail(std::ostringstream& out, const FaultInfo& fault, std::string_view message_id) {
  out << "<rf:FaultDetail xmlns:rf=\"" << kPlatformFaultNs << "\">"
      << "<rf:Code>" << faultSpec(fault.code).name << "</rf:Code>";
  if (!message_id.empty())
    out << "<rf:MessageId>" << xmlEscape(maskMyNumbers(message_id)) << "</rf:MessageId>";
  if (fault.line > 0) out << "<rf:Line>" << fault.line << "</rf:Line>";
  if (fault.column > 0) out << "<rf:Column>" << fault.column << "</rf:Column>";
  if (!fault.element_path.empty())
    out << "<rf:Element>" << xmlEscape(maskMyNumbers(fault.element_path)) << "</rf:Element>";
  out << "<rf:Reason>" << xmlEscape(maskMyNumbers(fault.reason)) << "</rf:Reason></rf:FaultDetail>";
}

// A reason may quote the caller's own text (a header value, a parser message): masked, so a
// 個人番号 in it is not sent back or logged by whoever prints the fault.
std::string reasonText(const FaultInfo& fault) {
  return fault.reason.empty() ? std::string(faultSpec(fault.code).meaning)
                              : maskMyNumbers(fault.reason);
}

// SOAP 1.2 Part 1 §5.4.7 and §5.4.8: a VersionMismatch fault lists the envelopes this node
// supports (env:Upgrade, also recommended in a SOAP 1.1 answer by Appendix A), and a
// MustUnderstand fault names each block it did not understand (env:NotUnderstood).
void writeFaultHeader(std::ostringstream& out, const SoapEnvelopeFrame& frame,
                      const FaultInfo& fault) {
  const bool upgrade = fault.code == FaultCode::kVersionMismatch;
  const bool not_understood =
      fault.code == FaultCode::kMustUnderstand && frame.version() == SoapVersion::k12;
  if (!upgrade && !(not_understood && !fault.not_understood.empty())) return;
  const char* v11 = soapEnvelopeNamespace(SoapVersion::k11);
  const char* v12 = soapEnvelopeNamespace(SoapVersion::k12);
  out << frame.open("Header");
  if (upgrade) {
    out << "<up:Upgrade xmlns:up=\"" << v12 << "\">"
        << "<up:SupportedEnvelope qname=\"v12:Envelope\" xmlns:v12=\"" << v12 << "\"/>"
        << "<up:SupportedEnvelope qname=\"v11:Envelope\" xmlns:v11=\"" << v11 << "\"/>"
        << "</up:Upgrade>";
  }
  if (not_understood) {
    for (const auto& [ns, local] : fault.not_understood) {
      out << "<" << frame.prefix() << ":NotUnderstood qname=\"nu:" << xmlEscape(local)
          << "\" xmlns:nu=\"" << xmlEscape(ns) << "\"/>";
    }
  }
  out << frame.close("Header");
}

}  // namespace

std::string renderSoapFault(SoapVersion version, const FaultInfo& fault,
                            std::string_view message_id) {
  const SoapEnvelopeFrame frame(version);
  const std::string& env = frame.prefix();
  std::ostringstream out;
  if (version == SoapVersion::k11) {
    out << frame.start();
    writeFaultHeader(out, frame, fault);
    out << frame.bodyOpen() << frame.open("Fault") << "<faultcode>" << env << ":"
        << faultSpec(fault.code).name << "</faultcode>"
        << "<faultstring>" << xmlEscape(reasonText(fault)) << "</faultstring><detail>";
    writeDetail(out, fault, message_id);
    out << "</detail>" << frame.close("Fault") << frame.end();
  } else {
    // rf: on the Envelope, for the Subcode value below (a QName in text content).
    out << frame.start({{"rf", kPlatformFaultNs}});
    writeFaultHeader(out, frame, fault);
    out << frame.bodyOpen() << frame.open("Fault") << frame.open("Code") << frame.open("Value")
        << env << ":" << soap12CodeValue(fault.code) << frame.close("Value");
    // The codes SOAP defines stand alone; ours refine env:Sender or env:Receiver.
    if (!isSoapDefinedFault(fault.code)) {
      out << frame.open("Subcode") << frame.open("Value") << "rf:" << faultSubcode(fault.code)
          << frame.close("Value") << frame.close("Subcode");
    }
    out << frame.close("Code") << frame.open("Reason") << "<" << env << ":Text xml:lang=\"en\">"
        << xmlEscape(reasonText(fault)) << frame.close("Text") << frame.close("Reason")
        << frame.open("Detail");
    writeDetail(out, fault, message_id);
    out << frame.close("Detail") << frame.close("Fault") << frame.end();
  }
  return out.str();
}

int faultHttpStatus(SoapVersion version, FaultCode code) {
  const auto& spec = faultSpec(code);
  return version == SoapVersion::k11 ? spec.http_status_soap11 : spec.http_status_soap12;
}

HttpReply soapFaultReply(SoapVersion version, const FaultInfo& fault, std::string_view message_id) {
  HttpReply reply;
  reply.status = faultHttpStatus(version, fault.code);
  reply.content_type = soapContentType(version);
  reply.body = renderSoapFault(version, fault, message_id);
  return reply;
}

const char* soapContentType(SoapVersion version) {
  return version == SoapVersion::k11 ? "text/xml; charset=utf-8"
                                     : "application/soap+xml; charset=utf-8";
}

}  // namespace renkei
