#include "broker/core/platform_header_writer.h"

#include "broker/core/xml_escape.h"

namespace renkei {
namespace {

void field(std::string& out, std::string_view prefix, std::string_view name,
           const std::string& value) {
  if (value.empty()) return;
  out.append("<").append(prefix).append(":").append(name).append(">");
  out += xmlEscapeData(value);
  out.append("</").append(prefix).append(":").append(name).append(">");
}

}  // namespace

std::string renderPlatformHeader(const PlatformHeader& h, std::string_view prefix) {
  std::string out;
  out.append("<").append(prefix).append(":PlatformHeader>");
  field(out, prefix, "MessageId", h.message_id);
  field(out, prefix, "CorrelationId", h.correlation_id);
  field(out, prefix, "Sender", h.sender);
  field(out, prefix, "Receiver", h.receiver);
  field(out, prefix, "ServiceName", h.service_name);
  field(out, prefix, "ServiceVersion", h.service_version);
  field(out, prefix, "PurposeCode", h.purpose_code);
  field(out, prefix, "UserId", h.user_id);
  field(out, prefix, "CaseReference", h.case_reference);
  field(out, prefix, "Timestamp", h.timestamp);
  field(out, prefix, "ProtocolVersion", h.protocol_version);
  out.append("</").append(prefix).append(":PlatformHeader>");
  return out;
}

}  // namespace renkei
