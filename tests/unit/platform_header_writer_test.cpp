// The one writer of the platform header block (broker/core): schema order, optional fields left
// out when empty, text escaped; and an envelope framed as the REST and file adapters frame theirs
// (SoapEnvelopeFrame around it) validates against the project schemas.
#include "broker/core/platform_header_writer.h"

#include <gtest/gtest.h>

#include "broker/core/soap_envelope.h"
#include "tests/unit/support/valid_envelope.h"

namespace renkei {
namespace {

using test_support::expectValidEnvelope;

PlatformHeader minimal() {
  PlatformHeader h;
  h.message_id = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
  h.sender = "062022/kokuho";
  h.receiver = "062022/juki";
  h.service_name = "IdoJohoShokai";
  h.service_version = "1";
  h.purpose_code = "KOKUHO-SHIKAKU";
  h.timestamp = "2026-12-03T04:05:06Z";
  h.protocol_version = "1.0";
  return h;
}

TEST(PlatformHeaderWriter, WritesTheFieldsInSchemaOrderAndLeavesEmptyOnesOut) {
  EXPECT_EQ(
      renderPlatformHeader(minimal()),
      "<hdr:PlatformHeader><hdr:MessageId>1b4e28ba-2fa1-41d2-883f-0016d3cca427</hdr:MessageId>"
      "<hdr:Sender>062022/kokuho</hdr:Sender><hdr:Receiver>062022/juki</hdr:Receiver>"
      "<hdr:ServiceName>IdoJohoShokai</hdr:ServiceName>"
      "<hdr:ServiceVersion>1</hdr:ServiceVersion>"
      "<hdr:PurposeCode>KOKUHO-SHIKAKU</hdr:PurposeCode>"
      "<hdr:Timestamp>2026-12-03T04:05:06Z</hdr:Timestamp>"
      "<hdr:ProtocolVersion>1.0</hdr:ProtocolVersion></hdr:PlatformHeader>");
  PlatformHeader all = minimal();
  all.correlation_id = "2c5f39cb-3fb2-42e3-994f-1127e4ddb538";
  all.user_id = "窓口<1>";
  all.case_reference = "R&D";
  const std::string xml = renderPlatformHeader(all, "h");
  EXPECT_NE(xml.find("</h:MessageId><h:CorrelationId>2c5f39cb"), std::string::npos) << xml;
  EXPECT_NE(xml.find("</h:PurposeCode><h:UserId>窓口&lt;1&gt;</h:UserId>"
                     "<h:CaseReference>R&amp;D</h:CaseReference><h:Timestamp>"),
            std::string::npos)
      << xml;
}

TEST(PlatformHeaderWriter, FramedAsTheAdaptersFrameItTheEnvelopeIsValid) {
  const std::string body =
      "<juki:IdoJohoShokaiRequest xmlns:juki=\"urn:renkei:unit:juki:v1\">"
      "<juki:AtenaNo>000000000000100</juki:AtenaNo></juki:IdoJohoShokaiRequest>";
  PlatformHeader h = minimal();
  h.case_reference = "file 0123456789abcdef record 1";
  for (SoapVersion version : {SoapVersion::k11, SoapVersion::k12}) {
    const SoapEnvelopeFrame frame(version);
    expectValidEnvelope(frame.start({{"hdr", kPlatformHeaderNs}}) + frame.open("Header") +
                        renderPlatformHeader(h) + frame.close("Header") + frame.bodyOpen() + body +
                        frame.end());
  }
}

}  // namespace
}  // namespace renkei
