// The one frame the broker's own envelopes are written in, and the fault writer's output in
// full: faults are compared byte for byte by clients' logs and tests, so their text is fixed here.
#include "broker/core/soap_envelope.h"

#include <gtest/gtest.h>

#include "broker/core/soap_fault_writer.h"

namespace renkei {
namespace {

constexpr const char* kDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

TEST(SoapEnvelope, EachVersionHasItsNamespaceAndPrefix) {
  EXPECT_STREQ(soapEnvelopeNamespace(SoapVersion::k11),
               "http://schemas.xmlsoap.org/soap/envelope/");
  EXPECT_STREQ(soapEnvelopeNamespace(SoapVersion::k12), "http://www.w3.org/2003/05/soap-envelope");
  EXPECT_STREQ(soapEnvelopePrefix(SoapVersion::k11), "soap");
  EXPECT_STREQ(soapEnvelopePrefix(SoapVersion::k12), "env");
}

TEST(SoapEnvelope, TheFrameWrapsABody) {
  const SoapEnvelopeFrame frame(SoapVersion::k11);
  EXPECT_EQ(frame.start() + frame.bodyOpen() + "<x/>" + frame.end(),
            std::string(kDeclaration) +
                "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                "<soap:Body><x/></soap:Body></soap:Envelope>\n");
}

TEST(SoapEnvelope, ExtraNamespacesFollowTheEnvelopesOwnInOrder) {
  const SoapEnvelopeFrame frame(SoapVersion::k12);
  EXPECT_EQ(frame.start({{"a", "urn:a"}, {"b", "urn:b"}}),
            std::string(kDeclaration) +
                "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" "
                "xmlns:a=\"urn:a\" xmlns:b=\"urn:b\">");
  EXPECT_EQ(frame.open("Header") + frame.close("Header"), "<env:Header></env:Header>");
}

TEST(SoapEnvelope, ACallerMayKeepItsOwnPrefix) {
  const SoapEnvelopeFrame frame(SoapVersion::k11, "env");
  EXPECT_EQ(frame.prefix(), "env");
  EXPECT_EQ(frame.start(), std::string(kDeclaration) +
                               "<env:Envelope "
                               "xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\">");
  EXPECT_EQ(frame.end(), "</env:Body></env:Envelope>\n");
}

TEST(SoapEnvelope, ASoap11FaultIsWrittenInTheFrame) {
  EXPECT_EQ(
      renderSoapFault(SoapVersion::k11, faultOf(FaultCode::kLinkNotRegistered, "no <link>"), "m-1"),
      std::string(kDeclaration) +
          "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
          "<soap:Fault><faultcode>soap:Client.LinkNotRegistered</faultcode>"
          "<faultstring>no &lt;link&gt;</faultstring><detail>"
          "<rf:FaultDetail xmlns:rf=\"urn:renkei:platform:fault:v1\">"
          "<rf:Code>Client.LinkNotRegistered</rf:Code><rf:MessageId>m-1</rf:MessageId>"
          "<rf:Reason>no &lt;link&gt;</rf:Reason></rf:FaultDetail></detail></soap:Fault>"
          "</soap:Body></soap:Envelope>\n");
}

TEST(SoapEnvelope, ASoap12FaultIsWrittenInTheFrame) {
  EXPECT_EQ(
      renderSoapFault(SoapVersion::k12, faultOf(FaultCode::kLinkNotRegistered, "no link"), ""),
      std::string(kDeclaration) +
          "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" "
          "xmlns:rf=\"urn:renkei:platform:fault:v1\"><env:Body><env:Fault><env:Code>"
          "<env:Value>env:Sender</env:Value><env:Subcode><env:Value>rf:LinkNotRegistered"
          "</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang=\"en\">no link"
          "</env:Text></env:Reason><env:Detail>"
          "<rf:FaultDetail xmlns:rf=\"urn:renkei:platform:fault:v1\">"
          "<rf:Code>Client.LinkNotRegistered</rf:Code><rf:Reason>no link</rf:Reason>"
          "</rf:FaultDetail></env:Detail></env:Fault></env:Body></env:Envelope>\n");
}

TEST(SoapEnvelope, AFaultsHeaderIsInTheFramesPrefix) {
  const std::string v11 =
      renderSoapFault(SoapVersion::k11, faultOf(FaultCode::kVersionMismatch, "old"), "");
  EXPECT_NE(v11.find("\"><soap:Header><up:Upgrade xmlns:up=\"http://www.w3.org/2003/05/"
                     "soap-envelope\"><up:SupportedEnvelope qname=\"v12:Envelope\" "
                     "xmlns:v12=\"http://www.w3.org/2003/05/soap-envelope\"/>"
                     "<up:SupportedEnvelope qname=\"v11:Envelope\" "
                     "xmlns:v11=\"http://schemas.xmlsoap.org/soap/envelope/\"/></up:Upgrade>"
                     "</soap:Header><soap:Body>"),
            std::string::npos)
      << v11;
  FaultInfo fault = faultOf(FaultCode::kMustUnderstand, "not understood");
  fault.not_understood = {{"urn:vendor:trace", "Trace"}};
  const std::string v12 = renderSoapFault(SoapVersion::k12, fault, "");
  EXPECT_NE(v12.find("\"><env:Header><env:NotUnderstood qname=\"nu:Trace\" "
                     "xmlns:nu=\"urn:vendor:trace\"/></env:Header><env:Body>"),
            std::string::npos)
      << v12;
}

}  // namespace
}  // namespace renkei
