// Links in and out of CSV and <links> XML, and the rules every incoming link must pass.
#include <gtest/gtest.h>

#include "broker/config/broker_config.h"
#include "broker/config/links_document.h"
#include "broker/registry/link_csv.h"
#include "broker/registry/link_rules.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::makeLink;
using testing::sampleRegistry;

Link richLink() {
  Link link = makeLink("062014/juki", "062022/juki", "IdoJohoShokai", "JUKI-TENNYU");
  link.id = 7;
  link.cross_tenant = true;
  link.valid_from = "2024-04-01";
  link.data_items = "氏名;生年月日;住所";
  link.department = "市民課";
  link.vendor = "ベンダー\"A\", 株式会社";
  link.approver = "yamada";
  link.review_date = "2026-03-31";
  link.note = "一行目\n二行目 <&>";
  return link;
}

void expectSameContent(const Link& a, const Link& b) {
  EXPECT_EQ(a.sender, b.sender);
  EXPECT_EQ(a.receiver, b.receiver);
  EXPECT_EQ(a.service_name, b.service_name);
  EXPECT_EQ(a.service_version, b.service_version);
  EXPECT_EQ(a.purpose_code, b.purpose_code);
  EXPECT_EQ(a.purpose_name, b.purpose_name);
  EXPECT_EQ(a.legal_basis, b.legal_basis);
  EXPECT_EQ(a.valid_from, b.valid_from);
  EXPECT_EQ(a.valid_to, b.valid_to);
  EXPECT_EQ(a.cross_tenant, b.cross_tenant);
  EXPECT_EQ(a.data_items, b.data_items);
  EXPECT_EQ(a.department, b.department);
  EXPECT_EQ(a.vendor, b.vendor);
  EXPECT_EQ(a.review_date, b.review_date);
  EXPECT_EQ(a.note, b.note);
}

TEST(LinkCsv, RoundTripImportsAsProposedWithoutApprover) {
  const Link link = richLink();
  const LinkCsvRead read = readLinkCsv(writeLinkCsv({link}));
  ASSERT_TRUE(read.error.empty()) << read.error;
  ASSERT_EQ(read.rows.size(), 1u);
  EXPECT_TRUE(read.rows[0].error.empty()) << read.rows[0].error;
  EXPECT_EQ(read.rows[0].line, 2);
  expectSameContent(read.rows[0].link, link);
  EXPECT_EQ(read.rows[0].link.status, LinkStatus::kProposed);
  EXPECT_EQ(read.rows[0].link.approver, "");
  EXPECT_EQ(read.rows[0].link.id, 0);
}

TEST(LinkCsv, HeaderProblemsRefuseTheFileAndRowProblemsOnlyTheRow) {
  EXPECT_NE(readLinkCsv("sender,receiver\n").error.find("no column \"service\""),
            std::string::npos);
  EXPECT_NE(readLinkCsv("sender,colour\n").error.find("unknown column \"colour\""),
            std::string::npos);
  const LinkCsvRead read = readLinkCsv(
      "sender,receiver,service,version,purpose,purposeName,legalBasis,crossTenant\n"
      "062022/a,062022/b,S,1,P-1,n,l,maybe\n"
      "062022/a,062022/b,S,1\n");
  ASSERT_TRUE(read.error.empty());
  ASSERT_EQ(read.rows.size(), 2u);
  EXPECT_EQ(read.rows[0].field, "crossTenant");
  EXPECT_NE(read.rows[0].error.find("maybe"), std::string::npos);
  EXPECT_EQ(read.rows[1].line, 3);
  EXPECT_NE(read.rows[1].error.find("4 fields"), std::string::npos);
}

TEST(LinksDocument, RoundTripThroughTheConfigSchema) {
  const Link link = richLink();
  const auto entries = readLinksDocument(writeLinksDocument({link, makeLink("062022/kokuho",
                                                                           "062022/juki",
                                                                           "IdoJohoShokai",
                                                                           "KOKUHO-01")}),
                                         "links.xml");
  ASSERT_EQ(entries.size(), 2u);
  expectSameContent(entries[0].link, link);
  EXPECT_EQ(entries[0].line, 3);
  EXPECT_EQ(entries[1].line, 4);
}

TEST(LinksDocument, InvalidDocumentsNameFileAndLine) {
  try {
    readLinksDocument(
        "<links xmlns=\"urn:renkei:config:v1\">\n"
        "  <link sender=\"062022/kokuho\" receiver=\"062022/juki\" service=\"S\" version=\"1\"\n"
        "        purpose=\"lower-case\" purposeName=\"n\" legalBasis=\"l\" status=\"proposed\"/>\n"
        "</links>\n",
        "in.xml");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("in.xml:3:", 0), 0u) << e.what();
  }
  EXPECT_THROW(readLinksDocument("<!DOCTYPE x [<!ENTITY a \"b\">]><links/>", "evil.xml"),
               ConfigError);
  EXPECT_THROW(readLinksDocument("<renkei xmlns=\"urn:renkei:config:v1\"/>", "wrong.xml"),
               ConfigError);
}

TEST(LinkRules, TheChecksTheConfigAndTheCliShare) {
  const RegistrySnapshot registry = sampleRegistry();
  Link ok = makeLink("062022/kokuho", "062022/juki", "IdoJohoShokai", "KOKUHO-01");
  EXPECT_FALSE(checkLinkRules(ok, registry));

  auto field = [&](Link l) {
    auto v = checkLinkRules(l, registry);
    return v ? v->field : std::string("ok");
  };
  Link l = ok;
  l.sender = "062022/nowhere";
  EXPECT_EQ(field(l), "sender");
  l = ok;
  l.receiver = ok.sender;
  EXPECT_EQ(field(l), "receiver");
  l = ok;
  l.service_version = "9";
  EXPECT_EQ(field(l), "service");
  l = ok;
  l.purpose_code = "kokuho";
  EXPECT_EQ(field(l), "purpose");
  l = ok;
  l.legal_basis.clear();
  EXPECT_EQ(field(l), "legalBasis");
  l = ok;
  l.review_date = "2026-02-30";
  EXPECT_EQ(field(l), "reviewDate");
  l = ok;
  l.valid_from = "2025-04-01";
  l.valid_to = "2025-03-31";
  EXPECT_EQ(field(l), "validTo");
  l = makeLink("062014/juki", "062022/juki", "IdoJohoShokai", "JUKI-TENNYU");
  EXPECT_EQ(field(l), "crossTenant");
  l.cross_tenant = true;
  EXPECT_EQ(field(l), "ok");
}

TEST(LinkRules, IsoDates) {
  EXPECT_TRUE(isIsoDate("2024-02-29"));
  EXPECT_FALSE(isIsoDate("2023-02-29"));
  EXPECT_FALSE(isIsoDate("2024-13-01"));
  EXPECT_FALSE(isIsoDate("2024/01/01"));
  EXPECT_FALSE(isIsoDate("令和6年"));
}

}  // namespace
}  // namespace renkei
