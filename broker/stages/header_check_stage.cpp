#include "broker/stages/header_check_stage.h"

#include <string>

#include "broker/core/tenant_code.h"
#include "broker/xml/envelope_facts.h"

namespace renkei {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

struct Field {
  const char* name;
  bool required;
  std::string PlatformHeader::*member;
};

constexpr Field kFields[] = {
    {"MessageId", true, &PlatformHeader::message_id},
    {"CorrelationId", false, &PlatformHeader::correlation_id},
    {"Sender", true, &PlatformHeader::sender},
    {"Receiver", true, &PlatformHeader::receiver},
    {"ServiceName", true, &PlatformHeader::service_name},
    {"ServiceVersion", true, &PlatformHeader::service_version},
    {"PurposeCode", true, &PlatformHeader::purpose_code},
    {"UserId", false, &PlatformHeader::user_id},
    {"CaseReference", false, &PlatformHeader::case_reference},
    {"Timestamp", true, &PlatformHeader::timestamp},
    {"ProtocolVersion", true, &PlatformHeader::protocol_version},
};

StageResult invalidField(const std::string& block_path, std::string_view field, std::string why) {
  FaultInfo f;
  f.code = FaultCode::kInvalidHeader;
  f.reason = "platform header field " + std::string(field) + " " + why;
  f.element_path = block_path + "/" + std::string(field);
  return StageResult::refuse(std::move(f));
}

// The field an issue path names: the step after the header block, or the block itself.
std::string fieldOf(const std::string& issue_path, const std::string& block_path) {
  if (issue_path.size() <= block_path.size() + 1) return "PlatformHeader";
  std::string rest = issue_path.substr(block_path.size() + 1);
  return rest.substr(0, rest.find('/'));
}

// "062022/juki": a valid tenant code, a slash, a non-empty local name.
std::string unitIdProblem(const std::string& unit_id) {
  auto slash = unit_id.find('/');
  if (slash != 6 || slash + 1 >= unit_id.size()) {
    return "must be a unit id like 062022/juki";
  }
  if (!isValidTenantCode(std::string_view(unit_id).substr(0, 6))) {
    return "has tenant code " + unit_id.substr(0, 6) + " whose check digit is wrong";
  }
  return {};
}

}  // namespace

bool isUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !isHex(text[i])) return false;
  }
  return true;
}

StageResult HeaderCheckStage::process(Exchange& exchange) {
  if (!exchange.envelope_facts) {
    return StageResult::refuse(FaultCode::kInternal, "header check ran before the parse stage");
  }
  const xml::EnvelopeFacts& envelope = *exchange.envelope_facts;
  if (!envelope.has_platform_header) {
    return StageResult::refuse(FaultCode::kMissingHeader,
                               std::string("the platform header ") + kPlatformHeaderNs +
                                   " PlatformHeader is missing from soap:Header");
  }
  const std::string& block_path = envelope.platform_header_path;

  PlatformHeader header;
  for (const Field& field : kFields) {
    auto text = envelope.headerField(field.name);
    if (!text && field.required) return invalidField(block_path, field.name, "is missing");
    if (text) header.*field.member = std::move(*text);
  }

  auto issues = envelope.issuesUnder(block_path);
  if (!issues.empty()) {
    const xml::ValidationIssue& issue = *issues.front();
    std::string field = fieldOf(issue.element_path, block_path);
    FaultInfo f;
    f.code = FaultCode::kInvalidHeader;
    f.reason = "platform header field " + field + " is invalid at line " +
               std::to_string(issue.line) + ", column " + std::to_string(issue.column) + ": " +
               issue.message;
    f.element_path = issue.element_path;
    f.line = issue.line;
    f.column = issue.column;
    return StageResult::refuse(std::move(f));
  }

  // The schema says most of this too; checked again so the broker does not depend on it.
  if (!isUuid(header.message_id)) return invalidField(block_path, "MessageId", "is not a UUID");
  if (!header.correlation_id.empty() && !isUuid(header.correlation_id)) {
    return invalidField(block_path, "CorrelationId", "is not a UUID");
  }
  if (auto problem = unitIdProblem(header.sender); !problem.empty()) {
    return invalidField(block_path, "Sender", problem);
  }
  if (auto problem = unitIdProblem(header.receiver); !problem.empty()) {
    return invalidField(block_path, "Receiver", problem);
  }
  if (header.sender == header.receiver) {
    return invalidField(block_path, "Receiver", "names the sender itself");
  }
  exchange.header = std::move(header);
  return StageResult::proceed();
}

}  // namespace renkei
