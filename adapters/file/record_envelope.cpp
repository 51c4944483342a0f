#include "adapters/file/record_envelope.h"

#include <string>

#include "adapters/file/message_builder.h"
#include "broker/audit/audit_hash.h"
#include "broker/core/platform_header_writer.h"
#include "broker/core/soap_envelope.h"
#include "broker/core/utc_timestamp.h"

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
  PlatformHeader header;
  header.message_id = h.message_id;
  header.sender = h.sender;
  header.receiver = h.receiver;
  header.service_name = h.service;
  header.service_version = h.version;
  header.purpose_code = h.purpose;
  header.case_reference = h.case_reference;
  header.timestamp = utcTimestampNow();
  header.protocol_version = "1.0";
  const SoapEnvelopeFrame frame(SoapVersion::k11);
  return frame.start({{"hdr", kPlatformHeaderNs}}) + frame.open("Header") +
         renderPlatformHeader(header) + frame.close("Header") + frame.bodyOpen() + body +
         frame.end();
}

}  // namespace renkei::file
