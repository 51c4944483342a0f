#include "broker/xml/parsed_envelope.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "broker/xml/dom_util.h"
#include "broker/xml/hardened_parser.h"

namespace renkei::xml {
namespace {

const SchemaSet& projectSchemas() {
  static const SchemaSet set =
      SchemaSet::loadDirectory(std::filesystem::path(RENKEI_SOURCE_DIR) / "xsd");
  return set;
}

constexpr const char* kHeader =
    "<h:PlatformHeader xmlns:h=\"urn:renkei:platform:header:v1\">"
    "<h:MessageId>3f2b8c1e-7a4d-4e6b-9c1a-2b3c4d5e6f70</h:MessageId>"
    "<h:Sender>062022/kokuho</h:Sender><h:Receiver>062022/juki</h:Receiver>"
    "<h:ServiceName>IdoJohoShokai</h:ServiceName><h:ServiceVersion>1</h:ServiceVersion>"
    "<h:PurposeCode>KOKUHO-SHIKAKU</h:PurposeCode>"
    "<h:Timestamp>2024-04-01T09:00:00+09:00</h:Timestamp>"
    "<h:ProtocolVersion>1.0</h:ProtocolVersion></h:PlatformHeader>";
constexpr const char* kBody =
    "<j:IdoJohoShokaiRequest xmlns:j=\"urn:renkei:unit:juki:v1\">"
    "<j:AtenaNo>000000000012345</j:AtenaNo></j:IdoJohoShokaiRequest>";

std::string wrap(const std::string& ns, const std::string& inner) {
  return "<s:Envelope xmlns:s=\"" + ns + "\">" + inner + "</s:Envelope>";
}

EnvelopeResult build(const std::string& bytes) {
  ParseResult parsed = HardenedParser::forThisThread(projectSchemas(), {}).parse(bytes);
  if (!parsed.ok()) {
    EnvelopeResult failed;
    failed.fault = parsed.fault;
    return failed;
  }
  return ParsedEnvelope::fromDocument(std::move(parsed.document));
}

std::string reasonOf(const EnvelopeResult& r) { return r.fault ? r.fault->reason : "(no fault)"; }

TEST(ParsedEnvelopeTest, Soap11WithHeaderAndBody) {
  auto r = build(wrap(std::string(kSoap11Ns), std::string("<s:Header>") + kHeader +
                                                  "</s:Header><s:Body>" + kBody + "</s:Body>"));
  ASSERT_TRUE(r.envelope) << reasonOf(r);
  const ParsedEnvelope& env = *r.envelope;
  EXPECT_EQ(env.soapVersion(), SoapVersion::k11);
  ASSERT_NE(env.headerBlock(), nullptr);
  EXPECT_EQ(env.headerField("Sender"), "062022/kokuho");
  EXPECT_EQ(env.headerField("CorrelationId"), std::nullopt);
  EXPECT_EQ(localName(env.bodyRoot()), "IdoJohoShokaiRequest");
  EXPECT_EQ(env.bodyRootPath(), "/Envelope/Body/IdoJohoShokaiRequest");
  EXPECT_EQ(env.headerBlockPath(), "/Envelope/Header/PlatformHeader");
  EXPECT_TRUE(env.wasDeclared(env.bodyRoot()));
  EXPECT_TRUE(env.issues().empty());
  EXPECT_FALSE(env.isFault());
}

TEST(ParsedEnvelopeTest, Soap12WithoutHeader) {
  auto r = build(wrap(std::string(kSoap12Ns), std::string("<s:Body>") + kBody + "</s:Body>"));
  ASSERT_TRUE(r.envelope) << reasonOf(r);
  EXPECT_EQ(r.envelope->soapVersion(), SoapVersion::k12);
  EXPECT_EQ(r.envelope->headerBlock(), nullptr);
}

TEST(ParsedEnvelopeTest, FaultBodyIsRecognised) {
  auto r = build(wrap(std::string(kSoap11Ns),
                      "<s:Body><s:Fault><faultcode>s:Server</faultcode>"
                      "<faultstring>down</faultstring></s:Fault></s:Body>"));
  ASSERT_TRUE(r.envelope) << reasonOf(r);
  EXPECT_TRUE(r.envelope->isFault());
}

struct BadCase {
  const char* name;
  std::string document;
  const char* reason_part;
};

TEST(ParsedEnvelopeTest, AnEnvelopeOutsideBothSoapNamespacesIsAVersionMismatch) {
  for (const std::string document :
       {"<Envelope/>", "<s:Envelope xmlns:s=\"urn:x\"><s:Body/></s:Envelope>"}) {
    auto r = build(document);
    ASSERT_TRUE(r.fault) << document;
    EXPECT_EQ(r.fault->code, FaultCode::kVersionMismatch) << document;
    EXPECT_FALSE(r.version) << "no version to answer in but the one the Content-Type announced";
  }
}

TEST(ParsedEnvelopeTest, StructuralErrorsAreInvalidSoap) {
  std::string ns(kSoap11Ns);
  std::string body = std::string("<s:Body>") + kBody + "</s:Body>";
  const BadCase cases[] = {
      {"not an envelope", "<Root/>", "not a SOAP"},
      {"no body", wrap(ns, "<s:Header/>"), "no soap:Body"},
      {"two headers", wrap(ns, "<s:Header/><s:Header/>" + body), "more than one soap:Header"},
      {"header after body", wrap(ns, body + "<s:Header/>"), "follows soap:Body"},
      {"two bodies", wrap(ns, body + body), "follows soap:Body"},
      {"foreign child", wrap(ns, "<x:Extra xmlns:x=\"urn:x\"/>" + body), "unexpected element"},
      {"empty body", wrap(ns, "<s:Body/>"), "exactly one"},
      {"two roots", wrap(ns, std::string("<s:Body>") + kBody + kBody + "</s:Body>"), "exactly one"},
      {"text in body", wrap(ns, std::string("<s:Body>hi") + kBody + "</s:Body>"), "Body"},
      {"1.2 body in 1.1 envelope",
       wrap(ns, "<b:Body xmlns:b=\"http://www.w3.org/2003/05/soap-envelope\"/>"),
       "unexpected element"},
  };
  for (const auto& c : cases) {
    auto r = build(c.document);
    if (!r.fault) {
      ADD_FAILURE() << c.name;
      continue;
    }
    EXPECT_EQ(r.fault->code, FaultCode::kInvalidSoap) << c.name << ": " << r.fault->reason;
    EXPECT_NE(r.fault->reason.find(c.reason_part), std::string::npos)
        << c.name << ": " << r.fault->reason;
  }
}

TEST(ParsedEnvelopeTest, VersionIsKnownEvenWhenTheShapeIsWrong) {
  auto r = build(wrap(std::string(kSoap12Ns), "<s:Header/>"));
  ASSERT_TRUE(r.fault);
  EXPECT_EQ(r.version, SoapVersion::k12);
}

TEST(ParsedEnvelopeTest, TwoPlatformHeadersAreInvalidHeader) {
  auto r = build(wrap(std::string(kSoap11Ns), std::string("<s:Header>") + kHeader + kHeader +
                                                  "</s:Header><s:Body>" + kBody + "</s:Body>"));
  ASSERT_TRUE(r.fault);
  EXPECT_EQ(r.fault->code, FaultCode::kInvalidHeader);
}

}  // namespace
}  // namespace renkei::xml
