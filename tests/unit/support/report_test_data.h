#pragma once
// A registry and an audit trail whose every report row is worked out by hand in the report
// tests: two tenants, links in every status, routed, failed and refused traffic, a record
// without a link id, a message too broken to name anyone and a sender that is no unit at all.
#include <optional>
#include <string>
#include <vector>

#include "broker/core/audit_record.h"
#include "broker/core/registry_types.h"
#include "broker/reports/report_time.h"

namespace renkei::testing {

inline Unit reportUnit(const std::string& id, const std::string& name) {
  return {id, id.substr(0, 6), name, "http://127.0.0.1:9/", "情報政策課"};
}

inline Link reportLink(int64_t id, const std::string& sender, const std::string& receiver,
                       const std::string& service, const std::string& purpose, LinkStatus status,
                       const std::string& legal_basis, const std::string& review_date) {
  Link link;
  link.id = id;
  link.sender = sender;
  link.receiver = receiver;
  link.service_name = service;
  link.service_version = "1";
  link.purpose_code = purpose;
  link.purpose_name = purpose + "に関する事務";
  link.legal_basis = legal_basis;
  link.status = status;
  link.review_date = review_date;
  link.department = "課" + std::to_string(id);
  link.vendor = "Vendor " + std::to_string(id);
  link.cross_tenant = sender.substr(0, 6) != receiver.substr(0, 6);
  return link;
}

inline RegistrySnapshot reportRegistry() {
  RegistrySnapshot r;
  r.units = {reportUnit("062022/juki", "住民基本台帳システム"),
             reportUnit("062022/kokuho", "国民健康保険システム"),
             reportUnit("062022/juminzei", "個人住民税システム"),
             reportUnit("062014/kokuho", "国民健康保険システム(山形市)"),
             reportUnit("062014/kaigo", "介護保険システム")};
  using S = LinkStatus;
  r.links = {
      reportLink(1, "062022/kokuho", "062022/juki", "IdoJohoShokai", "KOKUHO-SHIKAKU", S::kActive,
                 "国民健康保険法 第9条", "2025-03-31"),
      reportLink(2, "062022/juminzei", "062022/juki", "IdoJohoShokai", "JUMINZEI-FUKA", S::kActive,
                 "地方税法 第294条", "2024-03-31"),
      reportLink(3, "062022/juki", "062022/kokuho", "ShikakuJohoShokai", "JUKI-KIROKU", S::kActive,
                 "-", ""),
      reportLink(4, "062022/kokuho", "062022/juminzei", "KazeiJohoShokai", "KOKUHO-HOKENRYO",
                 S::kSuspended, "未定", "2024-05-01"),
      reportLink(5, "062022/juminzei", "062022/kokuho", "ShikakuJohoShokai", "JUMINZEI-FUKA",
                 S::kProposed, "", "来年度"),
      reportLink(6, "062014/kokuho", "062022/juki", "IdoJohoShokai", "KOKUHO-TENNYU", S::kActive,
                 "国民健康保険法 第116条の2", "2026-01-01"),
      reportLink(7, "062022/juki", "062022/juminzei", "JuminIdoTsuchi", "JUKI-TSUCHI", S::kRetired,
                 "TBD", "2020-01-01"),
  };
  r.links[0].data_items = "氏名;生年月日;住所";
  r.links[0].note = "年1回見直し, \"重要\"";
  r.links[5].valid_from = "2024-01-01";
  return r;
}

inline AuditRecord reportRecord(int64_t seq, const std::string& time, const std::string& sender,
                                const std::string& receiver, const std::string& service,
                                const std::string& purpose, std::optional<int64_t> link_id,
                                const std::string& outcome, const std::string& fault,
                                int64_t latency_us) {
  AuditRecord record;
  record.seq = seq;
  record.time = time;
  record.message_id = "m" + std::to_string(seq);
  record.sender = sender;
  record.receiver = receiver;
  record.service = service;
  record.purpose = purpose;
  record.link_id = link_id;
  record.outcome = outcome;
  record.fault_code = fault;
  record.latency_us = latency_us;
  return record;
}

inline std::vector<AuditRecord> reportRecords() {
  const std::string kokuho = "062022/kokuho", juki = "062022/juki", juminzei = "062022/juminzei",
                    yamagata = "062014/kokuho", ido = "IdoJohoShokai:1",
                    shikaku = "ShikakuJohoShokai:1", nr = "Client.LinkNotRegistered";
  return {
      reportRecord(1, "2024-01-10T09:00:00.000Z", kokuho, juki, ido, "KOKUHO-SHIKAKU", 1, "routed",
                   "", 1000),
      reportRecord(2, "2024-02-01T08:00:00.000Z", juminzei, juki, ido, "JUMINZEI-FUKA", 2, "routed",
                   "", 2000),
      // No link id: the link is found by its key.
      reportRecord(3, "2024-04-01T12:00:00.000Z", juki, kokuho, shikaku, "JUKI-KIROKU",
                   std::nullopt, "routed", "", 500),
      reportRecord(4, "2024-04-10T00:00:00.000Z", juminzei, kokuho, shikaku, "JUMINZEI-FUKA",
                   std::nullopt, "refused", nr, 80),
      reportRecord(5, "2024-04-11T00:00:00.000Z", yamagata, juki, ido, "KOKUHO-SHIKAKU",
                   std::nullopt, "refused", nr, 80),
      reportRecord(6, "2024-04-12T00:00:00.000Z", juminzei, kokuho, shikaku, "JUMINZEI-FUKA",
                   std::nullopt, "refused", nr, 80),
      reportRecord(7, "2024-04-13T00:00:00.000Z", yamagata, juki, ido, "KOKUHO-SHIKAKU",
                   std::nullopt, "refused", nr, 80),
      reportRecord(8, "2024-04-15T00:00:00.000Z", juminzei, kokuho, shikaku, "JUMINZEI-FUKA",
                   std::nullopt, "refused", nr, 80),
      reportRecord(9, "2024-04-20T00:00:00.000Z", "", "", "", "", std::nullopt, "refused",
                   "Client.InvalidXml", 10),
      reportRecord(10, "2024-05-20T10:00:00.000Z", kokuho, juki, ido, "KOKUHO-SHIKAKU", 1, "routed",
                   "", 3000),
      reportRecord(11, "2024-05-21T10:00:00.000Z", kokuho, juki, ido, "KOKUHO-SHIKAKU", 1, "failed",
                   "Server.ReceiverTimeout", 10000000),
      reportRecord(12, "2024-05-25T00:00:00.000Z", kokuho, juminzei, "KazeiJohoShokai:1",
                   "KOKUHO-HOKENRYO", std::nullopt, "refused", nr, 90),
      reportRecord(13, "2024-05-26T00:00:00.000Z", "bogus", juki, ido, "P", std::nullopt, "refused",
                   nr, 90),
  };
}

// 2024-06-01T00:00:00Z, the "now" of every report test.
inline reports::TimePoint reportNow() {
  return *reports::parseIsoTimestamp("2024-06-01T00:00:00Z");
}

}  // namespace renkei::testing
