#pragma once
// Fields of the platform header block (xsd/platform-header.xsd, namespace kPlatformHeaderNs).
#include <string>

namespace renkei {

inline constexpr const char* kPlatformHeaderNs = "urn:renkei:platform:header:v1";
inline constexpr const char* kPlatformFaultNs = "urn:renkei:platform:fault:v1";

struct PlatformHeader {
  std::string message_id;       // UUID
  std::string correlation_id;   // optional: responses, notifications
  std::string sender;           // unit id "062022/kokuho"
  std::string receiver;         // unit id "062022/juki"
  std::string service_name;     // "IdoJohoShokai"
  std::string service_version;  // "1"
  std::string purpose_code;     // 事務 code
  std::string user_id;          // optional operator id
  std::string case_reference;   // optional
  std::string timestamp;        // xs:dateTime
  std::string protocol_version;
};

}  // namespace renkei
