#pragma once
// The platform's stable error codes. This table is the single source for SOAP faults, audit
// records, metrics and the documentation (`renkei faults --markdown` prints it; a test checks that
// docs/fault-codes.md matches).
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace renkei {

enum class FaultCode {
  kInvalidContentType,
  kMessageTooLarge,
  kIncompleteRequest,
  kInvalidXml,
  kForbiddenXmlConstruct,
  kInvalidSoap,
  // Defined by SOAP itself (SOAP 1.1 §4.4.1, SOAP 1.2 Part 1 §5.4.6): their SOAP 1.2 env:Code is
  // env:VersionMismatch / env:MustUnderstand rather than env:Sender.
  kVersionMismatch,
  kMustUnderstand,
  kMissingHeader,
  kInvalidHeader,
  kSchemaViolation,
  kUnknownService,
  kActionMismatch,
  kUnknownUnit,
  kLinkNotRegistered,
  // My Number gateway (broker/mynumber, adapters/mynumber).
  kPurposeNotPermitted,
  kPersonalNumberExposed,
  kFugoNotObtained,
  kSenderMismatch,
  kUnauthenticated,
  kDuplicateMessage,
  kStaleMessage,
  // WS-Security signed messages (broker/wssec).
  kInvalidSecurityHeader,
  kUnsupportedAlgorithm,
  kUnsignedPart,
  kCertificateRejected,
  kSignatureInvalid,
  kSignatureExpired,
  kSignerMismatch,
  kReceiverUnavailable,
  kReceiverTimeout,
  kInvalidResponse,
  kOverloaded,
  // Federation (adapters/peer): the broker in another cloud that hosts the receiver.
  kPeerUnavailable,
  // Registry consistency across clouds: this broker's signed copy of the cross-cloud links.
  kRegistryExpired,
  // My Number gateway: the network side (情報提供ネットワークシステム) cannot be reached.
  kNetworkUnavailable,
  kAuditUnavailable,
  kInternal,
};

struct FaultCodeSpec {
  FaultCode code;
  std::string_view name;   // e.g. "Client.SchemaViolation"; stable, never renamed
  bool sender_fault;       // SOAP 1.2 env:Sender (true) or env:Receiver (false)
  int http_status_soap11;  // SOAP 1.1 binding: 500 for faults, except HTTP-level refusals
  int http_status_soap12;  // SOAP 1.2 binding: 400 for Sender, 500 for Receiver, or HTTP-level
  std::string_view meaning;
};

const FaultCodeSpec& faultSpec(FaultCode code);
std::span<const FaultCodeSpec> allFaultSpecs();
// The code whose stable name is `name` ("Client.LinkNotRegistered"): what a peer broker's
// answer carries. nullopt for a name this broker does not know.
std::optional<FaultCode> faultCodeNamed(std::string_view name);
// The part after "Client."/"Server.", used as the SOAP 1.2 subcode local name.
std::string_view faultSubcode(FaultCode code);
// The SOAP 1.2 env:Code value without prefix: "VersionMismatch" and "MustUnderstand" for the
// two codes SOAP defines, otherwise "Sender" or "Receiver" (then the code is an env:Subcode).
std::string_view soap12CodeValue(FaultCode code);
bool isSoapDefinedFault(FaultCode code);
// Markdown table of all codes, used for docs/fault-codes.md.
std::string faultTableMarkdown();

// A refusal or failure as decided by a stage: the code plus what a human needs to fix it.
struct FaultInfo {
  FaultCode code = FaultCode::kInternal;
  std::string reason;        // human-readable, no personal data
  std::string element_path;  // for schema/header errors: /Envelope/Body/X/Y
  int line = 0;
  int column = 0;
  // MustUnderstand: the header blocks not understood, as {namespace, local name}; a SOAP 1.2
  // fault names each in an env:NotUnderstood header block.
  std::vector<std::pair<std::string, std::string>> not_understood;
};

// A fault with a reason only (no position in the message).
inline FaultInfo faultOf(FaultCode code, std::string reason) {
  FaultInfo fault;
  fault.code = code;
  fault.reason = std::move(reason);
  return fault;
}

}  // namespace renkei
