#pragma once
// What the stages that route a message read of its envelope, apart from any DOM: the SOAP
// version, the header blocks (for mustUnderstand), the platform header's fields, the body root
// and the schema issues. Filled either from a DOM (ParsedEnvelope) or, for a message that
// streamed through the validating scan without a single issue, from that scan alone: building a
// DOM costs a 1 KiB request about three times what the scan does (Xerces' node casts and
// allocations), and most exchanges need none (bench/RESULTS.md, 2026-12-04).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "broker/core/soap_version.h"
#include "broker/xml/parsed_document.h"

namespace renkei::xml {

class ParsedEnvelope;
struct ScannedEnvelope;

// A child element of soap:Header, with the attributes SOAP's mustUnderstand rule reads (their
// text as written, empty when absent): soap:mustUnderstand, and soap:actor (SOAP 1.1) or
// soap:role (SOAP 1.2) in the envelope's own namespace.
struct HeaderBlockFacts {
  std::string ns;
  std::string local;
  std::string must_understand;
  std::string role;
};

struct EnvelopeFacts {
  SoapVersion version = SoapVersion::k11;
  std::vector<HeaderBlockFacts> header_blocks;
  // The platform header block, when there is one: its path and its element children in the
  // platform header namespace, in document order, as {local name, text content}.
  bool has_platform_header = false;
  std::string platform_header_path;  // "/Envelope/Header/PlatformHeader"
  std::vector<std::pair<std::string, std::string>> platform_fields;
  // The single element child of soap:Body.
  std::string body_root_ns;
  std::string body_root_local;
  std::string body_root_path;      // "/Envelope/Body/<local>"
  bool body_root_declared = true;  // false when lax validation skipped it: no schema declares it
  bool is_fault = false;
  std::vector<ValidationIssue> issues;

  static EnvelopeFacts of(const ParsedEnvelope& envelope);
  // From EnvelopeScanner::scanRequest, for a scan that found the message sound: no fault, no
  // issue and no unqualified header block (ParseStage builds the DOM for any other, so that
  // every refusal says exactly what it said before). Moves the scan's strings.
  static EnvelopeFacts ofScan(ScannedEnvelope&& scanned);

  // Text of the platform header's first child `local`, nullopt if absent.
  std::optional<std::string> headerField(std::string_view local) const;
  // Issues whose element path is `prefix` or lies below it.
  std::vector<const ValidationIssue*> issuesUnder(std::string_view prefix) const;
  // "{ns}local" of the body root, as faults name elements.
  std::string bodyRootName() const { return "{" + body_root_ns + "}" + body_root_local; }
  bool bodyRootIs(std::string_view ns, std::string_view local) const {
    return body_root_ns == ns && body_root_local == local;
  }
};

}  // namespace renkei::xml
