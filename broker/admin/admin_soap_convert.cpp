#include "broker/admin/admin_soap_convert.h"

namespace renkei::admin {
namespace {

// Optional elements: an empty value is left out rather than sent as an empty element, so an
// absent ValidTo means "unbounded" on both sides.
std::string* optional(struct soap* soap, const std::string& value) {
  if (value.empty()) return nullptr;
  std::string* out = soap_new_std__string(soap);
  *out = value;
  return out;
}

std::string valueOf(const std::string* value) { return value ? *value : std::string(); }

}  // namespace

enum reg__LinkStatus toSoapStatus(LinkStatus status) {
  switch (status) {
    case LinkStatus::kProposed:
      return reg__LinkStatus__proposed;
    case LinkStatus::kApproved:
      return reg__LinkStatus__approved;
    case LinkStatus::kActive:
      return reg__LinkStatus__active;
    case LinkStatus::kSuspended:
      return reg__LinkStatus__suspended;
    case LinkStatus::kRetired:
      return reg__LinkStatus__retired;
  }
  return reg__LinkStatus__proposed;
}

LinkStatus fromSoapStatus(enum reg__LinkStatus status) {
  switch (status) {
    case reg__LinkStatus__proposed:
      return LinkStatus::kProposed;
    case reg__LinkStatus__approved:
      return LinkStatus::kApproved;
    case reg__LinkStatus__active:
      return LinkStatus::kActive;
    case reg__LinkStatus__suspended:
      return LinkStatus::kSuspended;
    case reg__LinkStatus__retired:
      return LinkStatus::kRetired;
  }
  return LinkStatus::kProposed;
}

reg__LinkDetails* toSoapDetails(struct soap* soap, const Link& link) {
  auto* out = soap_new_reg__LinkDetails(soap);
  out->Sender = link.sender;
  out->Receiver = link.receiver;
  out->ServiceName = link.service_name;
  out->ServiceVersion = link.service_version;
  out->PurposeCode = link.purpose_code;
  out->PurposeName = optional(soap, link.purpose_name);
  out->LegalBasis = optional(soap, link.legal_basis);
  out->ValidFrom = optional(soap, link.valid_from);
  out->ValidTo = optional(soap, link.valid_to);
  out->CrossTenant = soap_new_bool(soap);
  *out->CrossTenant = link.cross_tenant;
  out->DataItems = optional(soap, link.data_items);
  out->Department = optional(soap, link.department);
  out->Vendor = optional(soap, link.vendor);
  out->ReviewDate = optional(soap, link.review_date);
  out->Note = optional(soap, link.note);
  return out;
}

reg__Link* toSoapLink(struct soap* soap, const Link& link) {
  auto* out = soap_new_reg__Link(soap);
  out->Id = link.id;
  out->Status = toSoapStatus(link.status);
  out->Approver = optional(soap, link.approver);
  out->Details = toSoapDetails(soap, link);
  return out;
}

reg__LinkChange* toSoapChange(struct soap* soap, const LinkChange& change) {
  auto* out = soap_new_reg__LinkChange(soap);
  out->Seq = change.seq;
  out->At = change.at;
  out->Actor = change.actor;
  out->Action = change.action;
  out->FromStatus = optional(soap, change.from_status);
  out->ToStatus = change.to_status;
  out->Reason = optional(soap, change.reason);
  out->Field = optional(soap, change.field);
  out->Before = optional(soap, change.before);
  out->After = optional(soap, change.after);
  return out;
}

reg__AllowedService* toSoapAllowed(struct soap* soap, const AllowedService& allowed) {
  auto* out = soap_new_reg__AllowedService(soap);
  out->Receiver = allowed.receiver;
  out->ServiceName = allowed.service_name;
  out->ServiceVersion = allowed.service_version;
  out->PurposeCode = allowed.purpose_code;
  out->PurposeName = optional(soap, allowed.purpose_name);
  out->ValidTo = optional(soap, allowed.valid_to);
  return out;
}

reg__LinkUsage* toSoapUsage(struct soap* soap, const reports::LinkUsage& usage) {
  auto* out = soap_new_reg__LinkUsage(soap);
  out->Routed = usage.routed;
  out->Failed = usage.failed;
  out->Refused = usage.refused;
  out->FirstSeen = optional(soap, usage.first_seen);
  out->LastSeen = optional(soap, usage.last_seen);
  return out;
}

Link fromSoapDetails(const reg__LinkDetails& details) {
  Link link;
  link.sender = details.Sender;
  link.receiver = details.Receiver;
  link.service_name = details.ServiceName;
  link.service_version = details.ServiceVersion;
  link.purpose_code = details.PurposeCode;
  link.purpose_name = valueOf(details.PurposeName);
  link.legal_basis = valueOf(details.LegalBasis);
  link.valid_from = valueOf(details.ValidFrom);
  link.valid_to = valueOf(details.ValidTo);
  link.cross_tenant = details.CrossTenant && *details.CrossTenant;
  link.data_items = valueOf(details.DataItems);
  link.department = valueOf(details.Department);
  link.vendor = valueOf(details.Vendor);
  link.review_date = valueOf(details.ReviewDate);
  link.note = valueOf(details.Note);
  return link;
}

Link fromSoapLink(const reg__Link& soap_link) {
  Link link = soap_link.Details ? fromSoapDetails(*soap_link.Details) : Link{};
  link.id = soap_link.Id;
  link.status = fromSoapStatus(soap_link.Status);
  link.approver = valueOf(soap_link.Approver);
  return link;
}

LinkFieldValues fromSoapUpdate(const _reg__UpdateLinkRequest& request) {
  const std::pair<const char*, const std::string*> elements[] = {
      {"PurposeName", request.PurposeName},
      {"LegalBasis", request.LegalBasis},
      {"DataItems", request.DataItems},
      {"Department", request.Department},
      {"Vendor", request.Vendor},
      {"ReviewDate", request.ReviewDate},
      {"Note", request.Note}};
  LinkFieldValues values;
  for (const auto& [element, value] : elements) {
    if (value != nullptr) values.emplace_back(element, *value);
  }
  return values;
}

}  // namespace renkei::admin
