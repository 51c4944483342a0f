// The WSDL checks on the project's own WSDLs (clean) and on one that breaks each rule.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "broker/conform/wsdl_checks.h"

namespace renkei::conform {
namespace {

namespace fs = std::filesystem;

constexpr const char* kChecks[] = {"document-literal", "one-part",
                                   "element-parts",    "imports-resolvable",
                                   "soap-action",      "binding-matches-port-type"};

// rpc/encoded, two parts, a type= part, no soapAction, an unbound operation, a missing import.
constexpr const char* kBroken = R"(<?xml version="1.0"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:b"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
    xmlns:b="urn:b:types" targetNamespace="urn:b">
  <types><xsd:schema><xsd:import namespace="urn:b:types" schemaLocation="missing.xsd"/></xsd:schema></types>
  <message name="In"><part name="a" element="b:A"/><part name="b" type="xsd:string"/></message>
  <message name="Out"><part name="r" element="b:R"/></message>
  <portType name="PT">
    <operation name="Op"><input message="tns:In"/><output message="tns:Out"/></operation>
    <operation name="Other"><input message="tns:In"/><output message="tns:Out"/></operation>
  </portType>
  <binding name="B" type="tns:PT">
    <soap:binding style="rpc" transport="http://example.org/smtp"/>
    <operation name="Op"><soap:operation/>
      <input><soap:body use="encoded" namespace="urn:b"/></input>
      <output><soap:body use="literal"/></output>
    </operation>
  </binding>
  <service name="S"><port name="P" binding="tns:B"><soap:address location="http://x/"/></port></service>
</definitions>)";

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

TEST(ConformWsdl, ProjectWsdlsPassEveryCheck) {
  for (const auto& [file, service] :
       {std::pair{"juki.wsdl", "IdoJohoShokai"}, std::pair{"kokuho.wsdl", "ShikakuJohoShokai"},
        std::pair{"juminzei.wsdl", "KazeiJohoShokai"}}) {
    const WsdlDocument wsdl = readWsdl(fs::path(RENKEI_SOURCE_DIR) / "wsdl" / file);
    const auto view = viewService(wsdl, service);
    ASSERT_TRUE(view) << file;
    EXPECT_TRUE(view->binds11 && view->binds12) << file;
    for (const char* check : kChecks)
      EXPECT_EQ(joined(runWsdlCheck(check, wsdl, *view)), "") << file << " " << check;
  }
}

TEST(ConformWsdl, BrokenWsdlFailsEachCheckWithANamedReason) {
  const fs::path file =
      fs::temp_directory_path() / ("renkei_broken_" + std::to_string(getpid()) + ".wsdl");
  std::ofstream(file) << kBroken;
  const WsdlDocument wsdl = readWsdl(file);
  fs::remove(file);
  const auto view = viewService(wsdl, "S");
  ASSERT_TRUE(view);
  const auto has = [&](const char* check, const char* text) {
    const std::string found = joined(runWsdlCheck(check, wsdl, *view));
    EXPECT_NE(found.find(text), std::string::npos) << check << ":\n" << found;
  };
  has("document-literal", "binding B has style=\"rpc\", not document");
  has("document-literal", "use=\"encoded\", not literal");
  has("document-literal", "R2716");
  has("one-part", "message In has 2 parts");
  has("element-parts", "part b uses type=");
  has("imports-resolvable", "missing.xsd cannot be read");
  has("soap-action", "binding B, operation Op: soap:operation declares no soapAction");
  has("binding-matches-port-type", "does not bind operation Other");
  has("binding-matches-port-type", "R2702");
}

}  // namespace
}  // namespace renkei::conform
