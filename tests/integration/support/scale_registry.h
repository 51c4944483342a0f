#pragma once
// The registry of a city with ~200 systems and 2,000 links, for the web view tests that run in
// a real browser: 200 units in ten tenants added to the example configuration, 2,000 links
// created with the store API (as `renkei links import` does, by 情報政策課) and 30 days of
// traffic on them.
#include <chrono>
#include <string>
#include <vector>

#include "broker/reports/report_time.h"
#include "broker/store/sqlite_store.h"

namespace renkei::testing {

inline constexpr int kTenants = 10;
inline constexpr int kUnitsPerTenant = 20;
inline constexpr int kLinks = 2000;
inline constexpr int kExampleLinks = 7;  // the example configuration's own
// "2007": the total the pages count.
inline const std::string kTotal = std::to_string(kLinks + kExampleLinks);

// A 団体コード with its check digit: 0620T plus the digit the JIS X 0401 rule asks for.
inline std::string tenantCode(int t) {
  const std::string head = "062" + std::to_string(10 + t * 3);
  static constexpr int kWeights[5] = {6, 5, 4, 3, 2};
  int sum = 0;
  for (int i = 0; i < 5; ++i) sum += (head[i] - '0') * kWeights[i];
  return head + std::to_string((11 - sum % 11) % 10);
}

inline std::string unitId(int n) {
  return tenantCode(n / kUnitsPerTenant) + "/sys" + std::to_string(n % kUnitsPerTenant);
}

// The 200 units as <unit> elements added to the example configuration.
inline std::string unitElements() {
  std::string out;
  for (int n = 0; n < kTenants * kUnitsPerTenant; ++n) {
    out += "    <unit id=\"" + unitId(n) + "\" name=\"業務システム" + std::to_string(n) +
           "\" endpoint=\"http://127.0.0.1:9/\" owner=\"課" + std::to_string(n % 17) +
           "\" connection=\"plain\"/>\n";
  }
  return out + "  </units>";
}

// Link i: sender unit i % 200, receiver (7i + 3) % 200; every tenth link's legal basis is
// 地方税法, the rest 住民基本台帳法; department 課0..課16; vendor ベンダーA..D.
inline Link generatedLink(int i) {
  Link link;
  link.sender = unitId(i % 200);
  link.receiver = unitId((i * 7 + 3) % 200);
  if (link.receiver == link.sender) link.receiver = unitId((i + 1) % 200);
  link.service_name = "JohoShokai" + std::to_string(i % 5);
  link.service_version = "1";
  link.purpose_code = "PURPOSE-" + std::to_string(i);
  link.purpose_name = "事務" + std::to_string(i);
  link.legal_basis = i % 10 == 0 ? "地方税法 第294条" : "住民基本台帳法 第1条";
  link.department = "課" + std::to_string(i % 17);
  link.vendor = std::string("ベンダー") + static_cast<char>('A' + i % 4);
  link.review_date = "2030-03-31";
  // Active, five in a hundred suspended: the statuses the badges show.
  link.status = i % 20 == 0 ? LinkStatus::kSuspended : LinkStatus::kActive;
  return link;
}

// Writes the 2,000 links and their traffic into the store at `db_path` (the broker stopped, as
// an import before go-live would be).
inline void writeScaleRegistry(const std::string& db_path) {
  SqliteStore store(db_path);
  const ChangeContext change{"情報政策課", "一括登録", ""};
  const auto now = reports::currentTime();
  std::vector<AuditRecord> batch;
  int64_t seq = 0;
  for (int i = 1; i <= kLinks; ++i) {
    const Link link = store.createLink(generatedLink(i), change);
    // Traffic over the last 30 days: link i routes i % 4 messages, every 50th is refused.
    for (int k = 0; k < i % 4 + (i % 50 == 0 ? 1 : 0); ++k) {
      AuditRecord record;
      record.time = reports::formatIsoTimestamp(now - std::chrono::hours((i * 13 + k) % 720));
      record.message_id = "scale-" + std::to_string(++seq);
      record.sender = link.sender;
      record.receiver = link.receiver;
      record.service = link.service_name + ":1";
      record.purpose = link.purpose_code;
      record.link_id = link.id;
      const bool refused = k == i % 4;
      record.outcome = refused ? "refused" : "routed";
      record.fault_code = refused ? "Client.LinkNotActive" : "";
      record.latency_us = 1500;
      batch.push_back(record);
    }
  }
  store.appendAudit(batch);
}

}  // namespace renkei::testing
