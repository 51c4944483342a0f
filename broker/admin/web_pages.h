#pragma once
// The HTML bodies of the admin web view as pure functions of registry and traffic data, so they
// are tested without a listener. Every value passes through htmlEscape.
#include <string>
#include <vector>

#include "broker/admin/registry_admin_service.h"
#include "broker/notify/outbox_store.h"
#include "broker/registry/link_filter.h"
#include "broker/registry/types.h"
#include "broker/reports/traffic_summary.h"

namespace renkei::admin {

std::string inventoryBody(const RegistrySnapshot& registry, const std::vector<Link>& links,
                          const LinkFilter& filter);
std::string linkBody(const RegistrySnapshot& registry, const LinkRecord& record,
                     const reports::LinkUsage& usage);
std::string refusedBody(const reports::TrafficSummary& traffic);
// The 通知 outbox: its depth, a filter form and the rows `filter` selected (at most its limit).
std::string deliveriesBody(const std::vector<OutboxDelivery>& rows, const OutboxStore::Depth& depth,
                           const DeliveryFilter& filter);

// "062022/juki（住民基本台帳）" when the unit is registered, else just the id.
std::string unitLabel(const RegistrySnapshot& registry, const std::string& unit_id);

}  // namespace renkei::admin
