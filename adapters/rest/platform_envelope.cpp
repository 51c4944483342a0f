#include "adapters/rest/platform_envelope.h"

#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "broker/audit/audit_hash.h"
#include "broker/core/xml_escape.h"

namespace renkei::rest {
namespace {

void field(std::string& out, const char* name, const std::string& value) {
  if (value.empty()) return;
  out += "<h:";
  out += name;
  out += '>';
  out += xmlEscapeData(value);
  out += "</h:";
  out += name;
  out += '>';
}

}  // namespace

std::string newMessageId() {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) throw std::runtime_error("no random bytes for a message id");
  b[6] = (b[6] & 0x0F) | 0x40;
  b[8] = (b[8] & 0x3F) | 0x80;
  char text[37];
  std::snprintf(text, sizeof text,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return text;
}

std::string jtiMessageId(const std::string& unit, const std::string& jti) {
  // The unit is part of the name: two units' jtis never collide (the guard is per sender too).
  std::string hex = sha256Hex("renkei rest jti\n" + unit + "\n" + jti).substr(0, 32);
  hex[12] = '8';                                                    // version 8
  hex[16] = "89ab"[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];  // variant 10xx
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

std::string utcTimestampNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string platformEnvelope(const PlatformHeader& h, const std::string& body_xml) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns:h=\"";
  out += kPlatformHeaderNs;
  out += "\"><soap:Header><h:PlatformHeader>";
  field(out, "MessageId", h.message_id);
  field(out, "CorrelationId", h.correlation_id);
  field(out, "Sender", h.sender);
  field(out, "Receiver", h.receiver);
  field(out, "ServiceName", h.service_name);
  field(out, "ServiceVersion", h.service_version);
  field(out, "PurposeCode", h.purpose_code);
  field(out, "UserId", h.user_id);
  field(out, "CaseReference", h.case_reference);
  field(out, "Timestamp", h.timestamp);
  field(out, "ProtocolVersion", h.protocol_version);
  out += "</h:PlatformHeader></soap:Header><soap:Body>";
  out += body_xml;
  out += "</soap:Body></soap:Envelope>";
  return out;
}

}  // namespace renkei::rest
