// The inventory page's query: partial filters, free-text search, refusing what it cannot honour,
// pages, sort orders and the CSV of what is shown, over the hand-checked report registry.
#include <gtest/gtest.h>

#include "broker/admin/inventory_csv.h"
#include "broker/admin/inventory_query.h"
#include "broker/admin/web_pages.h"
#include "broker/registry/csv.h"
#include "broker/registry/text_encoding.h"
#include "tests/unit/support/report_test_data.h"

namespace renkei::admin {
namespace {

class InventoryQueryTest : public ::testing::Test {
 protected:
  RegistrySnapshot registry_ = renkei::testing::reportRegistry();
  reports::TrafficSummary traffic_ =
      reports::summarizeTraffic(registry_, renkei::testing::reportRecords());

  InventoryQuery parse(const std::map<std::string, std::string>& params) {
    InventoryQuery query;
    const auto error = parseInventoryQuery(params, &query);
    EXPECT_FALSE(error) << error->message();
    return query;
  }
  std::string parseError(const std::map<std::string, std::string>& params) {
    InventoryQuery query;
    const auto error = parseInventoryQuery(params, &query);
    return error ? error->message() : "(accepted)";
  }
  std::vector<int64_t> ids(const std::map<std::string, std::string>& params) {
    InventoryPage page;
    const auto error = selectInventory(registry_, traffic_, parse(params), &page);
    EXPECT_FALSE(error) << error->message();
    std::vector<int64_t> out;
    for (const auto& row : page.rows) out.push_back(row.link->id);
    return out;
  }
};

using Ids = std::vector<int64_t>;

TEST_F(InventoryQueryTest, FiltersMatchPartOfAValueIgnoringCase) {
  // "kokuho" alone finds both tenants' 国保 systems as senders.
  EXPECT_EQ(ids({{"sender", "kokuho"}}), (Ids{6, 1, 4}));
  EXPECT_EQ(ids({{"sender", "KOKUHO"}, {"receiver", "juki"}}), (Ids{6, 1}));
  // A unit's registered name matches too.
  EXPECT_EQ(ids({{"receiver", "住民税"}}), (Ids{7, 4}));
  EXPECT_EQ(ids({{"tenant", "062014"}}), (Ids{6}));
  EXPECT_EQ(ids({{"service", "shikaku"}}), (Ids{3, 5}));
  EXPECT_EQ(ids({{"purpose", "JUMINZEI"}}), (Ids{2, 5}));
  EXPECT_EQ(ids({{"legal_basis", "国民健康保険法"}}), (Ids{6, 1}));
  EXPECT_EQ(ids({{"department", "課4"}}), (Ids{4}));
  EXPECT_EQ(ids({{"vendor", "vendor 7"}}), (Ids{7}));
  EXPECT_EQ(ids({{"status", "suspended"}}), (Ids{4}));
  EXPECT_EQ(ids({{"status", ""}}).size(), 7u);  // the form's "(all)"
}

TEST_F(InventoryQueryTest, FreeTextSearchNeedsEveryWordSomewhereInTheLink) {
  EXPECT_EQ(ids({{"q", "地方税法"}}), (Ids{2}));
  EXPECT_EQ(ids({{"q", "kokuho 第116条"}}), (Ids{6}));
  EXPECT_EQ(ids({{"q", "#4#"}}), (Ids{4}));  // a link by its id
  EXPECT_EQ(ids({{"q", "課3"}}), (Ids{3}));
  EXPECT_EQ(ids({{"q", "介護"}}), Ids{});  // a unit no link touches
}

TEST_F(InventoryQueryTest, AValueThePageCannotHonourIsAnErrorNamingTheParameter) {
  EXPECT_EQ(parseError({{"status", "bogus"}}),
            "status='bogus' is not allowed: status must be one of proposed, approved, active, "
            "suspended, retired (or empty for all)");
  EXPECT_NE(parseError({{"sort", "color"}})
                .find("sort='color' is not allowed: sort must be one "
                      "of inventory, id, status"),
            std::string::npos);
  EXPECT_NE(parseError({{"sort", "color"}}).find("routed, refused, last_seen"), std::string::npos);
  EXPECT_EQ(parseError({{"page", "-1"}}),
            "page='-1' is not allowed: page must be a whole number from 1");
  EXPECT_NE(parseError({{"page", "2x"}}), "(accepted)");
  EXPECT_NE(parseError({{"per_page", "0"}}).find("from 1 to 5000"), std::string::npos);
  EXPECT_NE(parseError({{"dir", "up"}}).find("one of asc, desc"), std::string::npos);
  EXPECT_NE(parseError({{"format", "xlsx"}}).find("one of html, csv"), std::string::npos);
  EXPECT_NE(parseError({{"encoding", "sjis"}}).find("one of utf-8, cp932"), std::string::npos);
  // A misspelt filter would otherwise silently show everything.
  EXPECT_NE(parseError({{"sendr", "kokuho"}}).find("parameter 'sendr'='kokuho' is not allowed"),
            std::string::npos);

  InventoryPage page;
  const auto past =
      selectInventory(registry_, traffic_, parse({{"page", "3"}, {"per_page", "5"}}), &page);
  ASSERT_TRUE(past);
  EXPECT_EQ(past->message(),
            "page='3' is not allowed: page must be a whole number from 1 to 2 (7 matching links, "
            "5 per page)");
}

TEST_F(InventoryQueryTest, PagesCutTheMatchingRowsInOrder) {
  InventoryPage page;
  ASSERT_FALSE(
      selectInventory(registry_, traffic_, parse({{"per_page", "3"}, {"page", "2"}}), &page));
  EXPECT_EQ(page.matching, 7);
  EXPECT_EQ(page.pages, 3);
  ASSERT_EQ(page.rows.size(), 3u);
  // Inventory order: sender, receiver, service, id.
  EXPECT_EQ(ids({{"per_page", "3"}, {"page", "1"}}), (Ids{6, 7, 3}));
  EXPECT_EQ(ids({{"per_page", "3"}, {"page", "2"}}), (Ids{2, 5, 1}));
  EXPECT_EQ(ids({{"per_page", "3"}, {"page", "3"}}), (Ids{4}));
}

TEST_F(InventoryQueryTest, SortsByTrafficAndOtherColumnsBothWays) {
  // Link 1: 2 routed; links 2 and 3: 1 each; the rest none (ties in inventory order, whichever
  // the direction).
  EXPECT_EQ(ids({{"sort", "routed"}, {"dir", "desc"}}), (Ids{1, 3, 2, 6, 7, 5, 4}));
  EXPECT_EQ(ids({{"sort", "routed"}}), (Ids{6, 7, 5, 4, 3, 2, 1}));
  EXPECT_EQ(ids({{"sort", "id"}}), (Ids{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(ids({{"sort", "id"}, {"dir", "desc"}}), (Ids{7, 6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(ids({{"sort", "last_seen"}, {"dir", "desc"}})[0], 1);  // 2024-05-21
  EXPECT_EQ(ids({{"sort", "status"}})[0], 6);                      // "active" first
  EXPECT_EQ(ids({{"sort", "review"}, {"status", "active"}}), (Ids{3, 2, 1, 6}));
}

TEST_F(InventoryQueryTest, QueryStringKeepsFiltersForPagerAndSortLinks) {
  InventoryQuery query = parse({{"sender", "062022/kokuho"},
                                {"q", "法 第9条"},
                                {"sort", "routed"},
                                {"dir", "desc"},
                                {"page", "2"}});
  EXPECT_EQ(inventoryQueryString(query),
            "sender=062022%2Fkokuho&q=%E6%B3%95%20%E7%AC%AC9%E6%9D%A1&sort=routed&dir=desc&page=2");
  EXPECT_EQ(inventoryQueryString(InventoryQuery{}), "");
}

TEST_F(InventoryQueryTest, PageShowsCountsPagerSortLinksAndJstTimes) {
  const InventoryQuery query = parse({{"per_page", "3"}, {"page", "1"}, {"sort", "id"}});
  InventoryPage page;
  ASSERT_FALSE(selectInventory(registry_, traffic_, query, &page));
  const std::string body = inventoryBody(registry_, page, query);
  auto has = [&](const std::string& part) { return body.find(part) != std::string::npos; };
  EXPECT_TRUE(has("7 件 / of 7 links — 1–3 件目を表示 shown (page 1 / 3)")) << body;
  EXPECT_TRUE(has("<a href=\"/?sort=id&amp;per_page=3&amp;page=2\">次 Next →</a>")) << body;
  EXPECT_TRUE(has("<strong aria-current=\"page\">1</strong>"));
  // The sorted column is marked and reverses on a click; another column sorts by itself.
  EXPECT_TRUE(
      has("<th aria-sort=\"ascending\"><a href=\"/?sort=id&amp;dir=desc&amp;per_page=3\">ID ▲"));
  EXPECT_TRUE(has("<a href=\"/?sort=routed&amp;per_page=3\">中継 Routed</a>"));
  EXPECT_TRUE(has("<a id=\"csv\" href=\"/?sort=id&amp;per_page=3&amp;format=csv\">"));
  EXPECT_TRUE(has("<a href=\"/links/1\">1</a></td><td><span class=\"badge status-active\">"));
  // Link 1: 2 routed, none refused, last seen 2024-05-21T10:00Z = 19:00 in Japan.
  EXPECT_TRUE(
      has("<td class=\"num\">2</td><td class=\"num\">0</td><td>2024-05-21 19:00:00 +09:00</td>"))
      << body;
}

TEST_F(InventoryQueryTest, CsvIsWhatThePageShowsWithABomForExcel) {
  const InventoryQuery query = parse({{"sender", "kokuho"}, {"format", "csv"}});
  InventoryPage page;
  ASSERT_FALSE(selectInventory(registry_, traffic_, query, &page));
  const InventoryCsv csv = inventoryCsv(registry_, page, false);
  ASSERT_FALSE(csv.error);
  ASSERT_EQ(csv.body.rfind(std::string(kUtf8Bom), 0), 0u);
  const CsvParse parsed = parseCsv(csv.body);
  ASSERT_TRUE(parsed.error.empty()) << parsed.error;
  ASSERT_EQ(parsed.records.size(), 4u);  // header and links 6, 1, 4
  EXPECT_EQ(parsed.records[0].fields[0], "id");
  EXPECT_EQ(parsed.records[0].fields.back(), "last_seen_jst");
  const auto& link1 = parsed.records[2].fields;
  EXPECT_EQ(link1[0], "1");
  EXPECT_EQ(link1[3], "国民健康保険システム");
  EXPECT_EQ(link1[9], "国民健康保険法 第9条");
  EXPECT_EQ(link1[15], "2");                           // routed
  EXPECT_EQ(link1[17], "2024-05-21 19:00:00 +09:00");  // last seen, JST
}

TEST_F(InventoryQueryTest, Cp932CsvReadsBackAndAnUnencodableCharacterIsNamed) {
  InventoryPage page;
  ASSERT_FALSE(selectInventory(registry_, traffic_, parse({{"q", "#1#"}}), &page));
  const InventoryCsv csv = inventoryCsv(registry_, page, true);
  ASSERT_FALSE(csv.error) << *csv.error;
  EXPECT_NE(csv.body.substr(0, 3), std::string(kUtf8Bom));
  const Cp932Decoded decoded = decodeCp932(csv.body);
  ASSERT_FALSE(decoded.error);
  EXPECT_NE(decoded.utf8.find("国民健康保険法 第9条"), std::string::npos);

  registry_.links[0].purpose_name = "𠮷野家の事務";  // U+20BB7: not in CP932
  const InventoryCsv lossy = inventoryCsv(registry_, page, true);
  ASSERT_TRUE(lossy.error);
  EXPECT_EQ(*lossy.error,
            "link 1: U+20BB7 (𠮷) cannot be written in CP932 (Shift_JIS); export in UTF-8 instead");
}

TEST(ReportTime, JstIsNineHoursAheadAndSaysSo) {
  EXPECT_EQ(reports::formatJst("2024-12-31T15:00:00.000Z"), "2025-01-01 00:00:00 +09:00");
  EXPECT_EQ(reports::formatJst(""), "");
  EXPECT_EQ(reports::formatJst("never"), "never");
  EXPECT_EQ(reports::jstDateOf("2024-12-31T14:59:59Z"), "2024-12-31");
  EXPECT_EQ(reports::jstDateOf("2024-12-31T15:00:00Z"), "2025-01-01");
}

}  // namespace
}  // namespace renkei::admin
