#pragma once
// The SOAP side of the admin listener: the gSOAP service class generated from
// wsdl/registry.wsdl, bound to one accepted connection, with each operation delegating to
// RegistryAdminService. Refusals become SOAP faults whose detail is flt:FaultDetail with the
// AdminError code (faultcode "SOAP-ENV:Client.NoSuchLink" in SOAP 1.1, like the platform's).
#include <optional>
#include <string>

#include "broker/admin/admin_caller.h"
#include "broker/admin/admin_error.h"
#include "broker/admin/registry_admin_service.h"
#include "soapRegistryAdminSoap11BindingService.h"

namespace renkei::admin {

class AdminSoapEndpoint : public RegistryAdminSoap11BindingService {
 public:
  // Borrows `conn` (the accepted connection); never frees it.
  AdminSoapEndpoint(struct soap* conn, RegistryAdminService& service);
  // Who sent the request being dispatched (the listener authenticated and role-checked them
  // already); null or open = bootstrap mode, where the request's Actor is taken as given.
  void setCaller(const AdminCaller* caller) { caller_ = caller; }

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
  // The actor to record: the authenticated user's name. A request naming someone else in its
  // Actor element is refused (kNotPermitted) rather than silently re-attributed, so a client
  // that believes it acts for "市長" learns it does not; an empty Actor means "me".
  std::string actorFor(const std::string& given) const;
  ChangeContext changeFor(const std::string& actor, const std::string& reason) const;

  RegistryAdminService& service_;
  const AdminCaller* caller_ = nullptr;
};

}  // namespace renkei::admin
