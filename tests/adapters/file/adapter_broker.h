#pragma once
// The file adapter's broker for the send and watch tests: the notify tests' configuration with
// 062022/juki-batch holding the subscription links, and 住民異動 files with known bad records.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "adapters/file/layout.h"
#include "broker/store/sqlite_store.h"
#include "tests/adapters/file/file_fixture.h"
#include "tests/integration/support/notify_setup.h"

namespace renkei::file::testing {

inline constexpr const char* kNotifications =
    R"(<notifications maxAttempts="5" retryBaseMs="100" retryMaxMs="400" pollMs="50"/>)";

// The notify tests' configuration, with the adapter as its own unit: 062022/juki-batch holds
// the subscription links (sender juki-batch -> each subscriber) instead of 062022/juki.
inline std::string adapterConfig(const std::string& dir,
                                 const std::vector<renkei::testing::Subscriber>& subs) {
  std::string text = renkei::testing::notifyConfigText(dir, subs, kNotifications);
  for (size_t at; (at = text.find("sender=\"062022/juki\"")) != std::string::npos;) {
    text.replace(at, 20, "sender=\"062022/juki-batch\"");
  }
  const std::string units = "<units>\n";
  text.insert(text.find(units) + units.size(),
              "    <unit id=\"062022/juki-batch\" name=\"住基 夜間バッチ\" "
              "endpoint=\"http://127.0.0.1:9/\" owner=\"市民課\"/>\n");
  return text;
}

// 住民異動 records in CP932; the numbers in `bad_length` are cut short, those in `bad_date`
// carry 平成31年5月1日 (after 平成 ended); record 3 has a 外字 from the table, record 5 one
// that is not in it.
inline std::string cp932File(const Layout& layout, int records, std::set<int> bad_length,
                             std::set<int> bad_date) {
  std::string file;
  for (int n = 1; n <= records; ++n) {
    char atena[16];
    std::snprintf(atena, sizeof atena, "%015d", 100 + n);
    auto fields = encoded("CP932", jukiIdo(atena));
    if (bad_date.count(n)) fields["IdoDate"] = "4310501";
    if (n == 3) fields["Shimei"] = "\xF0\x40" + encodeWith("CP932", "田　花子");
    if (n == 5) fields["Shimei"] = encodeWith("CP932", "山") + "\xF1\x9F";
    std::string record = recordOf(layout, fields);
    if (bad_length.count(n)) record.resize(300);
    file += record + "\r\n";
  }
  return file;
}

inline std::vector<std::string> sorted(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Audit records of posts the broker accepted from the adapter, by case reference (each copy's
// delivery attempt is a record of its own, with case reference "delivery N attempt M").
inline std::multiset<std::string> acceptedPosts(const std::string& db) {
  SqliteStore store(db);
  std::multiset<std::string> refs;
  store.forEachAudit([&](const AuditRecord& r) {
    if (r.sender == "062022/juki-batch" && r.outcome == "routed" &&
        r.receiver == "062022/subscribers") {
      refs.insert(r.case_reference);
    }
    return true;
  });
  return refs;
}

}  // namespace renkei::file::testing
