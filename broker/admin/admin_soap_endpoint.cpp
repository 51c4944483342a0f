#include "broker/admin/admin_soap_endpoint.h"

#include <iostream>

#include "broker/admin/admin_error.h"
#include "broker/admin/admin_soap_convert.h"
#include "broker/admin/admin_soap_fault.h"

namespace renkei::admin {
namespace {

std::string valueOf(const std::string* value) { return value ? *value : std::string(); }

// " status=active sender=062022/kokuho" for the record of a ListLinks; "" without filters.
std::string describeFilter(const LinkFilter& filter) {
  std::string text;
  if (filter.status) text += std::string(" status=") + linkStatusName(*filter.status);
  if (!filter.sender.empty()) text += " sender=" + filter.sender;
  if (!filter.receiver.empty()) text += " receiver=" + filter.receiver;
  if (!filter.tenant.empty()) text += " tenant=" + filter.tenant;
  if (!filter.service.empty()) text += " service=" + filter.service;
  return text;
}

}  // namespace

AdminSoapEndpoint::AdminSoapEndpoint(struct soap* conn, RegistryAdminService& service)
    : RegistryAdminSoap11BindingService(conn), service_(service) {}

template <typename Body>
int AdminSoapEndpoint::guarded(Body&& body) {
  try {
    body();
    return SOAP_OK;
  } catch (const AdminError& e) {
    return fault(e.code(), e.what());
  } catch (const std::exception& e) {
    // Unexpected errors may carry a store's or a host's address: log them, answer plainly.
    std::cerr << "renkei: admin service: " << e.what() << std::endl;
    return fault(AdminErrorCode::kInternal, "internal error; the broker's log has details");
  }
}

std::string AdminSoapEndpoint::actorFor(const std::string& given) const {
  if (caller_ == nullptr || !caller_->user) return given;
  const std::string& name = caller_->user->name;
  if (!given.empty() && given != name) {
    throw AdminError(AdminErrorCode::kNotPermitted,
                     "Actor '" + given + "' is not the authenticated user " + name +
                         ": a change is recorded under the user who made it (leave Actor empty "
                         "or give your own name)");
  }
  return name;
}

ChangeContext AdminSoapEndpoint::changeFor(const std::string& actor,
                                           const std::string& reason) const {
  return ChangeContext{actorFor(actor), reason, ""};
}

int AdminSoapEndpoint::fault(AdminErrorCode code, const std::string& reason) {
  return setAdminFault(this->soap, code, reason);
}

int AdminSoapEndpoint::ListLinks(_reg__ListLinksRequest* request,
                                 _reg__ListLinksResponse& response) {
  return guarded([&] {
    LinkFilter filter;
    if (request) {
      if (request->Status) filter.status = fromSoapStatus(*request->Status);
      filter.sender = valueOf(request->Sender);
      filter.receiver = valueOf(request->Receiver);
      filter.tenant = valueOf(request->Tenant);
      filter.service = valueOf(request->Service);
    }
    const std::vector<Link> links = service_.listLinks(filter);
    service_.recordRead(
        {"read", actorFor(""), this->soap->host,
         "ListLinks" + describeFilter(filter) + ": " + std::to_string(links.size()) + " links"});
    for (const Link& link : links) response.Link.push_back(toSoapLink(this->soap, link));
  });
}

int AdminSoapEndpoint::GetLink(_reg__GetLinkRequest* request, _reg__GetLinkResponse& response) {
  return guarded([&] {
    if (!request) throw AdminError(AdminErrorCode::kInvalidRequest, "LinkId is required");
    const LinkRecord record = service_.getLink(request->LinkId);
    service_.recordRead(
        {"read", actorFor(""), this->soap->host, "GetLink " + std::to_string(request->LinkId)});
    response.Link = toSoapLink(this->soap, record.link);
    for (const LinkChange& change : record.history) {
      response.History.push_back(toSoapChange(this->soap, change));
    }
    response.Usage = toSoapUsage(this->soap, service_.linkUsage(request->LinkId));
  });
}

int AdminSoapEndpoint::ProposeLink(_reg__ProposeLinkRequest* request, reg__LinkResult& response) {
  return guarded([&] {
    if (!request || !request->Details) {
      throw AdminError(AdminErrorCode::kInvalidLink, "Details are required");
    }
    const ChangeContext change = changeFor(request->Actor, valueOf(request->Reason));
    response.Link =
        toSoapLink(this->soap, service_.proposeLink(fromSoapDetails(*request->Details), change));
  });
}

int AdminSoapEndpoint::transition(reg__LinkTransition* request, reg__LinkResult& response,
                                  LinkStatus to, std::optional<LinkStatus> from_required) {
  return guarded([&] {
    if (!request) throw AdminError(AdminErrorCode::kInvalidRequest, "LinkId is required");
    const Link link = service_.transitionLink(
        request->LinkId, to, changeFor(request->Actor, valueOf(request->Reason)), from_required);
    response.Link = toSoapLink(this->soap, link);
  });
}

int AdminSoapEndpoint::ApproveLink(reg__LinkTransition* request, reg__LinkResult& response) {
  return transition(request, response, LinkStatus::kApproved, LinkStatus::kProposed);
}

int AdminSoapEndpoint::ActivateLink(reg__LinkTransition* request, reg__LinkResult& response) {
  return transition(request, response, LinkStatus::kActive, LinkStatus::kApproved);
}

int AdminSoapEndpoint::SuspendLink(reg__LinkTransition* request, reg__LinkResult& response) {
  return transition(request, response, LinkStatus::kSuspended, LinkStatus::kActive);
}

int AdminSoapEndpoint::ResumeLink(reg__LinkTransition* request, reg__LinkResult& response) {
  return transition(request, response, LinkStatus::kActive, LinkStatus::kSuspended);
}

int AdminSoapEndpoint::RetireLink(reg__LinkTransition* request, reg__LinkResult& response) {
  return transition(request, response, LinkStatus::kRetired, std::nullopt);
}

int AdminSoapEndpoint::UpdateLink(_reg__UpdateLinkRequest* request,
                                  _reg__UpdateLinkResponse& response) {
  return guarded([&] {
    if (!request) throw AdminError(AdminErrorCode::kInvalidRequest, "LinkId is required");
    const ChangeContext change = changeFor(request->Actor, valueOf(request->Reason));
    const LinkEdit edit = service_.updateLink(request->LinkId, fromSoapUpdate(*request), change);
    response.Link = toSoapLink(this->soap, edit.link);
    for (const LinkChange& row : edit.changes) {
      response.Change.push_back(toSoapChange(this->soap, row));
    }
  });
}

int AdminSoapEndpoint::ReviewLink(_reg__ReviewLinkRequest* request, reg__LinkResult& response) {
  return guarded([&] {
    if (!request) throw AdminError(AdminErrorCode::kInvalidRequest, "LinkId is required");
    const ChangeContext change = changeFor(request->Actor, request->Reason);
    response.Link = toSoapLink(
        this->soap, service_.reviewLink(request->LinkId, request->NextReviewDate, change));
  });
}

int AdminSoapEndpoint::ListAllowedServices(_reg__ListAllowedServicesRequest* request,
                                           _reg__ListAllowedServicesResponse& response) {
  return guarded([&] {
    if (!request || request->UnitId.empty()) {
      throw AdminError(AdminErrorCode::kInvalidRequest, "UnitId is required");
    }
    for (const AllowedService& allowed : service_.allowedServices(request->UnitId)) {
      response.Service.push_back(toSoapAllowed(this->soap, allowed));
    }
  });
}

}  // namespace renkei::admin
