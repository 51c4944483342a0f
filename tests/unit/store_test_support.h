#pragma once
// Shared by the store, audit and registry tests: a fresh directory per test for real SQLite
// files, removed afterwards, plus small builders for registry and audit data.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "broker/core/audit_record.h"
#include "broker/core/registry_types.h"

namespace renkei::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "renkei-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Runs SQL on the file behind the store's back, as an attacker or a careless admin would.
inline void rawSql(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

// What an attacker with write access to the file does first: the append-only triggers go.
inline constexpr const char* kDropAuditGuards =
    "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; "
    "DROP TRIGGER audit_checkpoint_no_update; DROP TRIGGER audit_checkpoint_no_delete; ";

inline Unit makeUnit(const std::string& id, const std::string& name) {
  return {id, id.substr(0, id.find('/')), name, "http://127.0.0.1:9000/" + id, "情報政策課"};
}

inline Link makeLink(const std::string& sender, const std::string& receiver,
                     const std::string& service, const std::string& purpose,
                     LinkStatus status = LinkStatus::kActive) {
  Link link;
  link.sender = sender;
  link.receiver = receiver;
  link.service_name = service;
  link.service_version = "1";
  link.purpose_code = purpose;
  link.purpose_name = "国民健康保険の資格管理";
  link.legal_basis = "国民健康保険法第9条";
  link.status = status;
  return link;
}

// Two tenants (山形市 062014, 米沢市 062022), four units, a service and a few links.
inline RegistrySnapshot sampleRegistry() {
  RegistrySnapshot s;
  s.units = {makeUnit("062022/juki", "住民基本台帳"), makeUnit("062022/kokuho", "国民健康保険"),
             makeUnit("062022/zei", "個人住民税"), makeUnit("062014/juki", "住民基本台帳")};
  s.services = {{"ShikakuJohoShokai", "1", "urn:renkei:kokuho", "ShikakuJohoShokaiRequest",
                 "urn:renkei:kokuho", "ShikakuJohoShokaiResponse", "kokuho.wsdl"},
                {"IdoJohoShokai", "1", "urn:renkei:juki", "IdoJohoShokaiRequest", "urn:renkei:juki",
                 "IdoJohoShokaiResponse", "juki.wsdl"}};
  s.links = {
      makeLink("062022/kokuho", "062022/juki", "IdoJohoShokai", "KOKUHO-01"),
      makeLink("062022/zei", "062022/juki", "IdoJohoShokai", "ZEI-01", LinkStatus::kSuspended),
      makeLink("062014/juki", "062022/juki", "IdoJohoShokai", "JUKI-TENNYU")};
  s.links[2].cross_tenant = true;
  s.links[2].valid_from = "2024-04-01";
  s.links[2].valid_to = "2027-03-31";
  return s;
}

inline AuditRecord makeAuditRecord(int n) {
  AuditRecord r;
  r.time = "2025-06-01T09:00:00.000Z";
  r.message_id = "msg-" + std::to_string(n);
  r.sender = "062022/kokuho";
  r.receiver = "062022/juki";
  r.service = "IdoJohoShokai:1";
  r.purpose = "KOKUHO-01";
  if (n % 3 != 0) r.link_id = 1;
  r.outcome = n % 3 == 0 ? "refused" : "routed";
  r.fault_code = n % 3 == 0 ? "Client.LinkNotRegistered" : "";
  r.latency_us = 1000 + n;
  r.request_sha256 = std::string(64, 'a');
  r.response_sha256 = std::string(64, 'b');
  r.operator_id = "kokuho-clerk-" + std::to_string(n % 2);
  r.case_reference = n % 2 == 0 ? "R7-0042" : "";
  r.peer_address = "127.0.0.1:40" + std::to_string(100 + n);
  r.instance_id = "broker-a:8080";
  return r;
}

}  // namespace renkei::testing
