#include "broker/registry/caller_authentication.h"

#include <arpa/inet.h>

namespace renkei {
namespace {

// The one answer for every caller without a credential: the same for unknown units, mtls units
// reached without a certificate, and plain units reached from another machine.
CallerAuthentication unauthenticated() {
  CallerAuthentication out;
  out.fault = faultOf(FaultCode::kUnauthenticated,
                      "no credential identifies the caller: connect with the client certificate "
                      "registered for the sending unit (plain connections are accepted from "
                      "loopback addresses only)");
  return out;
}

}  // namespace

bool isLoopbackAddress(const std::string& ip) {
  in_addr v4{};
  if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, ip.c_str(), &v6) != 1) return false;
  if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
  return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
}

CallerAuthentication authenticateCaller(const UnitIdentities& identities,
                                        const HttpRequest& request, const std::string& claimed_unit,
                                        const std::optional<std::string>& signed_by_unit) {
  // A REST call (adapters/rest) whose bearer JWT verified: the key that signed it is the
  // credential, bound to one unit in the configuration, as a client certificate is.
  if (!request.jwt_unit.empty()) {
    if (request.jwt_unit == claimed_unit) return CallerAuthentication{true, claimed_unit, {}};
    CallerAuthentication out;
    out.fault = faultOf(FaultCode::kSenderMismatch,
                        "the JWT identifies unit " + request.jwt_unit +
                            ", but the message claims to come from another unit");
    return out;
  }
  // A frame from a federation peer (adapters/peer): the peer's CURVE key is the credential, and
  // a peer speaks only for the units the directory says it hosts.
  if (!request.via_peer.empty()) {
    const UnitIdentity* claimed = identities.forUnit(claimed_unit);
    if (claimed && claimed->policy == ConnectionPolicy::kPeer &&
        claimed->peer == request.via_peer) {
      return CallerAuthentication{true, claimed->unit_id, {}};
    }
    CallerAuthentication out;
    out.fault = faultOf(FaultCode::kSenderMismatch,
                        "federation peer " + request.via_peer +
                            " does not host the sending unit: a peer broker may only send for "
                            "the units this broker's <federation> directory says it hosts");
    return out;
  }
  // A certificate bound to a unit decides, whatever the claimed unit's own policy: a unit that
  // proved who it is cannot speak for another, not even for a plain one on loopback.
  if (request.client_cert_sha256) {
    if (const UnitIdentity* holder =
            identities.forCertificate(*request.client_cert_sha256, request.client_cert_subject)) {
      CallerAuthentication out;
      if (holder->unit_id != claimed_unit) {
        out.fault = faultOf(FaultCode::kSenderMismatch,
                            "the client certificate identifies unit " + holder->unit_id +
                                ", but the message claims to come from another unit");
        return out;
      }
      out.ok = true;
      out.unit = holder->unit_id;
      return out;
    }
  }
  const UnitIdentity* claimed = identities.forUnit(claimed_unit);
  if (!claimed) return unauthenticated();
  switch (claimed->policy) {
    case ConnectionPolicy::kPlain:
      if (!isLoopbackAddress(request.peer_ip)) return unauthenticated();
      return CallerAuthentication{true, claimed->unit_id, {}};
    case ConnectionPolicy::kSigned: {
      // The signature stage has verified the signature and that its certificate is this unit's.
      if (signed_by_unit && *signed_by_unit == claimed->unit_id) {
        return CallerAuthentication{true, claimed->unit_id, {}};
      }
      CallerAuthentication out;
      out.fault = faultOf(FaultCode::kUnauthenticated,
                          "the sending unit must sign its messages (WS-Security): this message "
                          "carries no verified signature of it");
      return out;
    }
    case ConnectionPolicy::kMtls:
    case ConnectionPolicy::kPeer:  // only in a frame from its peer broker (above)
      break;
  }
  return unauthenticated();
}

}  // namespace renkei
