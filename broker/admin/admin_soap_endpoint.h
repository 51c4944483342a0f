#pragma once
// The SOAP side of the admin listener: the gSOAP service class generated from
// wsdl/registry.wsdl, bound to one accepted connection, with each operation delegating to
// RegistryAdminService. Refusals become SOAP faults whose detail is flt:FaultDetail with the
// AdminError code (faultcode "SOAP-ENV:Client.NoSuchLink" in SOAP 1.1, like the platform's).
#include <optional>
#include <string>

#include "broker/admin/admin_error.h"
#include "broker/admin/registry_admin_service.h"
#include "soapRegistryAdminSoap11BindingService.h"

namespace renkei::admin {

class AdminSoapEndpoint : public RegistryAdminSoap11BindingService {
 public:
  // Borrows `conn` (the accepted connection); never frees it.
  AdminSoapEndpoint(struct soap* conn, RegistryAdminService& service);

  int ListLinks(_reg__ListLinksRequest* request, _reg__ListLinksResponse& response) override;
  int GetLink(_reg__GetLinkRequest* request, _reg__GetLinkResponse& response) override;
  int ProposeLink(_reg__ProposeLinkRequest* request, reg__LinkResult& response) override;
  int ApproveLink(reg__LinkTransition* request, reg__LinkResult& response) override;
  int ActivateLink(reg__LinkTransition* request, reg__LinkResult& response) override;
  int SuspendLink(reg__LinkTransition* request, reg__LinkResult& response) override;
  int ResumeLink(reg__LinkTransition* request, reg__LinkResult& response) override;
  int RetireLink(reg__LinkTransition* request, reg__LinkResult& response) override;
  int UpdateLink(_reg__UpdateLinkRequest* request, _reg__UpdateLinkResponse& response) override;
  int ReviewLink(_reg__ReviewLinkRequest* request, reg__LinkResult& response) override;
  int ListAllowedServices(_reg__ListAllowedServicesRequest* request,
                          _reg__ListAllowedServicesResponse& response) override;

 private:
  int transition(reg__LinkTransition* request, reg__LinkResult& response, LinkStatus to,
                 std::optional<LinkStatus> from_required);
  // Runs `body`, turning AdminError (and anything unexpected) into a typed SOAP fault.
  template <typename Body>
  int guarded(Body&& body);
  int fault(AdminErrorCode code, const std::string& reason);

  RegistryAdminService& service_;
};

}  // namespace renkei::admin
