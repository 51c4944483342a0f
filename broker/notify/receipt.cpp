#include "broker/notify/receipt.h"

#include "broker/core/platform_header_writer.h"
#include "broker/core/random_uuid.h"
#include "broker/core/soap_envelope.h"
#include "broker/core/xml_escape.h"

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
  std::string out =
      frame.start({{"hdr", kPlatformHeaderNs}, {"ntf", "urn:renkei:platform:notify:v1"}});
  // The receipt answers the posted message: from its receiver, to its sender, correlated to it.
  PlatformHeader header;
  header.message_id = newRandomUuid();
  header.correlation_id = posted.message_id;
  header.sender = posted.receiver;
  header.receiver = posted.sender;
  header.service_name = posted.service_name;
  header.service_version = posted.service_version;
  header.purpose_code = posted.purpose_code;
  header.timestamp = facts.accepted_at;
  header.protocol_version = "1.0";
  out += frame.open("Header") + renderPlatformHeader(header) + frame.close("Header") +
         frame.bodyOpen() + "<ntf:NotificationReceipt>";
  out += element("ntf", "MessageId", facts.message_id);
  out += element("ntf", "ServiceName", posted.service_name);
  out += element("ntf", "ServiceVersion", posted.service_version);
  out += element("ntf", "Deliveries", std::to_string(facts.deliveries));
  out += element("ntf", "AcceptedAt", facts.accepted_at);
  out += "</ntf:NotificationReceipt>" + frame.end();
  return out;
}

}  // namespace renkei
