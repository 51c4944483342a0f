#include "broker/admin/admin_soap_fault.h"

#include <cstring>

#include "broker/registry/link_edit.h"
#include "soapH.h"

namespace renkei::admin {

namespace {

constexpr const char* kRegistryNamespace = "urn:renkei:registry:v1";

}  // namespace

int setAdminFault(struct soap* conn, AdminErrorCode code, const std::string& reason) {
  const std::string qname = std::string("SOAP-ENV:") + adminErrorName(code);
  if (isSenderError(code)) {
    soap_sender_fault_subcode(conn, qname.c_str(), reason.c_str(), nullptr);
  } else {
    soap_receiver_fault_subcode(conn, qname.c_str(), reason.c_str(), nullptr);
  }
  auto* detail = soap_new_flt__FaultDetail(conn);
  detail->Code = adminErrorName(code);
  detail->Reason = reason;
  // The typed detail (not a literal XML string), so generated clients get flt__FaultDetail_.
  SOAP_ENV__Detail* holder = soap_new_SOAP_ENV__Detail(conn);
  holder->flt__FaultDetail_ = detail;
  if (conn->version == 2) {
    conn->fault->SOAP_ENV__Detail = holder;
  } else {
    conn->fault->detail = holder;
  }
  return SOAP_FAULT;
}

int adminFaultHttpStatus(struct soap* conn) {
  if (conn->fault == nullptr) return 0;
  const SOAP_ENV__Detail* holder =
      conn->version == 2 ? conn->fault->SOAP_ENV__Detail : conn->fault->detail;
  if (holder == nullptr || holder->flt__FaultDetail_ == nullptr) return 0;
  const std::string& code = holder->flt__FaultDetail_->Code;
  if (code == adminErrorName(AdminErrorCode::kUnauthenticated)) return 401;
  if (code == adminErrorName(AdminErrorCode::kNotPermitted)) return 403;
  return 0;
}

int refuseUndeclaredRegistryElement(struct soap* conn, const char* tag) {
  const char* ns = soap_current_namespace_tag(conn, tag);
  if (ns == nullptr || std::strcmp(ns, kRegistryNamespace) != 0) return SOAP_OK;
  const char* colon = std::strchr(tag, ':');
  const std::string element = colon != nullptr ? colon + 1 : tag;
  if (auto refusal = identityFieldRefusal(element)) {
    return setAdminFault(conn, AdminErrorCode::kInvalidLink, *refusal);
  }
  return setAdminFault(conn, AdminErrorCode::kInvalidRequest,
                       "element " + element +
                           " is not part of this request; GET /registry.wsdl describes each "
                           "operation's elements");
}

}  // namespace renkei::admin
