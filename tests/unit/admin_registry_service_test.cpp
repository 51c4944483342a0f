// RegistryAdminService over a real SQLite store and a real LinkRegistry: lifecycle, refusals
// with their codes, validation of proposals, the registry reloaded after every change, and
// allowedServices never showing another unit's links.
#include <gtest/gtest.h>

#include <algorithm>

#include "broker/admin/admin_error.h"
#include "broker/admin/registry_admin_service.h"
#include "broker/store/sqlite_store.h"
#include "tests/unit/store_test_support.h"

namespace renkei::admin {
namespace {
using renkei::testing::makeLink;
using renkei::testing::sampleRegistry;
using renkei::testing::TempDir;

class AdminRegistryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<SqliteStore>(dir_.file("renkei.db"));
    store_->migrate();
    RegistrySnapshot seed = sampleRegistry();
    store_->seedRegistry(seed);
    registry_.reload(*store_);
    service_ =
        std::make_unique<RegistryAdminService>(*store_, registry_, [this] { return today_; });
  }

  int64_t idOf(const std::string& sender, const std::string& purpose) {
    LinkFilter filter;
    filter.sender = sender;
    for (const Link& link : service_->listLinks(filter)) {
      if (link.purpose_code == purpose) return link.id;
    }
    ADD_FAILURE() << "no link " << sender << " " << purpose;
    return 0;
  }

  AdminErrorCode refusalOf(const std::function<void()>& call, std::string* reason = nullptr) {
    try {
      call();
    } catch (const AdminError& e) {
      if (reason) *reason = e.what();
      return e.code();
    }
    ADD_FAILURE() << "expected an AdminError";
    return AdminErrorCode::kInternal;
  }

  Link proposal() {
    Link link = makeLink("062022/juki", "062022/kokuho", "ShikakuJohoShokai", "JUKI-01");
    link.data_items = "氏名;生年月日";
    link.review_date = "2026-03-31";
    return link;
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  LinkRegistry registry_;
  std::string today_ = "2025-06-01";
  std::unique_ptr<RegistryAdminService> service_;
  const ChangeContext officer_{"情報政策課", "review", ""};
  // Who proposes links the officer then approves: four-eyes wants two people.
  const ChangeContext clerk_{"保険年金課", "新規", ""};
};

TEST_F(AdminRegistryServiceTest, ProposeApproveActivateAndTheRegistryFollowsAtOnce) {
  const Link proposed = service_->proposeLink(proposal(), clerk_);
  EXPECT_EQ(proposed.status, LinkStatus::kProposed);
  auto routable = [&] {
    return registry_.findActiveLink("062022/juki", "062022/kokuho", "ShikakuJohoShokai", "1",
                                    "JUKI-01", today_);
  };
  EXPECT_FALSE(routable());

  EXPECT_EQ(
      service_->transitionLink(proposed.id, LinkStatus::kApproved, officer_, LinkStatus::kProposed)
          .approver,
      "情報政策課");
  service_->transitionLink(proposed.id, LinkStatus::kActive, officer_, LinkStatus::kApproved);
  ASSERT_TRUE(routable());  // no reload by the caller: the service did it

  service_->transitionLink(proposed.id, LinkStatus::kSuspended, officer_, LinkStatus::kActive);
  EXPECT_FALSE(routable());

  const LinkRecord record = service_->getLink(proposed.id);
  ASSERT_EQ(record.history.size(), 4u);
  EXPECT_EQ(record.history[0].action, "created");
  EXPECT_EQ(record.history[3].action, "suspended");
  EXPECT_EQ(record.link.data_items, "氏名;生年月日");
}

TEST_F(AdminRegistryServiceTest, GovernanceRefusalsHaveTheirOwnCodes) {
  const Link proposed = service_->proposeLink(proposal(), officer_);
  std::string reason;
  EXPECT_EQ(
      refusalOf([&] { service_->transitionLink(proposed.id, LinkStatus::kApproved, officer_); },
                &reason),
      AdminErrorCode::kFourEyes);
  EXPECT_NE(reason.find("proposed by 情報政策課"), std::string::npos) << reason;

  Link vague = proposal();
  vague.purpose_code = "JUKI-02";
  vague.legal_basis = "TBD";
  const Link undecided = service_->proposeLink(vague, clerk_);
  EXPECT_EQ(
      refusalOf([&] { service_->transitionLink(undecided.id, LinkStatus::kApproved, officer_); },
                &reason),
      AdminErrorCode::kNoLegalBasis);
  EXPECT_NE(reason.find("\"TBD\" is a placeholder"), std::string::npos) << reason;
}

TEST_F(AdminRegistryServiceTest, RefusedTransitionsSayWhyAndChangeNothing) {
  const int64_t id = idOf("062022/kokuho", "KOKUHO-01");
  service_->transitionLink(id, LinkStatus::kRetired, officer_);
  std::string reason;
  EXPECT_EQ(refusalOf(
                [&] {
                  service_->transitionLink(id, LinkStatus::kApproved, officer_,
                                           LinkStatus::kProposed);
                },
                &reason),
            AdminErrorCode::kLifecycleRefused);
  EXPECT_NE(reason.find("link " + std::to_string(id) + " (062022/kokuho -> 062022/juki"),
            std::string::npos)
      << reason;
  EXPECT_NE(reason.find("retired is final"), std::string::npos) << reason;
  EXPECT_EQ(service_->getLink(id).history.size(), 2u);

  // Resume is only for suspended links, activate only for approved ones.
  const int64_t suspended = idOf("062022/zei", "ZEI-01");
  EXPECT_EQ(refusalOf(
                [&] {
                  service_->transitionLink(suspended, LinkStatus::kActive, officer_,
                                           LinkStatus::kApproved);
                },
                &reason),
            AdminErrorCode::kLifecycleRefused);
  EXPECT_NE(reason.find("cannot be activated: only approved links can"), std::string::npos)
      << reason;
  service_->transitionLink(suspended, LinkStatus::kActive, officer_, LinkStatus::kSuspended);

  EXPECT_EQ(refusalOf([&] { service_->transitionLink(4242, LinkStatus::kActive, officer_); }),
            AdminErrorCode::kNoSuchLink);
  EXPECT_EQ(refusalOf([&] { service_->transitionLink(suspended, LinkStatus::kSuspended, {}); }),
            AdminErrorCode::kInvalidRequest);
}

TEST_F(AdminRegistryServiceTest, ProposalsAreValidated) {
  auto refusal = [&](const std::function<void(Link&)>& edit) {
    Link link = proposal();
    edit(link);
    std::string reason;
    const AdminErrorCode code = refusalOf([&] { service_->proposeLink(link, officer_); }, &reason);
    return std::make_pair(code, reason);
  };
  EXPECT_EQ(refusal([](Link& l) { l.receiver = "062022/nobody"; }).first,
            AdminErrorCode::kInvalidLink);
  EXPECT_EQ(refusal([](Link& l) { l.service_version = "9"; }).first, AdminErrorCode::kInvalidLink);
  EXPECT_EQ(refusal([](Link& l) { l.purpose_code = "lower"; }).first, AdminErrorCode::kInvalidLink);
  EXPECT_EQ(refusal([](Link& l) { l.valid_to = "2025-02-30"; }).first,
            AdminErrorCode::kInvalidLink);
  EXPECT_EQ(refusal([](Link& l) {
              l.valid_from = "2025-04-01";
              l.valid_to = "2025-03-31";
            }).first,
            AdminErrorCode::kInvalidLink);
  EXPECT_EQ(refusal([](Link& l) { l.receiver = l.sender; }).first, AdminErrorCode::kInvalidLink);
  const auto cross = refusal([](Link& l) { l.sender = "062014/juki"; });
  EXPECT_EQ(cross.first, AdminErrorCode::kInvalidLink);
  EXPECT_NE(cross.second.find("CrossTenant"), std::string::npos) << cross.second;
  EXPECT_EQ(refusal([](Link& l) {
              l.sender = "062022/kokuho";
              l.receiver = "062022/juki";
              l.service_name = "IdoJohoShokai";
              l.purpose_code = "KOKUHO-01";
            }).first,
            AdminErrorCode::kDuplicateLink);

  Link crossing = proposal();
  crossing.sender = "062014/juki";
  crossing.cross_tenant = true;
  EXPECT_EQ(service_->proposeLink(crossing, officer_).status, LinkStatus::kProposed);
}

TEST_F(AdminRegistryServiceTest, UpdateChangesDescriptiveFieldsOnlyAndReportsEachChange) {
  const int64_t id = idOf("062022/kokuho", "KOKUHO-01");
  const LinkEdit edit = service_->updateLink(
      id, {{"LegalBasis", "国民健康保険法第9条第2項"}, {"Department", "保険年金課"}}, officer_);
  ASSERT_EQ(edit.changes.size(), 2u);
  EXPECT_EQ(edit.changes[0].field, "legalBasis");
  EXPECT_EQ(edit.changes[1].field, "department");
  EXPECT_EQ(edit.changes[1].before, "");
  EXPECT_EQ(edit.link.department, "保険年金課");
  // The running registry has it at once.
  EXPECT_EQ(
      registry_
          .findActiveLink("062022/kokuho", "062022/juki", "IdoJohoShokai", "1", "KOKUHO-01", today_)
          ->department,
      "保険年金課");
  // The same values again: nothing changed, nothing written.
  EXPECT_TRUE(service_->updateLink(id, {{"Department", "保険年金課"}}, officer_).changes.empty());
  EXPECT_EQ(service_->getLink(id).history.size(), 3u);

  std::string reason;
  EXPECT_EQ(refusalOf(
                [&] {
                  service_->updateLink(id, {{"Sender", "062022/zei"}}, officer_);
                },
                &reason),
            AdminErrorCode::kInvalidLink);
  EXPECT_NE(reason.find("stays a new link: propose one"), std::string::npos) << reason;
  EXPECT_EQ(refusalOf(
                [&] {
                  service_->updateLink(id, {{"ReviewDate", "2025-05-31"}}, officer_);
                },
                &reason),
            AdminErrorCode::kInvalidLink);
  EXPECT_NE(reason.find("ReviewDate is in the past (2025-05-31; today is 2025-06-01"),
            std::string::npos)
      << reason;
  EXPECT_EQ(refusalOf([&] { service_->updateLink(id, {}, officer_); }, &reason),
            AdminErrorCode::kInvalidLink);
  EXPECT_NE(reason.find("PurposeName, LegalBasis"), std::string::npos) << reason;
  EXPECT_EQ(refusalOf([&] {
              service_->updateLink(4242, {{"Note", "x"}}, officer_);
            }),
            AdminErrorCode::kNoSuchLink);
  EXPECT_EQ(refusalOf([&] {
              service_->updateLink(id, {{"Note", "x"}}, {});
            }),
            AdminErrorCode::kInvalidRequest);
  service_->transitionLink(id, LinkStatus::kRetired, officer_);
  EXPECT_EQ(refusalOf(
                [&] {
                  service_->updateLink(id, {{"Note", "x"}}, officer_);
                },
                &reason),
            AdminErrorCode::kLifecycleRefused);
  EXPECT_NE(reason.find("retired is final"), std::string::npos) << reason;
}

TEST_F(AdminRegistryServiceTest, AReviewNeedsAReasonAndADateNotInThePast) {
  const int64_t id = idOf("062022/kokuho", "KOKUHO-01");
  std::string reason;
  EXPECT_EQ(refusalOf(
                [&] {
                  service_->reviewLink(id, "2026-03-31", {"課長", "", ""});
                },
                &reason),
            AdminErrorCode::kInvalidRequest);
  EXPECT_NE(reason.find("Reason is required"), std::string::npos) << reason;
  EXPECT_EQ(refusalOf([&] { service_->reviewLink(id, "2025-05-31", officer_); }, &reason),
            AdminErrorCode::kInvalidLink);
  EXPECT_NE(reason.find("NextReviewDate is in the past"), std::string::npos) << reason;
  EXPECT_EQ(refusalOf([&] { service_->reviewLink(id, "31.03.2026", officer_); }),
            AdminErrorCode::kInvalidLink);
  EXPECT_EQ(service_->getLink(id).history.size(), 1u);

  const Link reviewed = service_->reviewLink(id, today_, {"課長", "問題なし", ""});
  EXPECT_EQ(reviewed.review_date, today_);
  const auto history = service_->getLink(id).history;
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].action, "reviewed");
  EXPECT_EQ(history[1].after, today_);
  EXPECT_EQ(history[1].reason, "問題なし");
}

TEST_F(AdminRegistryServiceTest, AllowedServicesAreTheCallersRoutableLinksOnly) {
  auto allowed = [&](const std::string& unit) {
    std::vector<std::string> out;
    for (const AllowedService& s : service_->allowedServices(unit)) {
      out.push_back(s.receiver + " " + s.service_name + " " + s.purpose_code);
    }
    return out;
  };
  EXPECT_EQ(allowed("062022/kokuho"),
            std::vector<std::string>{"062022/juki IdoJohoShokai KOKUHO-01"});
  EXPECT_TRUE(allowed("062022/zei").empty());  // suspended
  EXPECT_EQ(allowed("062014/juki").size(), 1u);
  today_ = "2027-04-01";  // past the cross-tenant link's valid_to
  EXPECT_TRUE(allowed("062014/juki").empty());
  EXPECT_TRUE(allowed("062022/juki").empty());  // a receiver only
  EXPECT_TRUE(allowed("").empty());
}

TEST_F(AdminRegistryServiceTest, ListFiltersCombine) {
  LinkFilter filter;
  filter.tenant = "062014";
  EXPECT_EQ(service_->listLinks(filter).size(), 1u);
  filter = {};
  filter.receiver = "062022/juki";
  EXPECT_EQ(service_->listLinks(filter).size(), 3u);
  filter.status = LinkStatus::kActive;
  EXPECT_EQ(service_->listLinks(filter).size(), 2u);
  filter.service = "IdoJohoShokai:2";
  EXPECT_TRUE(service_->listLinks(filter).empty());
  filter.service = "IdoJohoShokai:1";
  EXPECT_EQ(service_->listLinks(filter).size(), 2u);
}

}  // namespace
}  // namespace renkei::admin
