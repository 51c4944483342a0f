// The receipt a notification's sender gets: a valid envelope of the sender's SOAP version, still
// written with env: in SOAP 1.1 too.
#include "broker/notify/receipt.h"

#include <gtest/gtest.h>

#include "tests/support/text_contains.h"
#include "tests/unit/support/valid_envelope.h"

namespace renkei {
namespace {

using test_support::expectValidEnvelope;

PlatformHeader posted() {
  PlatformHeader h;
  h.message_id = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
  h.sender = "062022/juki-batch";
  h.receiver = "062022/juki";
  h.service_name = "JuminIdoTsuchi";
  h.service_version = "1";
  h.purpose_code = "JUMINZEI-FUKA";
  return h;
}

ReceiptFacts facts() { return {"1b4e28ba-2fa1-41d2-883f-0016d3cca427", "2026-01-05T01:02:03Z", 2}; }

using renkei::testing::contains;

TEST(NotifyReceipt, ASoap11ReceiptIsAValidEnvelopeWithTheEnvPrefix) {
  const std::string xml = renderReceipt(SoapVersion::k11, posted(), facts());
  expectValidEnvelope(xml);
  EXPECT_EQ(
      xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope xmlns:env=\""
                "http://schemas.xmlsoap.org/soap/envelope/\" "
                "xmlns:hdr=\"urn:renkei:platform:header:v1\" "
                "xmlns:ntf=\"urn:renkei:platform:notify:v1\"><env:Header><hdr:PlatformHeader>",
                0),
      0u)
      << xml;
  EXPECT_TRUE(
      contains(xml, "</hdr:PlatformHeader></env:Header><env:Body><ntf:NotificationReceipt>"))
      << xml;
  EXPECT_TRUE(contains(xml, "<ntf:Deliveries>2</ntf:Deliveries>")) << xml;
  EXPECT_TRUE(contains(xml, "</ntf:NotificationReceipt></env:Body></env:Envelope>\n")) << xml;
}

TEST(NotifyReceipt, ASoap12ReceiptAnswersThePostInItsVersion) {
  const std::string xml = renderReceipt(SoapVersion::k12, posted(), facts());
  expectValidEnvelope(xml);
  EXPECT_TRUE(contains(xml, "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\""))
      << xml;
  // Sender and Receiver swapped, the post's id as the correlation.
  EXPECT_TRUE(contains(xml, "<hdr:Sender>062022/juki</hdr:Sender>")) << xml;
  EXPECT_TRUE(contains(xml, "<hdr:Receiver>062022/juki-batch</hdr:Receiver>")) << xml;
  EXPECT_TRUE(
      contains(xml, "<hdr:CorrelationId>1b4e28ba-2fa1-41d2-883f-0016d3cca427</hdr:CorrelationId>"))
      << xml;
}

}  // namespace
}  // namespace renkei
