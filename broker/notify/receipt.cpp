#include "broker/notify/receipt.h"

#include "broker/core/soap_envelope.h"
#include "broker/core/soap_fault_writer.h"
#include "broker/notify/notify_clock.h"

namespace renkei {
namespace {

std::string element(const char* prefix, const char* name, const std::string& text) {
  return std::string("<") + prefix + ":" + name + ">" + xmlEscape(text) + "</" + prefix + ":" +
         name + ">";
}

}  // namespace

std::string renderReceipt(SoapVersion version, const PlatformHeader& posted,
                          const ReceiptFacts& facts) {
  // env: in SOAP 1.1 too, unlike the fault writer: receipts have always been written so, and a
  // sender matching the receipt's text would otherwise see it change.
  const SoapEnvelopeFrame frame(version, "env");
  std::string out = frame.start(
      {{"hdr", "urn:renkei:platform:header:v1"}, {"ntf", "urn:renkei:platform:notify:v1"}});
  out += frame.open("Header") + "<hdr:PlatformHeader>";
  out += element("hdr", "MessageId", newUuid());
  out += element("hdr", "CorrelationId", posted.message_id);
  out += element("hdr", "Sender", posted.receiver);
  out += element("hdr", "Receiver", posted.sender);
  out += element("hdr", "ServiceName", posted.service_name);
  out += element("hdr", "ServiceVersion", posted.service_version);
  out += element("hdr", "PurposeCode", posted.purpose_code);
  out += element("hdr", "Timestamp", facts.accepted_at);
  out += element("hdr", "ProtocolVersion", "1.0");
  out += "</hdr:PlatformHeader>" + frame.close("Header") + frame.bodyOpen() +
         "<ntf:NotificationReceipt>";
  out += element("ntf", "MessageId", facts.message_id);
  out += element("ntf", "ServiceName", posted.service_name);
  out += element("ntf", "ServiceVersion", posted.service_version);
  out += element("ntf", "Deliveries", std::to_string(facts.deliveries));
  out += element("ntf", "AcceptedAt", facts.accepted_at);
  out += "</ntf:NotificationReceipt>" + frame.end();
  return out;
}

}  // namespace renkei
