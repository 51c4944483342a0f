// UpdateLink and ReviewLink of the admin SOAP service (wsdl/registry.wsdl) end to end: the
// generated gSOAP proxy, and a hand-written envelope as any other SOAP stack would send it,
// against the admin listener of a real broker.
#include <gtest/gtest.h>

#include "tests/integration/support/admin_listener.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"

namespace renkei::testing {
namespace {

std::string* text(struct soap* soap, const std::string& value) {
  std::string* out = soap_new_std__string(soap);
  *out = value;
  return out;
}

class AdminSoapEditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    broker_ = std::make_unique<RunningBroker>(BrokerSetup{});
    admin_ = std::make_unique<AdminListener>(*broker_);
    client_ = std::make_unique<AdminClient>(admin_->url());
    _reg__ListLinksRequest request;
    request.Sender = text(client_->soap(), "062022/kokuho");
    request.Service = text(client_->soap(), "IdoJohoShokai");
    _reg__ListLinksResponse response;
    EXPECT_EQ(client_->proxy().ListLinks(&request, response), SOAP_OK) << client_->faultReason();
    EXPECT_EQ(response.Link.size(), 1u);
    id_ = response.Link.empty() ? 0 : response.Link[0]->Id;
  }

  _reg__UpdateLinkRequest update(const std::string& actor = "情報政策課 山田") {
    _reg__UpdateLinkRequest request;
    request.LinkId = id_;
    request.Actor = actor;
    return request;
  }

  std::vector<reg__LinkChange*> history() {
    _reg__GetLinkRequest get;
    get.LinkId = id_;
    _reg__GetLinkResponse detail;
    EXPECT_EQ(client_->proxy().GetLink(&get, detail), SOAP_OK) << client_->faultReason();
    return detail.History;
  }

  std::unique_ptr<RunningBroker> broker_;
  std::unique_ptr<AdminListener> admin_;
  std::unique_ptr<AdminClient> client_;
  int64_t id_ = 0;
};

TEST_F(AdminSoapEditTest, UpdateLinkChangesOnlyTheGivenFieldsWithHistory) {
  _reg__UpdateLinkRequest request = update();
  request.Reason = text(client_->soap(), "条例改正");
  request.LegalBasis = text(client_->soap(), "国民健康保険法 第9条第2項");
  request.DataItems = text(client_->soap(), "氏名;生年月日;住所;被保険者番号");
  request.ReviewDate = text(client_->soap(), "2099-03-31");
  _reg__UpdateLinkResponse response;
  ASSERT_EQ(client_->proxy().UpdateLink(&request, response), SOAP_OK) << client_->faultReason();
  ASSERT_NE(response.Link, nullptr);
  EXPECT_EQ(*response.Link->Details->LegalBasis, "国民健康保険法 第9条第2項");
  EXPECT_EQ(*response.Link->Details->ReviewDate, "2099-03-31");
  // Fields not in the request keep their values.
  EXPECT_EQ(*response.Link->Details->PurposeName, "国民健康保険の資格管理に関する事務");
  EXPECT_EQ(response.Link->Status, reg__LinkStatus__active);
  ASSERT_EQ(response.Change.size(), 3u);
  EXPECT_EQ(*response.Change[0]->Field, "legalBasis");
  EXPECT_EQ(*response.Change[0]->Before, "国民健康保険法 第9条、住民基本台帳法 第1条");
  EXPECT_EQ(*response.Change[0]->After, "国民健康保険法 第9条第2項");
  EXPECT_EQ(*response.Change[1]->Field, "dataItems");
  EXPECT_EQ(response.Change[1]->Before, nullptr);  // it had none
  EXPECT_EQ(*response.Change[2]->Field, "reviewDate");

  const auto rows = history();
  ASSERT_EQ(rows.size(), 4u);
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i]->Action, "edited");
    EXPECT_EQ(rows[i]->Actor, "情報政策課 山田");
    EXPECT_EQ(*rows[i]->Reason, "条例改正");
    EXPECT_EQ(rows[i]->Seq, response.Change[i - 1]->Seq);
  }
  EXPECT_EQ(*rows[3]->After, "2099-03-31");
  // The creation row carries the whole link as created, for `audit verify` to replay.
  ASSERT_NE(rows[0]->Field, nullptr);
  EXPECT_EQ(*rows[0]->Field, "content");

  // The same values again: the answer says nothing changed, the history does not grow.
  _reg__UpdateLinkRequest same = update();
  same.LegalBasis = text(client_->soap(), "国民健康保険法 第9条第2項");
  _reg__UpdateLinkResponse unchanged;
  ASSERT_EQ(client_->proxy().UpdateLink(&same, unchanged), SOAP_OK) << client_->faultReason();
  EXPECT_TRUE(unchanged.Change.empty());
  EXPECT_EQ(history().size(), 4u);

  // Each change is in the broker's audit chain too, with who made it (between them, the
  // records of the GetLink reads above).
  auto audit = broker_->audit();
  std::erase_if(audit, [](const AuditRecord& r) { return r.purpose == "read"; });
  ASSERT_GE(audit.size(), 3u);
  EXPECT_EQ(audit.back().purpose, "edited");
  EXPECT_EQ(audit.back().operator_id, "情報政策課 山田");
}

TEST_F(AdminSoapEditTest, BadValuesAreTypedFaultsThatChangeNothing) {
  _reg__UpdateLinkRequest past = update();
  past.ReviewDate = text(client_->soap(), "2020-04-01");
  past.Note = text(client_->soap(), "同時に送った備考");
  _reg__UpdateLinkResponse response;
  EXPECT_EQ(client_->proxy().UpdateLink(&past, response), SOAP_FAULT);
  EXPECT_EQ(client_->faultCode(), "Client.InvalidLink");
  EXPECT_NE(client_->faultReason().find("ReviewDate is in the past (2020-04-01; today is "),
            std::string::npos)
      << client_->faultReason();

  _reg__UpdateLinkRequest cleared = update();
  cleared.PurposeName = text(client_->soap(), "");
  EXPECT_EQ(client_->proxy().UpdateLink(&cleared, response), SOAP_FAULT);
  EXPECT_EQ(client_->faultCode(), "Client.InvalidLink");
  EXPECT_NE(client_->faultReason().find("PurposeName cannot be empty"), std::string::npos)
      << client_->faultReason();

  _reg__UpdateLinkRequest nothing = update();
  EXPECT_EQ(client_->proxy().UpdateLink(&nothing, response), SOAP_FAULT);
  EXPECT_NE(client_->faultReason().find("no field to change; the fields are PurposeName"),
            std::string::npos)
      << client_->faultReason();

  _reg__UpdateLinkRequest nobody = update("");
  nobody.Note = text(client_->soap(), "x");
  EXPECT_EQ(client_->proxy().UpdateLink(&nobody, response), SOAP_FAULT);
  EXPECT_EQ(client_->faultCode(), "Client.InvalidRequest");

  _reg__UpdateLinkRequest missing = update();
  missing.LinkId = 999999;
  missing.Note = text(client_->soap(), "x");
  EXPECT_EQ(client_->proxy().UpdateLink(&missing, response), SOAP_FAULT);
  EXPECT_EQ(client_->faultCode(), "Client.NoSuchLink");

  EXPECT_EQ(history().size(), 1u);
}

TEST_F(AdminSoapEditTest, AnUpdateNamingTheSenderIsRefusedNotIgnored) {
  // A client that did not use the WSDL sends the key along, hoping to move the link.
  const std::string envelope =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns:reg=\"urn:renkei:registry:v1\"><soap:Body><reg:UpdateLinkRequest>"
      "<reg:LinkId>" +
      std::to_string(id_) +
      "</reg:LinkId><reg:Actor>佐藤</reg:Actor><reg:Sender>062022/juminzei</reg:Sender>"
      "<reg:Note>送信元を変えたい</reg:Note></reg:UpdateLinkRequest></soap:Body></soap:Envelope>";
  SoapClient raw;
  const HttpAnswer answer = raw.postAsIs(admin_->url(), envelope, "text/xml; charset=utf-8",
                                         {"SOAPAction: \"urn:renkei:registry:v1#UpdateLink\""});
  EXPECT_EQ(answer.status, 500) << answer.body;
  EXPECT_NE(answer.body.find("Client.InvalidLink"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("Sender cannot be edited"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("stays a new link: propose one"), std::string::npos) << answer.body;
  EXPECT_EQ(history().size(), 1u) << answer.body;
}

TEST_F(AdminSoapEditTest, AnElementNoOperationDeclaresIsRefusedByName) {
  const std::string envelope =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "xmlns:reg=\"urn:renkei:registry:v1\"><soap:Body><reg:UpdateLinkRequest>"
      "<reg:LinkId>" +
      std::to_string(id_) +
      "</reg:LinkId><reg:Actor>佐藤</reg:Actor><reg:Colour>red</reg:Colour>"
      "<reg:Note>x</reg:Note></reg:UpdateLinkRequest></soap:Body></soap:Envelope>";
  SoapClient raw;
  const HttpAnswer answer = raw.postAsIs(admin_->url(), envelope, "text/xml; charset=utf-8",
                                         {"SOAPAction: \"urn:renkei:registry:v1#UpdateLink\""});
  EXPECT_EQ(answer.status, 500) << answer.body;
  EXPECT_NE(answer.body.find("Client.InvalidRequest"), std::string::npos) << answer.body;
  EXPECT_NE(answer.body.find("element Colour is not part of this request"), std::string::npos)
      << answer.body;
  EXPECT_EQ(history().size(), 1u) << answer.body;
}

TEST_F(AdminSoapEditTest, ReviewLinkRecordsTheReviewAndMovesTheDate) {
  _reg__ReviewLinkRequest review;
  review.LinkId = id_;
  review.Actor = "情報政策課 課長";
  review.NextReviewDate = "2099-03-31";
  reg__LinkResult result;
  EXPECT_EQ(client_->proxy().ReviewLink(&review, result), SOAP_FAULT) << "no Reason";
  EXPECT_EQ(client_->faultCode(), "Client.InvalidRequest");

  review.Reason = "利用実績と根拠法令を確認、変更なし";
  ASSERT_EQ(client_->proxy().ReviewLink(&review, result), SOAP_OK) << client_->faultReason();
  EXPECT_EQ(*result.Link->Details->ReviewDate, "2099-03-31");
  const auto rows = history();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1]->Action, "reviewed");
  EXPECT_EQ(*rows[1]->Field, "reviewDate");
  EXPECT_EQ(rows[1]->Before, nullptr);
  EXPECT_EQ(*rows[1]->After, "2099-03-31");
  EXPECT_EQ(*rows[1]->Reason, "利用実績と根拠法令を確認、変更なし");

  review.NextReviewDate = "2020-04-01";
  EXPECT_EQ(client_->proxy().ReviewLink(&review, result), SOAP_FAULT);
  EXPECT_EQ(client_->faultCode(), "Client.InvalidLink");
  EXPECT_NE(client_->faultReason().find("NextReviewDate is in the past"), std::string::npos)
      << client_->faultReason();
}

}  // namespace
}  // namespace renkei::testing
