// The registry's separation of duties on a real SQLite store and a real configuration file:
// four-eyes on approval, the legal-basis gate on approving and activating, and links the
// configuration declares active seeded so only when it names their approver.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "broker/config/config_changes.h"
#include "broker/config/config_loader.h"
#include "broker/registry/link_governance.h"
#include "broker/store/sqlite_store.h"
#include "tests/unit/store_test_support.h"
#include "tests/unit/support/example_config.h"

namespace renkei {
namespace {

using testing::makeLink;
using testing::sampleRegistry;
using testing::TempDir;

TEST(LegalBasisPlaceholders, DefaultWordsTrimmedAndCaseFolded) {
  const LegalBasisPlaceholders words;
  for (const char* placeholder : {"", "　", "未定", "　未定　", " 検討中\t", "TBD", "tbd", "Tbd",
                                  "なし", "-", "ー－", "不明"}) {
    EXPECT_TRUE(words.isPlaceholder(placeholder)) << placeholder;
  }
  for (const char* real : {"地方税法 第294条", "未定義語の定義に関する条例", "TBD条例"}) {
    EXPECT_FALSE(words.isPlaceholder(real)) << real;
  }
}

TEST(LegalBasisPlaceholders, AConfiguredListReplacesTheDefaultWords) {
  const LegalBasisPlaceholders words(parseLegalBasisPlaceholders(" 要確認 、 ask-kacho ,,"));
  EXPECT_EQ(words.words(), (std::vector<std::string>{"要確認", "ask-kacho"}));
  EXPECT_TRUE(words.isPlaceholder("　要確認"));
  EXPECT_TRUE(words.isPlaceholder("ASK-KACHO"));
  EXPECT_FALSE(words.isPlaceholder("未定")) << "not in the configured list";
  EXPECT_TRUE(words.isPlaceholder("---")) << "dashes alone never name a law";
}

class LinkGovernanceStore : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.migrate();
    RegistrySnapshot seeded = sampleRegistry();
    store_.seedRegistry(seeded);
  }

  int64_t propose(const std::string& legal_basis, const std::string& by = "sato") {
    Link link = makeLink("062022/kokuho", "062022/juki", "IdoJohoShokai",
                         "KOKUHO-" + std::to_string(++proposals_), LinkStatus::kProposed);
    link.legal_basis = legal_basis;
    return store_.createLink(link, {by, "新規", ""}).id;
  }

  void setLegalBasis(int64_t id, const std::string& value) {
    Link link = *store_.findLink(id);
    link.legal_basis = value;
    store_.updateLinkDetails(link, {"sato", "", ""});
  }

  // The rule a refused transition broke; fails the test when it was not refused.
  std::optional<GovernanceRule> refusal(int64_t id, LinkStatus to, const std::string& actor,
                                        std::string* message = nullptr) {
    const size_t history = store_.linkHistory(id).size();
    try {
      store_.transitionLink(id, to, {actor, "", ""});
    } catch (const GovernanceError& e) {
      if (message != nullptr) *message = e.what();
      EXPECT_EQ(store_.linkHistory(id).size(), history) << "a refusal writes no history";
      return e.rule();
    }
    return std::nullopt;
  }

  TempDir dir_;
  SqliteStore store_{dir_.file("renkei.db")};
  int proposals_ = 0;
};

TEST_F(LinkGovernanceStore, TheProposerCannotApproveAnotherPersonCan) {
  const int64_t id = propose("国民健康保険法第9条", "Sato");
  std::string message;
  EXPECT_EQ(refusal(id, LinkStatus::kApproved, "Sato", &message), GovernanceRule::kFourEyes);
  EXPECT_NE(message.find("link " + std::to_string(id) + " was proposed by Sato"), std::string::npos)
      << message;
  EXPECT_NE(message.find("four-eyes"), std::string::npos) << message;
  // Spacing and ASCII case do not make a second person.
  EXPECT_EQ(refusal(id, LinkStatus::kApproved, " sato　"), GovernanceRule::kFourEyes);
  EXPECT_EQ(store_.findLink(id)->status, LinkStatus::kProposed);

  EXPECT_EQ(refusal(id, LinkStatus::kApproved, "yamada"), std::nullopt);
  EXPECT_EQ(store_.findLink(id)->approver, "yamada");
  // Once another person approved, the proposer may put it into service.
  EXPECT_EQ(refusal(id, LinkStatus::kActive, "Sato"), std::nullopt);
  EXPECT_EQ(store_.findLink(id)->status, LinkStatus::kActive);
}

TEST_F(LinkGovernanceStore, APlaceholderOrEmptyLegalBasisIsRefusedAtApproveAndActivate) {
  const int64_t id = propose("　未定");
  std::string message;
  EXPECT_EQ(refusal(id, LinkStatus::kApproved, "yamada", &message), GovernanceRule::kLegalBasis);
  EXPECT_NE(message.find("link " + std::to_string(id) + " cannot become approved"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("\"　未定\" is a placeholder"), std::string::npos) << message;

  setLegalBasis(id, "国民健康保険法第9条");
  EXPECT_EQ(refusal(id, LinkStatus::kApproved, "yamada"), std::nullopt);
  // Edited back to a stand-in between approval and activation: activation is refused too.
  setLegalBasis(id, "　");
  EXPECT_EQ(refusal(id, LinkStatus::kActive, "yamada", &message), GovernanceRule::kLegalBasis);
  EXPECT_NE(message.find("its legal basis is empty"), std::string::npos) << message;
  EXPECT_EQ(store_.findLink(id)->status, LinkStatus::kApproved);

  setLegalBasis(id, "国民健康保険法第9条");
  EXPECT_EQ(refusal(id, LinkStatus::kActive, "yamada"), std::nullopt);
  // Resuming is going active again: the same gate. Suspending and retiring are never held up.
  EXPECT_EQ(refusal(id, LinkStatus::kSuspended, "yamada"), std::nullopt);
  setLegalBasis(id, "TBD");
  EXPECT_EQ(refusal(id, LinkStatus::kActive, "yamada"), GovernanceRule::kLegalBasis);
  EXPECT_EQ(refusal(id, LinkStatus::kRetired, "yamada"), std::nullopt);
}

TEST_F(LinkGovernanceStore, TheConfiguredPlaceholderListIsTheOneEnforced) {
  store_.setGovernanceRules({LegalBasisPlaceholders({"要確認"})});
  const int64_t custom = propose("要確認");
  EXPECT_EQ(refusal(custom, LinkStatus::kApproved, "yamada"), GovernanceRule::kLegalBasis);
  const int64_t default_word = propose("未定");
  EXPECT_EQ(refusal(default_word, LinkStatus::kApproved, "yamada"), std::nullopt);
}

// The example configuration, edited, loaded as `renkei serve` loads it.
class SeededLinkGovernance : public ::testing::Test {
 protected:
  BrokerConfig load(const test_support::ConfigEdits& edits) {
    return test_support::loadExampleConfig(dir_.file("renkei.xml"), edits);
  }

  static const Link& linkFor(const BrokerConfig& config, const std::string& purpose) {
    for (const Link& link : config.registry.links) {
      if (link.purpose_code == purpose) return link;
    }
    throw std::runtime_error("no link for " + purpose);
  }

  static constexpr const char* kLinks = "<links approver=\"米沢市 総務部 情報政策課長\">";
  TempDir dir_;
};

TEST_F(SeededLinkGovernance, TheLinksApproverVouchesAndALinkMayNameItsOwn) {
  const BrokerConfig config =
      load({{"purpose=\"JUKI-KIROKU\"", "purpose=\"JUKI-KIROKU\" approver=\"市民課長\""}});
  EXPECT_TRUE(config.unvouched_links.empty());
  EXPECT_EQ(linkFor(config, "KOKUHO-SHIKAKU").status, LinkStatus::kActive);
  EXPECT_EQ(linkFor(config, "KOKUHO-SHIKAKU").approver, "米沢市 総務部 情報政策課長");
  EXPECT_EQ(linkFor(config, "JUKI-KIROKU").approver, "市民課長");
}

TEST_F(SeededLinkGovernance, WithoutAnApproverOrALegalBasisADeclaredActiveLinkIsProposed) {
  const BrokerConfig config =
      load({{kLinks, "<links>"},
            {"purpose=\"JUKI-KIROKU\"", "purpose=\"JUKI-KIROKU\" approver=\"市民課長\""},
            {"legalBasis=\"住民基本台帳法 第7条\"", "legalBasis=\"未定\""}});
  EXPECT_EQ(linkFor(config, "KOKUHO-SHIKAKU").status, LinkStatus::kProposed);
  EXPECT_EQ(linkFor(config, "KOKUHO-SHIKAKU").approver, "");
  // Named its approver, but its legal basis is a placeholder.
  EXPECT_EQ(linkFor(config, "JUKI-KIROKU").status, LinkStatus::kProposed);
  // The example declares six links active: each is unvouched here.
  ASSERT_EQ(config.unvouched_links.size(), 6u);

  // The warning names the link (file, position, units, id) and why, once it is seeded.
  SqliteStore store(dir_.file("renkei.db"));
  store.migrate();
  RegistrySnapshot seeded = config.registry;
  store.seedRegistry(seeded);
  const std::vector<std::string> lines = describeUnvouchedLinks(config, seeded);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_NE(lines[0].find("renkei.xml: link #1 (062022/kokuho -> 062022/juki, IdoJohoShokai) is "
                          "declared active but is link "),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[0].find("names no approver"), std::string::npos) << lines[0];
  EXPECT_NE(lines[2].find("its legal basis \"未定\" is a placeholder"), std::string::npos)
      << lines[2];

  // Approved since in the registry: no longer mentioned.
  const int64_t first = seeded.links[0].id;
  store.transitionLink(first, LinkStatus::kApproved, {"情報政策課長", "", ""});
  RegistrySnapshot again = config.registry;
  store.seedRegistry(again);
  EXPECT_EQ(describeUnvouchedLinks(config, again).size(), 5u);
}

}  // namespace
}  // namespace renkei
