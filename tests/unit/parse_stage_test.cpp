#include "broker/stages/parse_stage.h"

#include <gtest/gtest.h>

#include "tests/unit/support/project_schemas.h"

#include <filesystem>

#include "broker/xml/parsed_envelope.h"

namespace renkei {
namespace {

using test_support::projectSchemas;

std::string envelope(std::string_view ns) {
  return "<s:Envelope xmlns:s=\"" + std::string(ns) +
         "\"><s:Body><j:IdoJohoShokaiRequest xmlns:j=\"urn:renkei:unit:juki:v1\">"
         "<j:AtenaNo>000000000012345</j:AtenaNo></j:IdoJohoShokaiRequest></s:Body></s:Envelope>";
}

StageResult run(Exchange& exchange, const std::string& content_type, const std::string& body) {
  exchange.request.content_type = content_type;
  exchange.request.body = body;
  ParseStage stage(projectSchemas(), xml::ParserLimits{});
  return stage.process(exchange);
}

TEST(ParseStageTest, ContentTypeDecidesTheVersion) {
  EXPECT_EQ(soapVersionForContentType("text/xml"), SoapVersion::k11);
  EXPECT_EQ(soapVersionForContentType("Text/XML; charset=utf-8"), SoapVersion::k11);
  EXPECT_EQ(soapVersionForContentType("application/soap+xml;charset=UTF-8;action=\"urn:x\""),
            SoapVersion::k12);
  EXPECT_EQ(soapVersionForContentType(" APPLICATION/SOAP+XML "), SoapVersion::k12);
  EXPECT_EQ(soapVersionForContentType("application/xml"), std::nullopt);
  EXPECT_EQ(soapVersionForContentType(""), std::nullopt);
}

TEST(ParseStageTest, Soap11Request) {
  Exchange exchange;
  StageResult result = run(exchange, "text/xml; charset=utf-8", envelope(xml::kSoap11Ns));
  ASSERT_TRUE(result.ok()) << result.fault()->reason;
  ASSERT_TRUE(exchange.envelope);
  EXPECT_EQ(exchange.soap_version, SoapVersion::k11);
}

TEST(ParseStageTest, Soap12Request) {
  Exchange exchange;
  StageResult result = run(exchange, "application/soap+xml", envelope(xml::kSoap12Ns));
  ASSERT_TRUE(result.ok()) << result.fault()->reason;
  EXPECT_EQ(exchange.soap_version, SoapVersion::k12);
}

TEST(ParseStageTest, UnknownContentTypeIsRefusedAsSoap11) {
  Exchange exchange;
  StageResult result = run(exchange, "application/json", envelope(xml::kSoap12Ns));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kInvalidContentType);
  EXPECT_EQ(exchange.soap_version, SoapVersion::k11);
  EXPECT_FALSE(exchange.envelope);
}

TEST(ParseStageTest, VersionMismatchAnswersInTheEnvelopesVersion) {
  Exchange exchange;
  StageResult result = run(exchange, "text/xml", envelope(xml::kSoap12Ns));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.fault()->code, FaultCode::kVersionMismatch);
  EXPECT_EQ(exchange.soap_version, SoapVersion::k12);
  EXPECT_FALSE(exchange.envelope);
}

TEST(ParseStageTest, ParserFaultsPassThrough) {
  Exchange exchange;
  EXPECT_EQ(run(exchange, "text/xml", "<!DOCTYPE x><x/>").fault()->code,
            FaultCode::kForbiddenXmlConstruct);
  EXPECT_EQ(run(exchange, "text/xml", "<x>").fault()->code, FaultCode::kInvalidXml);
  EXPECT_EQ(run(exchange, "text/xml", "<x/>").fault()->code, FaultCode::kInvalidSoap);
}

}  // namespace
}  // namespace renkei
