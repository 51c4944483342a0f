#pragma once
// The admin listener's GET side: server-rendered HTML pages for IT governance (情報政策課), plus
// the admin WSDL and the two schemas it imports. No JavaScript; every value is escaped.
//
//   /                 link inventory (inventory_query.h: partial-match filters, ?q= search, sort,
//                     pages of 100, ?format=csv), counts and last seen from the audit trail
//   /dashboard        exchanges per day, busiest and most refused pairs, reviews due, no basis
//   /links/<id>       one link: every governance field, its history, its traffic and chart
//   /refused          refused attempts grouped by sender, receiver, service, purpose, code
//   /graph            unit pairs as inline SVG (Graphviz `dot`, pair_graph.h); ?unit=, ?tenant=
//   /deliveries       the 通知 outbox (?topic=&receiver=&state=), when the broker has one
//   /mynumber/records ?person=<宛名番号>: the person's 情報提供等記録, read from the My Number
//                     gateway (mynumber_records_client.h), when <mynumber> is configured
//   /registry.wsdl    wsdl/registry.wsdl with its address pointing at this listener
//   /xsd/registry.xsd, /xsd/platform-fault.xsd   what the WSDL imports
//   /healthz          "ok" (liveness: the admin listener answers)
//   /metrics          Prometheus text exposition (broker/metrics), when the runtime gave a registry
//   /readyz           readiness checks as JSON, 200 or 503 (readiness.h), when given
#include <string>
#include <string_view>

#include "broker/admin/mynumber_records_client.h"
#include "broker/admin/query_string.h"
#include "broker/admin/readiness.h"
#include "broker/admin/registry_admin_service.h"
#include "broker/core/exchange.h"
#include "broker/metrics/metrics_registry.h"
#include "broker/notify/outbox_store.h"
#include "broker/store/store.h"

namespace renkei::admin {

struct WebViewOptions {
  std::string wsdl_dir;  // holds registry.wsdl
  std::string xsd_dir;   // holds registry.xsd and platform-fault.xsd
  std::string dot_program = "dot";
  // Operations endpoints; both owned by the runtime and outliving the listener. Null: 404.
  const metrics::Registry* metrics = nullptr;
  Readiness* readiness = nullptr;
  // The 通知 outbox, when topics are declared; null: /deliveries is 404.
  OutboxStore* outbox = nullptr;
  // The My Number gateway to read §23 records from; gateway_unit empty: /mynumber/records 404.
  MyNumberGatewayAccess mynumber;
};

// The pages that show the registry or its traffic (inventory, a link, refused, graph,
// deliveries), whose every view is recorded in the audit trail; not the WSDL, schemas or the
// operations endpoints. `target` may carry a query string.
bool isRegistryPage(std::string_view target);
// How the audit trail names a registry page's view: "exported" for a CSV download, else "read".
std::string registryReadAction(std::string_view target);

class AdminWebView {
 public:
  AdminWebView(RegistryAdminService& service, WebViewOptions options);

  // `target` is the request target with its query string; `host` the Host header (used only to
  // publish the WSDL's address, and only if it looks like a host name).
  HttpReply handle(std::string_view target, std::string_view host);

 private:
  HttpReply inventory(const RequestTarget& target);
  HttpReply linkDetail(std::string_view id_text);
  HttpReply refused();
  HttpReply mynumberRecords(const RequestTarget& target);
  HttpReply graph(const RequestTarget& target);
  HttpReply dashboard();
  HttpReply deliveries(const RequestTarget& target);
  HttpReply wsdl(std::string_view host);
  HttpReply schema(const std::string& file);

  RegistryAdminService& service_;
  WebViewOptions options_;
};

}  // namespace renkei::admin
