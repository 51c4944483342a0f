#include "broker/stages/authorize_stage.h"

#include "broker/core/japan_date.h"
#include "broker/core/tenant_code.h"

namespace renkei {
namespace {

std::string describe(const PlatformHeader& h, const std::string& date) {
  return h.sender + " -> " + h.receiver + ", service " + h.service_name + ":" + h.service_version +
         ", purpose " + h.purpose_code + ", on " + date;
}

}  // namespace

AuthorizeStage::AuthorizeStage(const ServiceCatalog& catalog, std::function<std::string()> today)
    : catalog_(catalog), today_(today ? std::move(today) : jstDateToday) {}

StageResult AuthorizeStage::process(Exchange& exchange) {
  if (!exchange.header) {
    return StageResult::refuse(FaultCode::kInternal,
                               "authorize stage reached without a checked platform header");
  }
  const PlatformHeader& h = *exchange.header;
  const std::string date = today_();
  const bool cross_tenant = tenantOfUnit(h.sender) != tenantOfUnit(h.receiver);

  std::optional<Link> link = catalog_.findActiveLink(h.sender, h.receiver, h.service_name,
                                                     h.service_version, h.purpose_code, date);
  if (!link) {
    std::string reason = "no active link registered for " + describe(h, date);
    if (cross_tenant) {
      reason += "; sender and receiver belong to different tenants (" +
                std::string(tenantOfUnit(h.sender)) + ", " + std::string(tenantOfUnit(h.receiver)) +
                "): cross-tenant exchanges need an explicit cross-tenant link";
    }
    return StageResult::refuse(FaultCode::kLinkNotRegistered, std::move(reason));
  }
  if (link->status != LinkStatus::kActive) {
    return StageResult::refuse(FaultCode::kLinkNotRegistered,
                               "link " + std::to_string(link->id) + " for " + describe(h, date) +
                                   " is " + linkStatusName(link->status) + ", not active");
  }
  // Defence in depth: a registry that returned an undeclared link across tenants is not enough.
  if (cross_tenant && !link->cross_tenant) {
    return StageResult::refuse(
        FaultCode::kLinkNotRegistered,
        "link " + std::to_string(link->id) + " for " + describe(h, date) +
            " is not declared cross-tenant, but sender and receiver belong to different tenants (" +
            std::string(tenantOfUnit(h.sender)) + ", " + std::string(tenantOfUnit(h.receiver)) +
            "): cross-tenant exchanges need an explicit cross-tenant link");
  }
  exchange.link = std::move(*link);
  return StageResult::proceed();
}

}  // namespace renkei
