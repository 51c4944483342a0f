// Every governance report on the hand-computed registry and trail of report_test_data.h, as of
// 2024-06-01T00:00:00Z: exactly the expected rows.
#include <gtest/gtest.h>

#include "broker/reports/governance_reports.h"
#include "tests/unit/support/report_test_data.h"

namespace renkei::reports {
namespace {

using Rows = std::vector<std::vector<std::string>>;

class GovernanceReportTest : public ::testing::Test {
 protected:
  ReportInputs in_ =
      makeReportInputs(renkei::testing::reportRegistry(), renkei::testing::reportRecords());
  ReportOptions options_{90, renkei::testing::reportNow()};
};

TEST_F(GovernanceReportTest, InventoryListsEveryLinkWithGovernanceAndTraffic) {
  const ReportTable t = inventoryReport(in_);
  ASSERT_EQ(t.columns.size(), 22u);
  std::vector<std::string> ids;
  for (const auto& row : t.rows) ids.push_back(row[0]);
  EXPECT_EQ(ids, (std::vector<std::string>{"6", "7", "3", "2", "5", "1", "4"}));
  EXPECT_EQ(t.rows[0], (std::vector<std::string>{"6",
                                                 "active",
                                                 "062014/kokuho",
                                                 "062022/juki",
                                                 "IdoJohoShokai:1",
                                                 "KOKUHO-TENNYU",
                                                 "KOKUHO-TENNYUに関する事務",
                                                 "国民健康保険法 第116条の2",
                                                 "2024-01-01",
                                                 "",
                                                 "yes",
                                                 "",
                                                 "課6",
                                                 "Vendor 6",
                                                 "",
                                                 "2026-01-01",
                                                 "",
                                                 "0",
                                                 "0",
                                                 "0",
                                                 "",
                                                 ""}));
  EXPECT_EQ(t.rows[5], (std::vector<std::string>{"1",
                                                 "active",
                                                 "062022/kokuho",
                                                 "062022/juki",
                                                 "IdoJohoShokai:1",
                                                 "KOKUHO-SHIKAKU",
                                                 "KOKUHO-SHIKAKUに関する事務",
                                                 "国民健康保険法 第9条",
                                                 "",
                                                 "",
                                                 "no",
                                                 "氏名;生年月日;住所",
                                                 "課1",
                                                 "Vendor 1",
                                                 "",
                                                 "2025-03-31",
                                                 "年1回見直し, \"重要\"",
                                                 "2",
                                                 "1",
                                                 "0",
                                                 "2024-05-21T10:00:00.000Z",
                                                 "2000"}));
}

TEST_F(GovernanceReportTest, UnusedListsActiveLinksQuietForTheWindow) {
  const ReportTable t = unusedReport(in_, options_);
  EXPECT_EQ(t.columns,
            (std::vector<std::string>{"id", "sender", "receiver", "service", "purpose_code",
                                      "department", "last_routed", "idle_days"}));
  EXPECT_EQ(t.rows, (Rows{{"6", "062014/kokuho", "062022/juki", "IdoJohoShokai:1", "KOKUHO-TENNYU",
                           "課6", "never", "152"},
                          {"2", "062022/juminzei", "062022/juki", "IdoJohoShokai:1",
                           "JUMINZEI-FUKA", "課2", "2024-02-01T08:00:00.000Z", "120"}}));
  ASSERT_FALSE(t.notes.empty());
  EXPECT_NE(t.notes[0].find("since 2024-03-03T00:00:00Z (90 days before 2024-06-01T00:00:00Z)"),
            std::string::npos)
      << t.notes[0];
}

TEST_F(GovernanceReportTest, UnusedFollowsDaysAndTheInjectedNow) {
  ReportOptions month = options_;
  month.days = 30;
  const ReportTable t = unusedReport(in_, month);
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[2],
            (std::vector<std::string>{"3", "062022/juki", "062022/kokuho", "ShikakuJohoShokai:1",
                                      "JUKI-KIROKU", "課3", "2024-04-01T12:00:00.000Z", "60"}));
  ReportOptions earlier = options_;
  earlier.now = *parseIsoTimestamp("2024-03-01T00:00:00Z");
  // As of 1 March nothing had been quiet for 90 days: link 6 only became valid on 1 January.
  EXPECT_TRUE(unusedReport(in_, earlier).rows.empty());
}

TEST_F(GovernanceReportTest, UnusedSparesALinkActivatedWithinTheWindow) {
  in_.active_since[6] = "2024-05-01T00:00:00Z";
  const ReportTable t = unusedReport(in_, options_);
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][0], "2");
}

TEST_F(GovernanceReportTest, UnusedWithNoKnownStartHasNoIdleDaysAndComesFirst) {
  RegistrySnapshot registry = renkei::testing::reportRegistry();
  registry.links[5].valid_from.clear();
  const ReportInputs in = makeReportInputs(registry, renkei::testing::reportRecords());
  const ReportTable t = unusedReport(in, options_);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][0], "6");
  EXPECT_EQ(t.rows[0][6], "never");
  EXPECT_EQ(t.rows[0][7], "");
}

TEST_F(GovernanceReportTest, RefusedGroupsAttemptsWithFirstAndLastSeen) {
  const ReportTable t = refusedReport(in_);
  const std::string nr = "Client.LinkNotRegistered";
  EXPECT_EQ(t.rows,
            (Rows{{"062022/juminzei", "062022/kokuho", "ShikakuJohoShokai:1", "JUMINZEI-FUKA", nr,
                   "3", "2024-04-10T00:00:00.000Z", "2024-04-15T00:00:00.000Z", "#5 proposed"},
                  {"062014/kokuho", "062022/juki", "IdoJohoShokai:1", "KOKUHO-SHIKAKU", nr, "2",
                   "2024-04-11T00:00:00.000Z", "2024-04-13T00:00:00.000Z", "none"},
                  {"", "", "", "", "Client.InvalidXml", "1", "2024-04-20T00:00:00.000Z",
                   "2024-04-20T00:00:00.000Z", "none"},
                  {"062022/kokuho", "062022/juminzei", "KazeiJohoShokai:1", "KOKUHO-HOKENRYO", nr,
                   "1", "2024-05-25T00:00:00.000Z", "2024-05-25T00:00:00.000Z", "#4 suspended"},
                  {"bogus", "062022/juki", "IdoJohoShokai:1", "P", nr, "1",
                   "2024-05-26T00:00:00.000Z", "2024-05-26T00:00:00.000Z", "none"}}));
}

TEST_F(GovernanceReportTest, NoLegalBasisFindsEmptyAndPlaceholderButNotRetired) {
  const ReportTable t = noLegalBasisReport(in_);
  EXPECT_EQ(t.rows, (Rows{{"3", "active", "062022/juki", "062022/kokuho", "ShikakuJohoShokai:1",
                           "JUKI-KIROKU", "-", "課3", "Vendor 3"},
                          {"5", "proposed", "062022/juminzei", "062022/kokuho",
                           "ShikakuJohoShokai:1", "JUMINZEI-FUKA", "", "課5", "Vendor 5"},
                          {"4", "suspended", "062022/kokuho", "062022/juminzei",
                           "KazeiJohoShokai:1", "KOKUHO-HOKENRYO", "未定", "課4", "Vendor 4"}}));
}

TEST(LegalBasisPlaceholderTest, RecognizesWhatPeopleTypeToGetPastAForm) {
  for (const char* placeholder : {"", " ", "-", "—", "－", "---", "?", "？", "未定", " 未定　",
                                  "TBD", "tbd", "N/A", "なし", "調整中", "ー"}) {
    EXPECT_TRUE(isPlaceholderLegalBasis(placeholder)) << placeholder;
  }
  for (const char* real :
       {"地方税法 第294条", "住民基本台帳法 第7条", "米沢市個人情報保護条例", "TBD条例"}) {
    EXPECT_FALSE(isPlaceholderLegalBasis(real)) << real;
  }
}

TEST_F(GovernanceReportTest, ReviewDueSaysOverdueUnreadableOrMissing) {
  const ReportTable t = reviewDueReport(in_, options_);
  EXPECT_EQ(t.rows,
            (Rows{{"2", "active", "062022/juminzei", "062022/juki", "IdoJohoShokai:1",
                   "JUMINZEI-FUKA", "課2", "2024-03-31", "62", "overdue"},
                  {"4", "suspended", "062022/kokuho", "062022/juminzei", "KazeiJohoShokai:1",
                   "KOKUHO-HOKENRYO", "課4", "2024-05-01", "31", "overdue"},
                  {"5", "proposed", "062022/juminzei", "062022/kokuho", "ShikakuJohoShokai:1",
                   "JUMINZEI-FUKA", "課5", "来年度", "", "unreadable"},
                  {"3", "active", "062022/juki", "062022/kokuho", "ShikakuJohoShokai:1",
                   "JUKI-KIROKU", "課3", "", "", "missing"}}));
  EXPECT_EQ(t.notes, (std::vector<std::string>{"today (JST): 2024-06-01"}));
}

TEST_F(GovernanceReportTest, FanPerUnit) {
  const ReportTable t = fanReport(in_);
  EXPECT_EQ(
      t.rows,
      (Rows{
          {"062014/kaigo", "介護保険システム", "0", "0", "0", "0", "0", "0", "0", "0"},
          {"062014/kokuho", "国民健康保険システム(山形市)", "1", "1", "0", "0", "0", "0", "0", "0"},
          {"062022/juki", "住民基本台帳システム", "1", "1", "3", "3", "1", "1", "4", "2"},
          {"062022/juminzei", "個人住民税システム", "1", "1", "0", "0", "1", "1", "0", "0"},
          {"062022/kokuho", "国民健康保険システム", "1", "1", "1", "1", "3", "1", "1", "1"}}));
}

TEST_F(GovernanceReportTest, TenantsSummary) {
  const ReportTable t = tenantsReport(in_);
  EXPECT_EQ(t.columns,
            (std::vector<std::string>{"tenant", "units", "links", "active", "approved", "proposed",
                                      "suspended", "retired", "cross_tenant_links", "routed",
                                      "failed", "refused"}));
  EXPECT_EQ(t.rows, (Rows{{"062014", "2", "1", "1", "0", "0", "0", "0", "1", "0", "0", "2"},
                          {"062022", "3", "7", "4", "0", "1", "1", "1", "1", "4", "1", "7"}}));
}

TEST(ReportKindTest, EveryKindParsesAndBuilds) {
  const ReportInputs in = makeReportInputs(renkei::testing::reportRegistry(), {});
  for (const auto& info : reportKinds()) {
    ASSERT_EQ(parseReportKind(info.name), info.kind) << info.name;
    const ReportTable t = buildReport(info.kind, in, {});
    EXPECT_FALSE(t.title.empty()) << info.name;
    for (const auto& row : t.rows) EXPECT_EQ(row.size(), t.columns.size()) << info.name;
  }
  EXPECT_EQ(parseReportKind("spaghetti"), std::nullopt);
}

TEST(ReportTimeTest, ParsesAndFormatsUtc) {
  EXPECT_EQ(formatIsoTimestamp(*parseIsoTimestamp("2024-02-29T23:59:58.123Z")),
            "2024-02-29T23:59:58Z");
  EXPECT_EQ(formatIsoTimestamp(*parseIsoTimestamp("2024-03-01")), "2024-03-01T00:00:00Z");
  EXPECT_TRUE(parseIsoTimestamp("2024-03-01T00:00:00+00:00"));
  EXPECT_FALSE(parseIsoTimestamp("2023-02-29"));
  EXPECT_FALSE(parseIsoTimestamp("2024-03-01T25:00:00Z"));
  EXPECT_FALSE(parseIsoTimestamp("来年度"));
  EXPECT_FALSE(parseIsoDate("2024-3-1"));
}

}  // namespace
}  // namespace renkei::reports
