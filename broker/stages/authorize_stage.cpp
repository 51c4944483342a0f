#include "broker/stages/authorize_stage.h"

#include "broker/core/japan_date.h"

namespace renkei {
namespace {

// "062022/juki" -> "062022". Unit ids are validated by the header check; an id without a '/'
// is its own tenant, which can only make a cross-tenant check stricter.
std::string_view tenantOf(std::string_view unit_id) { return unit_id.substr(0, unit_id.find('/')); }

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
  const bool cross_tenant = tenantOf(h.sender) != tenantOf(h.receiver);

  std::optional<Link> link = catalog_.findActiveLink(h.sender, h.receiver, h.service_name,
                                                     h.service_version, h.purpose_code, date);
  if (!link) {
    std::string reason = "no active link registered for " + describe(h, date);
    if (cross_tenant) {
      reason += "; sender and receiver belong to different tenants (" +
                std::string(tenantOf(h.sender)) + ", " + std::string(tenantOf(h.receiver)) +
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
            std::string(tenantOf(h.sender)) + ", " + std::string(tenantOf(h.receiver)) +
            "): cross-tenant exchanges need an explicit cross-tenant link");
  }
  exchange.link = std::move(*link);
  return StageResult::proceed();
}

}  // namespace renkei
