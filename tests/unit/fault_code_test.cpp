#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "broker/core/fault_code.h"
#include "broker/core/soap_fault_writer.h"

namespace renkei {
namespace {

TEST(FaultCodeTable, DocumentationTableIsTheGeneratedOne) {
  std::ifstream in(std::string(RENKEI_SOURCE_DIR) + "/docs/fault-codes.md");
  std::stringstream doc;
  doc << in.rdbuf();
  EXPECT_NE(doc.str().find(faultTableMarkdown()), std::string::npos)
      << "docs/fault-codes.md is out of date: regenerate its table with `renkei faults --markdown`";
}

TEST(FaultCodeTable, NamesAreUniqueAndEveryCodeHasOne) {
  std::set<std::string_view> names;
  for (const auto& spec : allFaultSpecs()) {
    EXPECT_TRUE(names.insert(spec.name).second) << spec.name;
    EXPECT_EQ(faultSpec(spec.code).name, spec.name);
    if (isSoapDefinedFault(spec.code)) {
      // SOAP's own codes keep SOAP's names; the sender caused them.
      EXPECT_TRUE(spec.sender_fault) << spec.name;
      EXPECT_EQ(soap12CodeValue(spec.code), spec.name);
      continue;
    }
    EXPECT_TRUE(spec.name.rfind("Client.", 0) == 0 || spec.name.rfind("Server.", 0) == 0);
    EXPECT_EQ(spec.sender_fault, spec.name.rfind("Client.", 0) == 0) << spec.name;
  }
  EXPECT_EQ(faultSubcode(FaultCode::kLinkNotRegistered), "LinkNotRegistered");
}

TEST(SoapFaultWriter, Soap11FaultCarriesCodeReasonAndDetail) {
  FaultInfo fault = faultOf(FaultCode::kSchemaViolation, "bad <date> & more");
  fault.element_path = "/Envelope/Body/X";
  fault.line = 3;
  fault.column = 7;
  const std::string xml = renderSoapFault(SoapVersion::k11, fault, "id-1");
  EXPECT_NE(xml.find("<faultcode>soap:Client.SchemaViolation</faultcode>"), std::string::npos);
  EXPECT_NE(xml.find("bad &lt;date&gt; &amp; more"), std::string::npos);
  EXPECT_NE(xml.find("<rf:Line>3</rf:Line><rf:Column>7</rf:Column>"), std::string::npos);
  EXPECT_NE(xml.find("<rf:MessageId>id-1</rf:MessageId>"), std::string::npos);
  EXPECT_EQ(faultHttpStatus(SoapVersion::k11, FaultCode::kSchemaViolation), 500);
}

TEST(SoapFaultWriter, Soap12FaultUsesSenderOrReceiverWithSubcode) {
  const std::string sender =
      renderSoapFault(SoapVersion::k12, faultOf(FaultCode::kLinkNotRegistered, "no link"), "");
  EXPECT_NE(
      sender.find("<env:Value>env:Sender</env:Value><env:Subcode><env:Value>rf:LinkNotRegistered"),
      std::string::npos);
  EXPECT_EQ(sender.find("MessageId"), std::string::npos) << "no id was known";
  const std::string receiver =
      renderSoapFault(SoapVersion::k12, faultOf(FaultCode::kReceiverTimeout, "slow"), "m");
  EXPECT_NE(receiver.find("env:Receiver"), std::string::npos);
  EXPECT_EQ(faultHttpStatus(SoapVersion::k12, FaultCode::kLinkNotRegistered), 400);
  EXPECT_EQ(faultHttpStatus(SoapVersion::k12, FaultCode::kReceiverTimeout), 500);
}

}  // namespace
}  // namespace renkei
