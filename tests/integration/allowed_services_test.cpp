// ListAllowedServices on the unit-facing listener: a unit asks the address it sends its traffic
// to which services it may call, with the generated gSOAP client of wsdl/registry.wsdl. Only
// that question is answered there; the registry's other operations stay on the admin listener.
#include <gtest/gtest.h>

#include "tests/integration/support/admin_listener.h"
#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/support/text_contains.h"

namespace renkei::testing {
namespace {

const char* kSoap12 = "application/soap+xml; charset=utf-8";

class AllowedServicesTest : public ::testing::Test {
 protected:
  AllowedServicesTest()
      : broker_(BrokerSetup{}),
        admin_(broker_),
        units_(broker_.url("/registry")),
        governance_(admin_.url()) {}

  std::vector<std::string> allowedFor(const std::string& unit) {
    _reg__ListAllowedServicesRequest request;
    request.UnitId = unit;
    _reg__ListAllowedServicesResponse response;
    EXPECT_EQ(units_.proxy().ListAllowedServices(&request, response), SOAP_OK)
        << units_.faultReason();
    std::vector<std::string> out;
    for (const reg__AllowedService* s : response.Service) {
      out.push_back(s->Receiver + " " + s->ServiceName + ":" + s->ServiceVersion + " " +
                    s->PurposeCode);
    }
    return out;
  }

  RunningBroker broker_;
  AdminListener admin_;
  AdminClient units_;       // at the unit-facing listener
  AdminClient governance_;  // at the admin listener
  SoapClient raw_;
};

TEST_F(AllowedServicesTest, AUnitLearnsItsActiveLinksOnlyAtTheBrokersOwnAddress) {
  EXPECT_EQ(allowedFor("062022/kokuho"),
            (std::vector<std::string>{"062022/juki IdoJohoShokai:1 KOKUHO-SHIKAKU",
                                      "062022/juminzei KazeiJohoShokai:1 KOKUHO-HOKENRYO"}));
  // juminzei's link towards kokuho is only proposed: not callable, not listed.
  EXPECT_EQ(allowedFor("062022/juminzei"),
            (std::vector<std::string>{"062022/juki IdoJohoShokai:1 JUMINZEI-FUKA"}));
  EXPECT_TRUE(allowedFor("062014/kokuho").empty()) << "a unit with no links sees nobody else's";
  // The 異動 file adapter's links are subscription links: one per subscriber of its topic.
  EXPECT_EQ(allowedFor("062022/juki-batch"),
            (std::vector<std::string>{"062022/juminzei JuminIdoTsuchi:1 JUMINZEI-FUKA",
                                      "062022/kokuho JuminIdoTsuchi:1 KOKUHO-SHIKAKU"}));
}

TEST_F(AllowedServicesTest, ASuspensionShowsInTheNextAnswer) {
  _reg__ListLinksRequest list;
  std::string sender = "062022/kokuho", receiver = "062022/juki";
  list.Sender = &sender;
  list.Receiver = &receiver;
  _reg__ListLinksResponse links;
  ASSERT_EQ(governance_.proxy().ListLinks(&list, links), SOAP_OK) << governance_.faultReason();
  ASSERT_EQ(links.Link.size(), 1u);
  reg__LinkTransition suspend;
  suspend.LinkId = links.Link[0]->Id;
  suspend.Actor = "情報政策課 山田";
  reg__LinkResult result;
  ASSERT_EQ(governance_.proxy().SuspendLink(&suspend, result), SOAP_OK)
      << governance_.faultReason();

  EXPECT_EQ(allowedFor("062022/kokuho"),
            (std::vector<std::string>{"062022/juminzei KazeiJohoShokai:1 KOKUHO-HOKENRYO"}));
}

TEST_F(AllowedServicesTest, TheRegistryWsdlIsPublishedWithTheBrokersAddress) {
  HttpAnswer wsdl = raw_.get(broker_.url("/registry?wsdl"));
  EXPECT_EQ(wsdl.status, 200);
  EXPECT_TRUE(contains(wsdl.body, "ListAllowedServices")) << wsdl.body;
  EXPECT_TRUE(contains(wsdl.body, "location=\"" + broker_.url("/registry") + "\""));
  // Its schemas resolve against the broker too ("../xsd/registry.xsd" from /registry).
  EXPECT_EQ(raw_.get(broker_.url("/xsd/registry.xsd")).status, 200);
}

TEST_F(AllowedServicesTest, AnUnknownUnitCannotAuthenticate) {
  // Nobody can prove to be a unit that is not registered; the answer is the one every caller
  // without a credential gets, so it does not tell which units exist.
  _reg__ListAllowedServicesRequest request;
  request.UnitId = "062022/nobody";
  _reg__ListAllowedServicesResponse response;
  EXPECT_EQ(units_.proxy().ListAllowedServices(&request, response), SOAP_FAULT);
  EXPECT_EQ(units_.faultCode(), "Client.Unauthenticated");
  EXPECT_FALSE(contains(units_.faultReason(), "062022/nobody")) << units_.faultReason();
}

TEST_F(AllowedServicesTest, RegistryChangesAreNotAcceptedOnTheUnitListener) {
  _reg__ProposeLinkRequest propose =
      units_.proposal("062014/kokuho", "062022/juki", "IdoJohoShokai", "KOKUHO-SHIKAKU", "vendor");
  reg__LinkResult result;
  EXPECT_EQ(units_.proxy().ProposeLink(&propose, result), SOAP_FAULT);
  EXPECT_EQ(units_.faultCode(), "Client.UnknownService");
  EXPECT_TRUE(contains(units_.faultReason(), "admin listener")) << units_.faultReason();

  _reg__ListLinksRequest list;
  _reg__ListLinksResponse links;
  ASSERT_EQ(governance_.proxy().ListLinks(&list, links), SOAP_OK);
  EXPECT_EQ(links.Link.size(), 7u) << "the proposal must not have been registered";
}

TEST_F(AllowedServicesTest, Soap12AndSchemaErrorsAreAnsweredInKind) {
  const std::string soap12 =
      "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body>"
      "<reg:ListAllowedServicesRequest xmlns:reg=\"urn:renkei:registry:v1\">"
      "<reg:UnitId>062022/juminzei</reg:UnitId></reg:ListAllowedServicesRequest>"
      "</env:Body></env:Envelope>";
  HttpAnswer answer = raw_.post(broker_.url("/registry"), soap12, kSoap12);
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_TRUE(contains(answer.content_type, "application/soap+xml")) << answer.content_type;
  EXPECT_TRUE(contains(answer.body, "<reg:ServiceName>IdoJohoShokai</reg:ServiceName>"))
      << answer.body;

  const std::string missing_unit =
      "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\"><env:Body>"
      "<reg:ListAllowedServicesRequest xmlns:reg=\"urn:renkei:registry:v1\"/>"
      "</env:Body></env:Envelope>";
  answer = raw_.post(broker_.url("/registry"), missing_unit, kSoap12);
  EXPECT_EQ(answer.status, 400);
  EXPECT_TRUE(contains(answer.body, "rf:SchemaViolation")) << answer.body;
}

}  // namespace
}  // namespace renkei::testing
