#pragma once
// The HTML bodies of the admin web view as pure functions of registry and traffic data, so they
// are tested without a listener. Every value passes through htmlEscape.
#include <string>
#include <vector>

#include "broker/admin/inventory_query.h"
#include "broker/admin/mynumber_records_client.h"
#include "broker/admin/registry_admin_service.h"
#include "broker/core/registry_types.h"
#include "broker/notify/outbox_store.h"
#include "broker/registry/link_filter.h"
#include "broker/reports/report_time.h"
#include "broker/reports/traffic_summary.h"

namespace renkei::admin {

// The filter form, one page of links with sortable headers, the pager and the CSV links.
std::string inventoryBody(const RegistrySnapshot& registry, const InventoryPage& page,
                          const InventoryQuery& query);
// Times in JST; `now` places the traffic chart's last day.
std::string linkBody(const RegistrySnapshot& registry, const LinkRecord& record,
                     const reports::LinkUsage& usage, reports::TimePoint now);
// Each group with the link its key names, if any ("#5 proposed"), as `renkei report refused`.
std::string refusedBody(const RegistrySnapshot& registry, const reports::TrafficSummary& traffic);
// The overview: links by status, exchanges per day, busiest and most refused pairs, reviews
// due and links without a legal basis, as of `now`.
std::string dashboardBody(const RegistrySnapshot& registry, const reports::TrafficSummary& traffic,
                          reports::TimePoint now);
// The 通知 outbox: its depth, a filter form and the rows `filter` selected (at most its limit).
std::string deliveriesBody(const std::vector<OutboxDelivery>& rows, const OutboxStore::Depth& depth,
                           const DeliveryFilter& filter);

// The 宛名番号 form, then the person's 情報提供等記録 as the gateway disclosed them (JST times).
std::string mynumberRecordsBody(const std::string& atena_no,
                                const std::vector<DisclosedRecord>& records);
// The 宛名番号 form alone (the page without a person, or above an error).
std::string mynumberPersonForm(const std::string& atena_no);

// <span class="badge status-active">active</span>
std::string statusBadge(LinkStatus status);
// "062022/juki（住民基本台帳）" when the unit is registered, else just the id.
std::string unitLabel(const RegistrySnapshot& registry, const std::string& unit_id);

}  // namespace renkei::admin
