// The admin SOAP service (wsdl/registry.wsdl) end to end: a real gSOAP client (the generated
// proxy) against the admin listener of a real broker, with real example units behind it.
#include <gtest/gtest.h>

#include <algorithm>

#include "tests/integration/support/admin_listener.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

std::string* text(struct soap* soap, const std::string& value) {
  std::string* out = soap_new_std__string(soap);
  *out = value;
  return out;
}

class AdminSoapTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    juki_ = new UnitProcess("unit_juki");
    kokuho_ = new UnitProcess("unit_kokuho");
  }
  static void TearDownTestSuite() {
    delete juki_;
    delete kokuho_;
  }
  void SetUp() override {
    broker_ = std::make_unique<RunningBroker>(
        BrokerSetup{{{"062022/juki", juki_->url()}, {"062022/kokuho", kokuho_->url()}}});
    admin_ = std::make_unique<AdminListener>(*broker_);
    client_ = std::make_unique<AdminClient>(admin_->url());
  }
  void TearDown() override {
    client_.reset();
    admin_.reset();
    broker_.reset();
  }

  // The id of the one link matching sender, receiver and service, through ListLinks.
  int64_t linkId(const std::string& sender, const std::string& receiver,
                 const std::string& service) {
    _reg__ListLinksRequest request;
    request.Sender = text(client_->soap(), sender);
    request.Receiver = text(client_->soap(), receiver);
    request.Service = text(client_->soap(), service);
    _reg__ListLinksResponse response;
    EXPECT_EQ(client_->proxy().ListLinks(&request, response), SOAP_OK) << client_->faultReason();
    EXPECT_EQ(response.Link.size(), 1u);
    return response.Link.empty() ? 0 : response.Link[0]->Id;
  }

  int transition(int (RegistryAdminSoap11BindingProxy::*op)(reg__LinkTransition*, reg__LinkResult&),
                 int64_t id, reg__LinkResult& result, const std::string& reason = "test") {
    reg__LinkTransition request;
    request.LinkId = id;
    request.Actor = "情報政策課 山田";
    request.Reason = text(client_->soap(), reason);
    return (client_->proxy().*op)(&request, result);
  }

  static UnitProcess* juki_;
  static UnitProcess* kokuho_;
  std::unique_ptr<RunningBroker> broker_;
  std::unique_ptr<AdminListener> admin_;
  std::unique_ptr<AdminClient> client_;
  SoapClient units_;
};
UnitProcess* AdminSoapTest::juki_ = nullptr;
UnitProcess* AdminSoapTest::kokuho_ = nullptr;

using Proxy = RegistryAdminSoap11BindingProxy;

TEST_F(AdminSoapTest, ProposeApproveActivateRecordsHistoryAndApprover) {
  _reg__ProposeLinkRequest propose = client_->proposal(
      "062022/juki", "062022/kokuho", "ShikakuJohoShokai", "JUKI-IDO-TSUCHI", "市民課 佐藤");
  propose.Details->PurposeName = text(client_->soap(), "住民異動に伴う資格確認の事務");
  propose.Details->LegalBasis = text(client_->soap(), "住民基本台帳法 第7条");
  propose.Details->DataItems = text(client_->soap(), "氏名;生年月日;住所");
  propose.Details->Department = text(client_->soap(), "市民課");
  propose.Details->ReviewDate = text(client_->soap(), "2027-03-31");
  propose.Reason = text(client_->soap(), "転入時の資格確認");
  reg__LinkResult proposed;
  ASSERT_EQ(client_->proxy().ProposeLink(&propose, proposed), SOAP_OK) << client_->faultReason();
  ASSERT_NE(proposed.Link, nullptr);
  const int64_t id = proposed.Link->Id;
  EXPECT_GT(id, 0);
  EXPECT_EQ(proposed.Link->Status, reg__LinkStatus__proposed);
  EXPECT_EQ(*proposed.Link->Details->PurposeName, "住民異動に伴う資格確認の事務");

  reg__LinkResult approved;
  ASSERT_EQ(transition(&Proxy::ApproveLink, id, approved), SOAP_OK) << client_->faultReason();
  EXPECT_EQ(approved.Link->Status, reg__LinkStatus__approved);
  ASSERT_NE(approved.Link->Approver, nullptr);
  EXPECT_EQ(*approved.Link->Approver, "情報政策課 山田");

  reg__LinkResult activated;
  ASSERT_EQ(transition(&Proxy::ActivateLink, id, activated), SOAP_OK) << client_->faultReason();
  EXPECT_EQ(activated.Link->Status, reg__LinkStatus__active);

  _reg__GetLinkRequest get;
  get.LinkId = id;
  _reg__GetLinkResponse detail;
  ASSERT_EQ(client_->proxy().GetLink(&get, detail), SOAP_OK) << client_->faultReason();
  ASSERT_EQ(detail.History.size(), 3u);
  EXPECT_EQ(detail.History[0]->Action, "created");
  EXPECT_EQ(detail.History[0]->Actor, "市民課 佐藤");
  EXPECT_EQ(detail.History[1]->Action, "approved");
  EXPECT_EQ(detail.History[2]->Action, "activated");
  EXPECT_EQ(detail.History[2]->ToStatus, "active");
  EXPECT_EQ(*detail.Link->Details->DataItems, "氏名;生年月日;住所");

  _reg__ListLinksRequest list;
  enum reg__LinkStatus active = reg__LinkStatus__active;
  list.Status = &active;
  list.Sender = text(client_->soap(), "062022/juki");
  _reg__ListLinksResponse links;
  ASSERT_EQ(client_->proxy().ListLinks(&list, links), SOAP_OK);
  EXPECT_TRUE(std::any_of(links.Link.begin(), links.Link.end(),
                          [&](const reg__Link* l) { return l->Id == id; }));
  for (const reg__Link* link : links.Link) {
    EXPECT_EQ(link->Status, reg__LinkStatus__active);
    EXPECT_EQ(link->Details->Sender, "062022/juki");
  }
}

TEST_F(AdminSoapTest, ApprovingAProposedLinkThroughTheApiLetsItsTrafficThrough) {
  const std::string request = trafficFile("shikaku-joho-shokai.juminzei-to-kokuho.xml");
  const std::string url = broker_->url("/services/ShikakuJohoShokai");
  HttpAnswer before = units_.post(url, request);
  EXPECT_NE(before.body.find("Client.LinkNotRegistered"), std::string::npos) << before.body;

  const int64_t id = linkId("062022/juminzei", "062022/kokuho", "ShikakuJohoShokai");
  reg__LinkResult result;
  ASSERT_EQ(transition(&Proxy::ApproveLink, id, result), SOAP_OK) << client_->faultReason();
  ASSERT_EQ(transition(&Proxy::ActivateLink, id, result), SOAP_OK) << client_->faultReason();

  HttpAnswer after = units_.post(url, request);
  EXPECT_EQ(after.status, 200) << after.body;
  EXPECT_NE(after.body.find("ShikakuJohoShokaiResponse"), std::string::npos) << after.body;
}

TEST_F(AdminSoapTest, ApprovingARetiredLinkIsRefusedWithATypedFault) {
  const int64_t id = linkId("062022/juminzei", "062022/kokuho", "ShikakuJohoShokai");
  reg__LinkResult result;
  ASSERT_EQ(transition(&Proxy::RetireLink, id, result, "不要になった"), SOAP_OK)
      << client_->faultReason();
  EXPECT_EQ(result.Link->Status, reg__LinkStatus__retired);

  EXPECT_EQ(transition(&Proxy::ApproveLink, id, result), SOAP_FAULT);
  EXPECT_EQ(client_->faultCode(), "Client.LifecycleRefused");
  const std::string reason = client_->faultReason();
  EXPECT_NE(reason.find("link " + std::to_string(id)), std::string::npos) << reason;
  EXPECT_NE(reason.find("a retired link cannot become approved"), std::string::npos) << reason;
  EXPECT_NE(reason.find("retired is final"), std::string::npos) << reason;
  ASSERT_NE(client_->soap()->fault, nullptr);
  EXPECT_STREQ(client_->soap()->fault->faultcode, "SOAP-ENV:Client.LifecycleRefused");

  // The refusal changed nothing: the history ends with the retirement.
  _reg__GetLinkRequest get;
  get.LinkId = id;
  _reg__GetLinkResponse detail;
  ASSERT_EQ(client_->proxy().GetLink(&get, detail), SOAP_OK);
  EXPECT_EQ(detail.Link->Status, reg__LinkStatus__retired);
  EXPECT_EQ(detail.History.back()->Action, "retired");
  EXPECT_EQ(*detail.History.back()->Reason, "不要になった");
}

TEST_F(AdminSoapTest, TheProposerCannotApproveAndAPlaceholderLegalBasisIsRefused) {
  // Proposed by the same officer the transition() helper approves as.
  _reg__ProposeLinkRequest propose = client_->proposal(
      "062022/juki", "062022/kokuho", "ShikakuJohoShokai", "JUKI-YONDAI", "情報政策課 山田");
  propose.Details->PurposeName = text(client_->soap(), "住民異動に伴う資格確認の事務");
  propose.Details->LegalBasis = text(client_->soap(), "　未定　");
  reg__LinkResult proposed;
  ASSERT_EQ(client_->proxy().ProposeLink(&propose, proposed), SOAP_OK) << client_->faultReason();
  const int64_t id = proposed.Link->Id;

  reg__LinkResult result;
  EXPECT_EQ(transition(&Proxy::ApproveLink, id, result), SOAP_FAULT);
  EXPECT_EQ(client_->faultCode(), "Client.FourEyes");
  EXPECT_NE(client_->faultReason().find("proposed by 情報政策課 山田"), std::string::npos)
      << client_->faultReason();

  // Another officer is not the proposer, but the legal basis is still a placeholder.
  reg__LinkTransition other;
  other.LinkId = id;
  other.Actor = "情報政策課 鈴木";
  EXPECT_EQ(client_->proxy().ApproveLink(&other, result), SOAP_FAULT);
  EXPECT_EQ(client_->faultCode(), "Client.NoLegalBasis");
  EXPECT_NE(client_->faultReason().find("\"　未定　\" is a placeholder"), std::string::npos)
      << client_->faultReason();

  _reg__GetLinkRequest get;
  get.LinkId = id;
  _reg__GetLinkResponse detail;
  ASSERT_EQ(client_->proxy().GetLink(&get, detail), SOAP_OK);
  EXPECT_EQ(detail.Link->Status, reg__LinkStatus__proposed);
  EXPECT_EQ(detail.History.size(), 1u) << "refusals write no history";
}

TEST_F(AdminSoapTest, OtherRefusalsCarryTheirOwnCodes) {
  reg__LinkResult result;
  EXPECT_EQ(transition(&Proxy::SuspendLink, 999999, result), SOAP_FAULT);
  EXPECT_EQ(client_->faultCode(), "Client.NoSuchLink");

  // Resume means "from suspended" only; an active link is refused rather than re-activated.
  const int64_t active = linkId("062022/kokuho", "062022/juki", "IdoJohoShokai");
  EXPECT_EQ(transition(&Proxy::ResumeLink, active, result), SOAP_FAULT);
  EXPECT_EQ(client_->faultCode(), "Client.LifecycleRefused");

  _reg__ProposeLinkRequest propose = client_->proposal("062022/kokuho", "099999/nowhere",
                                                       "IdoJohoShokai", "KOKUHO-SHIKAKU", "tester");
  EXPECT_EQ(client_->proxy().ProposeLink(&propose, result), SOAP_FAULT);
  EXPECT_EQ(client_->faultCode(), "Client.InvalidLink");
  EXPECT_NE(client_->faultReason().find("099999/nowhere"), std::string::npos);

  propose.Details->Receiver = "062022/juki";  // exactly the seeded kokuho -> juki link
  EXPECT_EQ(client_->proxy().ProposeLink(&propose, result), SOAP_FAULT);
  EXPECT_EQ(client_->faultCode(), "Client.DuplicateLink");
}

TEST_F(AdminSoapTest, ListAllowedServicesShowsOnlyTheCallersActiveLinks) {
  _reg__ListAllowedServicesRequest request;
  request.UnitId = "062022/kokuho";
  _reg__ListAllowedServicesResponse response;
  ASSERT_EQ(client_->proxy().ListAllowedServices(&request, response), SOAP_OK)
      << client_->faultReason();
  ASSERT_EQ(response.Service.size(), 2u);
  EXPECT_EQ(response.Service[0]->Receiver, "062022/juki");
  EXPECT_EQ(response.Service[0]->ServiceName, "IdoJohoShokai");
  EXPECT_EQ(response.Service[0]->PurposeCode, "KOKUHO-SHIKAKU");
  EXPECT_EQ(response.Service[1]->Receiver, "062022/juminzei");
  EXPECT_EQ(response.Service[1]->ServiceName, "KazeiJohoShokai");

  // juminzei's only link towards kokuho is merely proposed: not callable, so not listed.
  request.UnitId = "062022/juminzei";
  _reg__ListAllowedServicesResponse juminzei;
  ASSERT_EQ(client_->proxy().ListAllowedServices(&request, juminzei), SOAP_OK);
  ASSERT_EQ(juminzei.Service.size(), 1u);
  EXPECT_EQ(juminzei.Service[0]->Receiver, "062022/juki");

  // A unit with no links learns nothing about anyone else's.
  request.UnitId = "062014/kokuho";
  _reg__ListAllowedServicesResponse none;
  ASSERT_EQ(client_->proxy().ListAllowedServices(&request, none), SOAP_OK);
  EXPECT_TRUE(none.Service.empty());
}

TEST_F(AdminSoapTest, LinkSuspendedThroughTheAdminApiBlocksTheNextMessage) {
  const std::string request = trafficFile("ido-joho-shokai.kokuho-to-juki.xml");
  HttpAnswer routed = units_.post(broker_->url(), request);
  ASSERT_EQ(routed.status, 200) << routed.body;
  ASSERT_NE(routed.body.find("IdoJohoShokaiResponse"), std::string::npos) << routed.body;

  const int64_t id = linkId("062022/kokuho", "062022/juki", "IdoJohoShokai");
  reg__LinkResult result;
  ASSERT_EQ(transition(&Proxy::SuspendLink, id, result, "監査のため一時停止"), SOAP_OK)
      << client_->faultReason();
  EXPECT_EQ(result.Link->Status, reg__LinkStatus__suspended);

  // No wait and no restart: the very next message on the same keep-alive connection.
  HttpAnswer refused = units_.post(broker_->url(), request);
  EXPECT_EQ(refused.status, 500) << refused.body;
  EXPECT_NE(refused.body.find("Client.LinkNotRegistered"), std::string::npos) << refused.body;
  EXPECT_EQ(refused.body.find("IdoJohoShokaiResponse"), std::string::npos) << refused.body;

  ASSERT_EQ(transition(&Proxy::ResumeLink, id, result), SOAP_OK) << client_->faultReason();
  HttpAnswer again = units_.post(broker_->url(), request);
  EXPECT_EQ(again.status, 200) << again.body;

  // GetLink counts the link's traffic from the audit trail.
  _reg__GetLinkRequest get;
  get.LinkId = id;
  _reg__GetLinkResponse detail;
  ASSERT_EQ(client_->proxy().GetLink(&get, detail), SOAP_OK) << client_->faultReason();
  ASSERT_NE(detail.Usage, nullptr);
  EXPECT_EQ(detail.Usage->Routed, 2);

  // One chain: the exchanges and, between them, the two registry changes that governed them
  // and the two reads of the registry (ListLinks, GetLink) made to find and check the link.
  const auto audit = withoutSeeding(broker_->audit());
  ASSERT_EQ(audit.size(), 7u);
  EXPECT_EQ(audit[0].outcome, "routed");
  EXPECT_EQ(audit[1].outcome, "admin");
  EXPECT_EQ(audit[1].purpose, "read");
  EXPECT_EQ(audit[1].case_reference,
            "ListLinks sender=062022/kokuho receiver=062022/juki service=IdoJohoShokai: 1 links");
  EXPECT_FALSE(audit[1].link_id.has_value());
  EXPECT_EQ(audit[1].peer_address, "127.0.0.1");
  EXPECT_EQ(audit[2].outcome, "admin");
  EXPECT_EQ(audit[2].purpose, "suspended");
  EXPECT_EQ(audit[2].link_id, id);
  EXPECT_FALSE(audit[2].operator_id.empty());
  EXPECT_EQ(audit[3].outcome, "refused");
  EXPECT_EQ(audit[3].fault_code, "Client.LinkNotRegistered");
  EXPECT_EQ(audit[4].outcome, "admin");
  EXPECT_EQ(audit[4].purpose, "resumed");
  EXPECT_EQ(audit[5].outcome, "routed");
  EXPECT_EQ(audit[6].purpose, "read");
  EXPECT_EQ(audit[6].case_reference, "GetLink " + std::to_string(id));
}

}  // namespace
}  // namespace renkei::testing
