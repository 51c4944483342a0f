// SOAP's own faults: VersionMismatch (an Envelope in another namespace) and MustUnderstand (a
// header block addressed to the broker that it does not process), and the hint for a header block
// without a namespace. SOAP 1.1 §4.2.3, §4.4.1; SOAP 1.2 Part 1 §5.2.3, §5.4.7, §5.4.8.
#include <gtest/gtest.h>

#include <string>

#include "broker/core/soap_fault_writer.h"
#include "broker/stages/parse_stage.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/parsed_envelope.h"
#include "tests/unit/support/project_schemas.h"
#include "tests/unit/support/valid_envelope.h"

namespace renkei {
namespace {

using test_support::expectValidEnvelope;

using test_support::projectSchemas;

constexpr const char* kBody =
    "<s:Body><j:IdoJohoShokaiRequest xmlns:j=\"urn:renkei:unit:juki:v1\">"
    "<j:AtenaNo>000000000012345</j:AtenaNo></j:IdoJohoShokaiRequest></s:Body>";

std::string envelope(std::string_view ns, const std::string& header_blocks) {
  return "<s:Envelope xmlns:s=\"" + std::string(ns) + "\"><s:Header>" + header_blocks +
         "</s:Header>" + kBody + "</s:Envelope>";
}

StageResult parse(Exchange& exchange, const std::string& content_type, const std::string& body) {
  exchange.request.content_type = content_type;
  exchange.request.body = body;
  ParseStage stage(projectSchemas(), xml::ParserLimits{});
  return stage.process(exchange);
}

TEST(SoapDefinedFaults, AnEnvelopeInAnotherNamespaceIsAVersionMismatch) {
  Exchange exchange;
  StageResult result = parse(exchange, "application/soap+xml", envelope("urn:not-soap", ""));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kVersionMismatch);
  EXPECT_NE(result.fault()->reason.find("urn:not-soap"), std::string::npos);
  EXPECT_EQ(exchange.soap_version, SoapVersion::k12);  // answered as the Content-Type announced
}

TEST(SoapDefinedFaults, VersionMismatchFaultsCarryTheStandardCodeAndTheUpgradeHeader) {
  const FaultInfo fault = faultOf(FaultCode::kVersionMismatch, "wrong envelope");
  const std::string v12 = renderSoapFault(SoapVersion::k12, fault, "");
  EXPECT_NE(v12.find("<env:Code><env:Value>env:VersionMismatch</env:Value></env:Code>"),
            std::string::npos)
      << v12;
  EXPECT_NE(v12.find("qname=\"v12:Envelope\""), std::string::npos);
  EXPECT_NE(v12.find("qname=\"v11:Envelope\""), std::string::npos);
  expectValidEnvelope(v12);
  const std::string v11 = renderSoapFault(SoapVersion::k11, fault, "");
  EXPECT_NE(v11.find("<faultcode>soap:VersionMismatch</faultcode>"), std::string::npos) << v11;
  expectValidEnvelope(v11);
  EXPECT_EQ(faultHttpStatus(SoapVersion::k12, FaultCode::kVersionMismatch), 500);
}

TEST(SoapDefinedFaults, AMustUnderstandBlockForTheNextNodeIsFaultedAndNamed) {
  Exchange exchange;
  StageResult result =
      parse(exchange, "application/soap+xml",
            envelope(xml::kSoap12Ns,
                     "<t:Trace xmlns:t=\"urn:vendor:trace\" s:mustUnderstand=\"true\" "
                     "s:role=\"http://www.w3.org/2003/05/soap-envelope/role/next\">1</t:Trace>"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kMustUnderstand);
  ASSERT_EQ(result.fault()->not_understood.size(), 1u);
  EXPECT_EQ(result.fault()->not_understood[0].first, "urn:vendor:trace");
  EXPECT_EQ(result.fault()->not_understood[0].second, "Trace");

  const std::string v12 = renderSoapFault(SoapVersion::k12, *result.fault(), "");
  EXPECT_NE(v12.find("<env:Value>env:MustUnderstand</env:Value>"), std::string::npos) << v12;
  EXPECT_NE(v12.find("<env:NotUnderstood qname=\"nu:Trace\" xmlns:nu=\"urn:vendor:trace\"/>"),
            std::string::npos)
      << v12;
  expectValidEnvelope(v12);

  Exchange soap11;
  result = parse(soap11, "text/xml",
                 envelope(xml::kSoap11Ns,
                          "<t:Trace xmlns:t=\"urn:vendor:trace\" s:mustUnderstand=\"1\" "
                          "s:actor=\"http://schemas.xmlsoap.org/soap/actor/next\">1</t:Trace>"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kMustUnderstand);
  const std::string v11 = renderSoapFault(SoapVersion::k11, *result.fault(), "");
  EXPECT_NE(v11.find("<faultcode>soap:MustUnderstand</faultcode>"), std::string::npos) << v11;
  expectValidEnvelope(v11);
}

TEST(SoapDefinedFaults, BlocksForTheUnitOrThatNeedNoUnderstandingPassOn) {
  const std::string next = "http://www.w3.org/2003/05/soap-envelope/role/next";
  for (const std::string& block :
       {// no role: for the ultimate receiver, the unit behind the broker
        std::string("<t:Trace xmlns:t=\"urn:vendor:trace\" s:mustUnderstand=\"true\">1</t:Trace>"),
        // for the broker, but optional
        "<t:Trace xmlns:t=\"urn:vendor:trace\" s:role=\"" + next + "\">1</t:Trace>",
        "<t:Trace xmlns:t=\"urn:vendor:trace\" s:mustUnderstand=\"false\" s:role=\"" + next +
            "\">1</t:Trace>",
        // role none: processed by no one
        std::string("<t:Trace xmlns:t=\"urn:vendor:trace\" s:mustUnderstand=\"true\" "
                    "s:role=\"http://www.w3.org/2003/05/soap-envelope/role/none\">1</t:Trace>")}) {
    Exchange exchange;
    StageResult result = parse(exchange, "application/soap+xml", envelope(xml::kSoap12Ns, block));
    EXPECT_TRUE(result.ok()) << block << ": " << result.fault()->reason;
  }
}

TEST(SoapDefinedFaults, AHeaderBlockWithoutNamespaceGetsAHint) {
  Exchange exchange;
  StageResult result =
      parse(exchange, "text/xml", envelope(xml::kSoap11Ns, "<AuthToken>abc</AuthToken>"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kInvalidSoap);
  EXPECT_NE(result.fault()->reason.find("header block <AuthToken> has no namespace"),
            std::string::npos)
      << result.fault()->reason;
  EXPECT_NE(result.fault()->reason.find("namespace-qualified"), std::string::npos);
}

}  // namespace
}  // namespace renkei
