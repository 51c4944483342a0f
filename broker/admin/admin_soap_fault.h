#pragma once
// The admin service's refusals as SOAP faults: faultcode "SOAP-ENV:Client.NoSuchLink" in SOAP
// 1.1 (Sender/Receiver with the code as subcode in 1.2), detail flt:FaultDetail with the code and
// reason, like the platform's own faults. Shared by the operations and by request parsing.
#include <string>

#include "broker/admin/admin_error.h"

struct soap;

namespace renkei::admin {

// Makes `code` and `reason` the fault of the current request; returns SOAP_FAULT.
int setAdminFault(struct soap* conn, AdminErrorCode code, const std::string& reason);

// The HTTP status the fault being sent should carry when it is not gSOAP's usual one: 401 for
// Client.Unauthenticated, 403 for Client.NotPermitted (so proxies, curl and browsers see what
// happened); 0 otherwise.
int adminFaultHttpStatus(struct soap* conn);

// For soap->fignore, called by gSOAP for an element the request type does not declare. One in
// the registry's own namespace is refused rather than skipped: an UpdateLinkRequest naming
// <Sender> must not "succeed" without moving the link. Elements of other namespaces (SOAP
// headers such as WS-Addressing) are still skipped, as SOAP allows.
int refuseUndeclaredRegistryElement(struct soap* conn, const char* tag);

}  // namespace renkei::admin
