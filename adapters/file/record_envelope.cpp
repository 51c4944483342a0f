#include "adapters/file/record_envelope.h"

#include <cstdio>
#include <ctime>

#include "adapters/file/message_builder.h"
#include "broker/audit/audit_hash.h"
#include "broker/core/xml_escape.h"

namespace renkei::file {

std::string recordMessageId(const std::string& file_sha256_hex, size_t record_number) {
  std::string hex = sha256Hex(file_sha256_hex + "/" + std::to_string(record_number));
  // The shape of a name-based UUID (version 5, RFC 4122 variant), so nothing downstream that
  // looks at the version nibble is surprised.
  hex[12] = '5';
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

std::string caseReference(const std::string& file_sha256_hex, size_t record_number) {
  return "file " + file_sha256_hex.substr(0, 16) + " record " + std::to_string(record_number);
}

std::string recordEnvelope(const RecordHeader& h, const std::string& body) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char timestamp[32];
  std::strftime(timestamp, sizeof timestamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns:hdr=\"urn:renkei:platform:header:v1\"><soapenv:Header><hdr:PlatformHeader>";
  const auto element = [&](const char* name, const std::string& value) {
    out += std::string("<hdr:") + name + ">" + xmlEscapeData(value) + "</hdr:" + name + ">";
  };
  element("MessageId", h.message_id);
  element("Sender", h.sender);
  element("Receiver", h.receiver);
  element("ServiceName", h.service);
  element("ServiceVersion", h.version);
  element("PurposeCode", h.purpose);
  if (!h.case_reference.empty()) element("CaseReference", h.case_reference);
  element("Timestamp", timestamp);
  element("ProtocolVersion", "1.0");
  out += "</hdr:PlatformHeader></soapenv:Header><soapenv:Body>" + body +
         "</soapenv:Body></soapenv:Envelope>";
  return out;
}

}  // namespace renkei::file
