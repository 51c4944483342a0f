#include "broker/admin/admin_web_view.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iostream>
#include <sstream>

#include "broker/admin/admin_error.h"
#include "broker/admin/html.h"
#include "broker/admin/inventory_csv.h"
#include "broker/admin/inventory_query.h"
#include "broker/admin/web_pages.h"
#include "broker/core/host_header.h"
#include "broker/core/my_number.h"
#include "broker/notify/notify_clock.h"
#include "broker/reports/graphviz_svg.h"
#include "broker/reports/pair_graph.h"
#include "broker/reports/report_time.h"

namespace renkei::admin {
namespace {

constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr const char* kXml = "text/xml; charset=utf-8";
constexpr const char* kCsvUtf8 = "text/csv; charset=utf-8";
constexpr const char* kCsvCp932 = "text/csv; charset=Shift_JIS";
// The address wsdl/registry.wsdl is installed with; it stays when the Host is not plain.
constexpr const char* kInstalledAuthority = "127.0.0.1:8081";

HttpReply reply(int status, const char* content_type, std::string body) {
  return HttpReply{status, content_type, std::move(body), {}};
}

HttpReply errorPage(int status, const std::string& title, const std::string& message) {
  return reply(status, kHtml, renderPage(title, "<p>" + htmlEscape(message) + "</p>"));
}

bool readFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  *out = text.str();
  return true;
}

// A query the page cannot honour: 400, naming the parameter and what it accepts.
HttpReply badRequest(const QueryError& error) {
  return errorPage(400, "Bad request 不正な指定", error.message());
}

// `dot` writes an XML prolog and a DOCTYPE; inline SVG in HTML starts at <svg.
std::string inlineSvg(const std::string& svg) {
  const auto start = svg.find("<svg");
  return start == std::string::npos ? std::string() : svg.substr(start);
}

// Where this graph sits among the zoom levels, and the way back up.
std::string graphNavigation(const reports::PairGraphOptions& options,
                            const reports::PairGraph& graph) {
  std::string out = "<p id=\"graph-scope\">";
  if (graph.level == "tenants") {
    out +=
        "連携が多いため団体単位で表示しています。団体をクリックすると所属システムを表示します。 "
        "Too many unit pairs to draw one by one: this is the tenant-level graph; click a "
        "tenant for its units. ";
  } else if (!options.unit.empty() || !options.tenant.empty()) {
    out += "<a href=\"/graph\">← 全体 Whole registry</a> ";
    if (!options.unit.empty()) {
      out += "<a href=\"/?sender=" + urlEncode(options.unit) +
             "\">この送信元の連携一覧 Links sent</a> ";
    }
  }
  out += std::to_string(graph.links) + " 件の連携 links, " + std::to_string(graph.pairs) +
         " 本の矢印 arrows</p>\n";
  out +=
      "<form method=\"get\" action=\"/graph\"><label>システム Unit id <input type=\"text\" "
      "name=\"unit\" value=\"" +
      htmlEscape(options.unit) +
      "\" size=\"24\"></label> <button type=\"submit\">表示 Show</button></form>\n";
  return out;
}

}  // namespace

bool isRegistryPage(std::string_view target) {
  const std::string path = parseRequestTarget(target).path;
  return path == "/" || path.rfind("/links", 0) == 0 || path == "/refused" || path == "/graph" ||
         path == "/deliveries" || path == "/dashboard" || path == "/mynumber/records";
}

std::string registryReadAction(std::string_view target) {
  const RequestTarget parsed = parseRequestTarget(target);
  const auto format = parsed.params.find("format");
  return format != parsed.params.end() && format->second == "csv" ? "exported" : "read";
}

AdminWebView::AdminWebView(RegistryAdminService& service, WebViewOptions options)
    : service_(service), options_(std::move(options)) {}

HttpReply AdminWebView::handle(std::string_view target_text, std::string_view host) {
  const RequestTarget target = parseRequestTarget(target_text);
  const std::string& path = target.path;
  try {
    if (path == "/" || path == "/links" || path == "/links/") return inventory(target);
    if (path.rfind("/links/", 0) == 0) return linkDetail(std::string_view(path).substr(7));
    if (path == "/refused") return refused();
    if (path == "/graph") return graph(target);
    if (path == "/dashboard") return dashboard();
    if (path == "/deliveries" && options_.outbox != nullptr) return deliveries(target);
    if (path == "/mynumber/records" && !options_.mynumber.gateway_unit.empty()) {
      return mynumberRecords(target);
    }
    if (path == "/registry.wsdl") return wsdl(host);
    if (path == "/xsd/registry.xsd") return schema("registry.xsd");
    if (path == "/xsd/platform-fault.xsd") return schema("platform-fault.xsd");
    if (path == "/healthz") return reply(200, "text/plain; charset=utf-8", "ok\n");
    if (path == "/metrics" && options_.metrics != nullptr) {
      return reply(200, metrics::kExpositionContentType, options_.metrics->exposition());
    }
    if (path == "/readyz" && options_.readiness != nullptr) {
      return readinessReply(options_.readiness->check());
    }
  } catch (const AdminError& e) {
    const int status = e.code() == AdminErrorCode::kNoSuchLink ? 404 : 500;
    return errorPage(status, adminErrorName(e.code()), e.what());
  } catch (const std::exception& e) {
    std::cerr << "renkei: admin web view: " << e.what() << std::endl;
    return errorPage(500, "Server.Internal", "internal error; the broker's log has details");
  }
  return errorPage(404, "Not found", "no page at " + path);
}

HttpReply AdminWebView::inventory(const RequestTarget& target) {
  InventoryQuery query;
  if (const auto error = parseInventoryQuery(target.params, &query)) return badRequest(*error);
  RegistrySnapshot registry;
  const reports::TrafficSummary traffic = service_.traffic(&registry);
  InventoryPage page;
  if (const auto error = selectInventory(registry, traffic, query, &page)) {
    return badRequest(*error);
  }
  if (query.csv) {
    InventoryCsv csv = inventoryCsv(registry, page, query.cp932);
    if (csv.error) return errorPage(400, "Bad request 不正な指定", *csv.error);
    return reply(200, query.cp932 ? kCsvCp932 : kCsvUtf8, std::move(csv.body));
  }
  return reply(200, kHtml,
               renderPage("連携一覧 Link inventory", inventoryBody(registry, page, query)));
}

HttpReply AdminWebView::dashboard() {
  RegistrySnapshot registry;
  const reports::TrafficSummary traffic = service_.traffic(&registry);
  return reply(
      200, kHtml,
      renderPage("概況 Dashboard", dashboardBody(registry, traffic, reports::currentTime())));
}

HttpReply AdminWebView::linkDetail(std::string_view id_text) {
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0) {
    return errorPage(404, "Not found", "'" + std::string(id_text) + "' is not a link id");
  }
  const LinkRecord record = service_.getLink(id);
  const RegistrySnapshot registry = service_.registry();
  return reply(
      200, kHtml,
      renderPage("連携 Link " + std::to_string(id),
                 linkBody(registry, record, service_.linkUsage(id), reports::currentTime())));
}

HttpReply AdminWebView::refused() {
  RegistrySnapshot registry;
  const reports::TrafficSummary traffic = service_.traffic(&registry);
  return reply(200, kHtml,
               renderPage("拒否された試行 Refused attempts", refusedBody(registry, traffic)));
}

HttpReply AdminWebView::mynumberRecords(const RequestTarget& target) {
  const auto person = target.params.find("person");
  const std::string atena_no = person == target.params.end() ? "" : person->second;
  constexpr const char* kTitle = "情報提供等記録 My Number records";
  if (atena_no.empty()) {
    return reply(200, kHtml, renderPage(kTitle, mynumberPersonForm("")));
  }
  if (!isAtenaNo(atena_no)) {
    // Not echoed back: whatever was typed may be a 個人番号.
    return errorPage(400, "Bad request 不正な指定",
                     "parameter 'person' must be a 宛名番号 of 15 digits (never a 個人番号)");
  }
  const DisclosureAnswer answer = fetchDisclosure(options_.mynumber, atena_no);
  if (answer.error) {
    return reply(502, kHtml,
                 renderPage("ゲートウェイに接続できません Gateway unavailable",
                            mynumberPersonForm(atena_no) + "<p id=\"gateway-error\">" +
                                htmlEscape("情報提供等記録はマイナンバー連携ゲートウェイ (" +
                                           options_.mynumber.gateway_unit +
                                           ") が保管しています。今は読めません。 The records are "
                                           "kept by the gateway, which could not be read now: " +
                                           maskMyNumbers(*answer.error)) +
                                "</p>"));
  }
  return reply(200, kHtml, renderPage(kTitle, mynumberRecordsBody(atena_no, answer.records)));
}

HttpReply AdminWebView::deliveries(const RequestTarget& target) {
  const auto param = [&](const char* key) {
    const auto it = target.params.find(key);
    return it == target.params.end() ? std::string() : it->second;
  };
  DeliveryFilter filter;
  filter.topic = param("topic");
  filter.receiver = param("receiver");
  filter.limit = 500;
  const std::string state = param("state");
  if (!state.empty()) {
    DeliveryState parsed;
    if (!parseDeliveryState(state, &parsed)) {
      return errorPage(400, "Bad request",
                       "state '" + state + "' is not one of pending, done, dead, discarded");
    }
    filter.state = parsed;
  }
  const auto rows = options_.outbox->listDeliveries(filter);
  const auto depth = options_.outbox->depth(epochMsNow());
  return reply(200, kHtml,
               renderPage("通知の配信 Deliveries", deliveriesBody(rows, depth, filter)));
}

HttpReply AdminWebView::graph(const RequestTarget& target) {
  reports::PairGraphOptions options;
  for (const auto& [key, value] : target.params) {
    if (key == "unit") {
      options.unit = value;
    } else if (key == "tenant") {
      options.tenant = value;
    } else {
      return badRequest({"parameter '" + key + "'", value, "one of unit, tenant"});
    }
  }
  RegistrySnapshot registry;
  const reports::TrafficSummary traffic = service_.traffic(&registry);
  if (!options.unit.empty() &&
      std::none_of(registry.units.begin(), registry.units.end(),
                   [&](const Unit& unit) { return unit.id == options.unit; }) &&
      std::none_of(registry.links.begin(), registry.links.end(), [&](const Link& link) {
        return link.sender == options.unit || link.receiver == options.unit;
      })) {
    return errorPage(404, "Not found", "no unit or link names '" + options.unit + "'");
  }
  const reports::PairGraph graph = reports::pairGraphDot(registry, traffic, options);
  std::string body = graphNavigation(options, graph);
  try {
    body += "<figure id=\"graph\" data-level=\"" + graph.level + "\">" +
            inlineSvg(reports::renderSvg(graph.dot, options_.dot_program)) + "</figure>\n";
  } catch (const reports::GraphvizError& e) {
    // Without Graphviz the officer still gets the graph's text form.
    body += "<p>" + htmlEscape(e.what()) + "</p>\n<pre id=\"dot\">" + htmlEscape(graph.dot) +
            "</pre>\n";
  }
  body +=
      "<p>一本の矢印は送信元・受信先の組ごとの連携をまとめたもの（件数と中継・拒否の数）。"
      "実線: 稼働中あり、橙: 一部停止中、赤破線: 停止中、点線: 申請中・承認済、灰色破線: "
      "連携のない拒否された試行。 One arrow per sender/receiver pair with its link count and "
      "traffic. Solid: has active links; orange: some suspended; red dashed: suspended; dotted: "
      "proposed or approved; grey dashed: refused attempts without a link.</p>\n";
  return reply(200, kHtml, renderPage("連携図 Link graph", body));
}

HttpReply AdminWebView::wsdl(std::string_view host) {
  std::string text;
  if (!readFile(options_.wsdl_dir + "/registry.wsdl", &text)) {
    return errorPage(404, "Not found", "registry.wsdl is not installed");
  }
  const std::string installed = std::string("http://") + kInstalledAuthority + "/";
  const auto at = text.find(installed);
  if (at != std::string::npos) {
    text.replace(at, installed.size(),
                 "http://" + publishedAuthority(host, kInstalledAuthority) + "/");
  }
  return reply(200, kXml, std::move(text));
}

HttpReply AdminWebView::schema(const std::string& file) {
  std::string text;
  if (!readFile(options_.xsd_dir + "/" + file, &text)) {
    return errorPage(404, "Not found", file + " is not installed");
  }
  return reply(200, kXml, std::move(text));
}

}  // namespace renkei::admin
