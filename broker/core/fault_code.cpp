#include "broker/core/fault_code.h"

#include <array>
#include <sstream>

namespace renkei {
namespace {

// HTTP status per binding: SOAP 1.1 (WS-I Basic Profile) answers every fault with 500; SOAP 1.2
// answers Sender faults with 400 and Receiver faults with 500. Refusals decided before any SOAP
// processing (content type, size) use the HTTP status that names them in both bindings.
constexpr std::array kFaultTable = {
    FaultCodeSpec{
        FaultCode::kInvalidContentType, "Client.InvalidContentType", true, 415, 415,
        "Content-Type is neither text/xml (SOAP 1.1) nor application/soap+xml (SOAP 1.2)."},
    FaultCodeSpec{FaultCode::kMessageTooLarge, "Client.MessageTooLarge", true, 413, 413,
                  "The request exceeds the configured maximum message size."},
    FaultCodeSpec{FaultCode::kIncompleteRequest, "Client.IncompleteRequest", true, 400, 400,
                  "The request has no body, or its body did not arrive whole (shorter than its "
                  "Content-Length, or not within the request deadline)."},
    FaultCodeSpec{FaultCode::kInvalidXml, "Client.InvalidXml", true, 500, 400,
                  "The request is not well-formed UTF-8 XML."},
    FaultCodeSpec{FaultCode::kForbiddenXmlConstruct, "Client.ForbiddenXmlConstruct", true, 500, 400,
                  "The request uses a DOCTYPE, entities, or exceeds depth/attribute limits."},
    FaultCodeSpec{FaultCode::kInvalidSoap, "Client.InvalidSoap", true, 500, 400,
                  "The XML is not a SOAP envelope (root, Header and Body as SOAP requires)."},
    // SOAP 1.2 HTTP binding: env:VersionMismatch and env:MustUnderstand are answered with 500.
    FaultCodeSpec{FaultCode::kVersionMismatch, "VersionMismatch", true, 500, 500,
                  "The Envelope is not in the namespace of the SOAP version the Content-Type "
                  "announces (or in no SOAP namespace at all). SOAP 1.2 faults list the "
                  "supported envelopes in an env:Upgrade header."},
    FaultCodeSpec{FaultCode::kMustUnderstand, "MustUnderstand", true, 500, 500,
                  "A header block marked mustUnderstand is addressed to the broker (role or actor "
                  "next) and the broker does not process it; SOAP 1.2 faults name it in "
                  "env:NotUnderstood."},
    FaultCodeSpec{FaultCode::kMissingHeader, "Client.MissingHeader", true, 500, 400,
                  "The platform header block is missing from the SOAP Header."},
    FaultCodeSpec{FaultCode::kInvalidHeader, "Client.InvalidHeader", true, 500, 400,
                  "A platform header field is missing or malformed (names the field)."},
    FaultCodeSpec{
        FaultCode::kSchemaViolation, "Client.SchemaViolation", true, 500, 400,
        "The body does not validate against the service's schema (line, column, element)."},
    FaultCodeSpec{FaultCode::kUnknownService, "Client.UnknownService", true, 500, 400,
                  "The header names a service and version the platform does not know."},
    FaultCodeSpec{FaultCode::kActionMismatch, "Client.ActionMismatch", true, 500, 400,
                  "The URL path or the SOAPAction names another service than the platform "
                  "header: each service has its own address and action (its WSDL)."},
    FaultCodeSpec{FaultCode::kUnknownUnit, "Client.UnknownUnit", true, 500, 400,
                  "The sender or receiver unit is not registered."},
    FaultCodeSpec{
        FaultCode::kLinkNotRegistered, "Client.LinkNotRegistered", true, 500, 400,
        "No active link allows this sender, receiver, service and purpose (default deny)."},
    FaultCodeSpec{FaultCode::kPurposeNotPermitted, "Client.PurposeNotPermitted", true, 500, 400,
                  "My Number gateway: no row of the purpose rules (`renkei mynumber rules`) "
                  "permits this 事務, 情報照会者, 情報提供者 and 特定個人情報 item on this date "
                  "(default deny). Recorded like every refusal."},
    FaultCodeSpec{FaultCode::kPersonalNumberExposed, "Client.PersonalNumberExposed", true, 500, 400,
                  "A message towards the My Number gateway carries a 個人番号 (12 digits with a "
                  "valid check digit) in a text, attribute or anywhere in its markup; people are "
                  "named by 宛名番号 on that path. Names the element and line; the number is "
                  "masked in the fault and in every record."},
    FaultCodeSpec{FaultCode::kFugoNotObtained, "Client.FugoNotObtained", true, 500, 400,
                  "My Number gateway: no 符号 is kept for this 宛名番号, so the person cannot be "
                  "named towards the network. Obtain it first (FugoShutoku); recorded as 拒否."},
    FaultCodeSpec{FaultCode::kSenderMismatch, "Client.SenderMismatch", true, 500, 400,
                  "The header's sender (or the unit a registry question names) is not the unit "
                  "the caller authenticated as: its client certificate belongs to another unit."},
    FaultCodeSpec{FaultCode::kUnauthenticated, "Client.Unauthenticated", true, 500, 400,
                  "No credential proves the caller is the unit it names: no client certificate "
                  "bound to a unit, a plain unit calling from a non-loopback address, or a "
                  "signed unit whose message carries no verified signature of it."},
    FaultCodeSpec{FaultCode::kDuplicateMessage, "Client.DuplicateMessage", true, 500, 400,
                  "The sender already sent a message with this MessageId (within twice the "
                  "allowed clock skew)."},
    FaultCodeSpec{FaultCode::kStaleMessage, "Client.StaleMessage", true, 500, 400,
                  "The header's Timestamp is further from the broker's clock than the allowed "
                  "skew (<replay maxClockSkewSeconds>)."},
    // WS-Security signed messages: each refusal of a signature has its own code.
    FaultCodeSpec{FaultCode::kInvalidSecurityHeader, "Client.InvalidSecurityHeader", true, 500, 400,
                  "The wsse:Security header is malformed: not exactly one ds:Signature or "
                  "wsu:Timestamp, no X.509 BinarySecurityToken referenced from KeyInfo, a "
                  "reference that is not a wsu:Id of the message, or a duplicate wsu:Id."},
    FaultCodeSpec{FaultCode::kUnsupportedAlgorithm, "Client.UnsupportedAlgorithm", true, 500, 400,
                  "The signature uses an algorithm outside the platform's profile: exclusive "
                  "c14n, RSA-SHA256 or ECDSA-SHA256, SHA-256 digests (SHA-1 is refused)."},
    FaultCodeSpec{FaultCode::kUnsignedPart, "Client.UnsignedPart", true, 500, 400,
                  "The signature does not cover a required part: the SOAP Body, the "
                  "wsu:Timestamp or the platform header block (names the part)."},
    FaultCodeSpec{FaultCode::kCertificateRejected, "Client.CertificateRejected", true, 500, 400,
                  "The signing certificate does not chain to the platform CA, has expired or "
                  "is revoked."},
    FaultCodeSpec{FaultCode::kSignatureInvalid, "Client.SignatureInvalid", true, 500, 400,
                  "The XML signature does not match the message: a signed part was changed "
                  "after signing, or the signature value is wrong."},
    FaultCodeSpec{FaultCode::kSignatureExpired, "Client.SignatureExpired", true, 500, 400,
                  "The signed wsu:Timestamp has expired (Expires is past) or lies in the "
                  "future."},
    FaultCodeSpec{FaultCode::kSignerMismatch, "Client.SignerMismatch", true, 500, 400,
                  "The signature is valid but made with a certificate that is not the one "
                  "registered for the header's sender unit (names the units)."},
    FaultCodeSpec{FaultCode::kReceiverUnavailable, "Server.ReceiverUnavailable", false, 500, 500,
                  "The receiving unit could not be reached, or has been failing (circuit breaker "
                  "open)."},
    FaultCodeSpec{FaultCode::kReceiverTimeout, "Server.ReceiverTimeout", false, 500, 500,
                  "The receiving unit did not answer, or had no free slot, before the "
                  "exchange's deadline."},
    FaultCodeSpec{FaultCode::kInvalidResponse, "Server.InvalidResponse", false, 500, 500,
                  "The receiving unit's answer is not a valid response of the service."},
    FaultCodeSpec{FaultCode::kOverloaded, "Server.Overloaded", false, 503, 503,
                  "The broker, or its share for the receiving unit (concurrent exchanges and "
                  "waiting callers), is full; retry after Retry-After."},
    FaultCodeSpec{FaultCode::kPeerUnavailable, "Server.PeerUnavailable", false, 503, 503,
                  "The receiver is hosted by a broker in another cloud that cannot be reached, "
                  "did not answer, or has been failing (breaker open); local traffic is not "
                  "affected. Retry after Retry-After."},
    FaultCodeSpec{FaultCode::kRegistryExpired, "Server.RegistryExpired", false, 503, 503,
                  "Cross-cloud traffic is authorized from the federation primary's signed registry "
                  "snapshot, and this broker's copy has expired or never arrived (the primary "
                  "cannot be reached, or its snapshot was refused); local traffic is not "
                  "affected. Retry after Retry-After."},
    FaultCodeSpec{FaultCode::kNetworkUnavailable, "Server.NetworkUnavailable", false, 503, 503,
                  "My Number gateway: the network side did not answer a 符号 request (timeout or "
                  "failure); nothing was kept. Retry later. (A 情報照会 the network does not "
                  "answer is not a fault: its items come back 不開示 F05, recorded 応答なし.)"},
    FaultCodeSpec{FaultCode::kAuditUnavailable, "Server.AuditUnavailable", false, 503, 503,
                  "The audit trail cannot be written; nothing was forwarded. Retry later."},
    FaultCodeSpec{FaultCode::kInternal, "Server.Internal", false, 500, 500,
                  "An unexpected broker error; the audit record names the exchange."},
};

}  // namespace

const FaultCodeSpec& faultSpec(FaultCode code) {
  for (const auto& spec : kFaultTable) {
    if (spec.code == code) return spec;
  }
  return kFaultTable.back();  // kInternal; unreachable while the table is complete
}

std::span<const FaultCodeSpec> allFaultSpecs() { return kFaultTable; }

std::optional<FaultCode> faultCodeNamed(std::string_view name) {
  for (const FaultCodeSpec& spec : kFaultTable) {
    if (spec.name == name) return spec.code;
  }
  return std::nullopt;
}

std::string_view faultSubcode(FaultCode code) {
  std::string_view name = faultSpec(code).name;
  auto dot = name.find('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

bool isSoapDefinedFault(FaultCode code) {
  return code == FaultCode::kVersionMismatch || code == FaultCode::kMustUnderstand;
}

std::string_view soap12CodeValue(FaultCode code) {
  if (isSoapDefinedFault(code)) return faultSpec(code).name;
  return faultSpec(code).sender_fault ? "Sender" : "Receiver";
}

std::string faultTableMarkdown() {
  std::ostringstream out;
  out << "| code | SOAP 1.2 Code | HTTP (1.1 / 1.2) | meaning |\n";
  out << "|---|---|---|---|\n";
  for (const auto& spec : kFaultTable) {
    out << "| `" << spec.name << "` | env:" << soap12CodeValue(spec.code) << " | "
        << spec.http_status_soap11 << " / " << spec.http_status_soap12 << " | " << spec.meaning
        << " |\n";
  }
  return out.str();
}

}  // namespace renkei
