#pragma once
// Between the registry's own types and the gSOAP types generated from wsdl/registry.wsdl. Values
// handed to gSOAP are allocated in the given context and freed with it (soap_destroy/soap_end).
#include <vector>

#include "broker/admin/registry_admin_service.h"
#include "broker/core/registry_types.h"
#include "broker/registry/link_edit.h"
#include "soapH.h"

namespace renkei::admin {

reg__LinkDetails* toSoapDetails(struct soap* soap, const Link& link);
reg__Link* toSoapLink(struct soap* soap, const Link& link);
reg__LinkChange* toSoapChange(struct soap* soap, const LinkChange& change);
reg__AllowedService* toSoapAllowed(struct soap* soap, const AllowedService& allowed);
reg__LinkUsage* toSoapUsage(struct soap* soap, const reports::LinkUsage& usage);

// Key and governance fields only (id, status and approver stay default).
Link fromSoapDetails(const reg__LinkDetails& details);
Link fromSoapLink(const reg__Link& link);
// The fields an UpdateLinkRequest carries, by element name; an absent element is no change, an
// empty one a new empty value.
LinkFieldValues fromSoapUpdate(const _reg__UpdateLinkRequest& request);
LinkStatus fromSoapStatus(enum reg__LinkStatus status);
enum reg__LinkStatus toSoapStatus(LinkStatus status);

}  // namespace renkei::admin
