// What may be edited on a registered link and what a valid new value is (link_edit.h): the
// same answers for the CLI, the admin SOAP service and the stores.
#include "broker/registry/link_edit.h"

#include <gtest/gtest.h>

#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using testing::makeLink;

constexpr const char* kToday = "2026-12-02";

TEST(LinkEdit, EveryDescriptiveFieldHasOneSpellingPerSurface) {
  std::vector<std::string> names;
  for (const auto& field : editableLinkFields()) names.push_back(field.name);
  EXPECT_EQ(names, (std::vector<std::string>{"purposeName", "legalBasis", "dataItems", "department",
                                             "vendor", "reviewDate", "note"}));
  for (const char* spelling : {"legalBasis", "--legal-basis", "LegalBasis"}) {
    const EditableLinkField* field = findEditableLinkField(spelling);
    ASSERT_NE(field, nullptr) << spelling;
    EXPECT_EQ(field->member, &Link::legal_basis);
  }
  EXPECT_EQ(findEditableLinkField("--sender"), nullptr);
  EXPECT_EQ(findEditableLinkField("--valid-to"), nullptr);  // validity is what was approved
  EXPECT_EQ(editableLinkFieldList(&EditableLinkField::option),
            "--purpose-name, --legal-basis, --data-items, --department, --vendor, "
            "--review-date, --note");
}

TEST(LinkEdit, IdentityFieldsStayANewLink) {
  for (const char* spelling : {"--sender", "--receiver", "--service", "--version", "--purpose",
                               "Sender", "PurposeCode", "purpose"}) {
    const auto refusal = identityFieldRefusal(spelling);
    ASSERT_TRUE(refusal.has_value()) << spelling;
    EXPECT_EQ(refusal->rfind(spelling, 0), 0u) << *refusal;
    EXPECT_NE(refusal->find("stays a new link: propose one"), std::string::npos) << *refusal;
  }
  EXPECT_FALSE(identityFieldRefusal("--note").has_value());
}

TEST(LinkEdit, ApplyingValuesNamesTheFirstProblemAsTheCallerSpeltIt) {
  Link link = makeLink("062022/kokuho", "062022/juki", "IdoJohoShokai", "KOKUHO-01");
  ASSERT_FALSE(applyLinkFieldValues(
      link,
      {{"--legal-basis", "国民健康保険法第9条第2項"}, {"--note", ""}, {"--review-date", kToday}},
      kToday));
  EXPECT_EQ(link.legal_basis, "国民健康保険法第9条第2項");
  EXPECT_EQ(link.review_date, kToday);  // today is not in the past

  auto problem = applyLinkFieldValues(link, {{"--colour", "red"}}, kToday);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->kind, LinkEditProblem::kUnknownField);
  EXPECT_EQ(problem->message,
            "--colour is not a field that can be edited; the fields are --purpose-name, "
            "--legal-basis, --data-items, --department, --vendor, --review-date, --note");
  problem = applyLinkFieldValues(link, {{"Colour", "red"}}, kToday);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->message.find("PurposeName, LegalBasis"), std::string::npos)
      << problem->message;

  problem = applyLinkFieldValues(link, {{"--receiver", "062022/zei"}}, kToday);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->kind, LinkEditProblem::kIdentityField);

  const std::pair<std::string, std::string> invalid[] = {
      {"2026-12-01", "--review-date is in the past (2026-12-01; today is 2026-12-02 in Japan)"},
      {"2027/03/31", "--review-date must be a date written YYYY-MM-DD, not \"2027/03/31\""},
      {"2027-02-30", "--review-date must be a date written YYYY-MM-DD, not \"2027-02-30\""},
      {"", "--review-date cannot be cleared"},
  };
  for (const auto& [value, expected] : invalid) {
    problem = applyLinkFieldValues(link, {{"--review-date", value}}, kToday);
    ASSERT_TRUE(problem) << value;
    EXPECT_EQ(problem->kind, LinkEditProblem::kInvalidValue);
    EXPECT_EQ(problem->message.rfind(expected, 0), 0u) << problem->message;
  }
  problem = applyLinkFieldValues(link, {{"LegalBasis", ""}}, kToday);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->message, "LegalBasis cannot be empty: every link states it");
  EXPECT_EQ(link.review_date, kToday) << "a refused value changes nothing";
}

TEST(LinkEdit, DifferencesAreTheChangedDetailsWithBeforeAndAfter) {
  const Link stored = makeLink("062022/kokuho", "062022/juki", "IdoJohoShokai", "KOKUHO-01");
  EXPECT_TRUE(linkDetailDifferences(stored, stored).empty());

  Link wanted = stored;
  wanted.note = "条例改正";
  wanted.legal_basis = "国民健康保険法第9条第2項";
  wanted.valid_to = "2030-03-31";
  wanted.sender = "062022/zei";          // not a detail: never compared
  wanted.status = LinkStatus::kRetired;  // likewise
  const auto changes = linkDetailDifferences(stored, wanted);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].field, "legalBasis");
  EXPECT_EQ(changes[0].before, "国民健康保険法第9条");
  EXPECT_EQ(changes[0].after, "国民健康保険法第9条第2項");
  EXPECT_EQ(changes[1].field, "note");
  EXPECT_EQ(changes[1].before, "");
  EXPECT_EQ(changes[1].after, "条例改正");
  EXPECT_EQ(changes[2].field, "validTo");
}

}  // namespace
}  // namespace renkei
