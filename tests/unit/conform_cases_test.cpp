// The conformance harness's inputs: the built-in cases and data sets load and agree with the
// WSDLs, and a lab's mistakes are reported with file, line and what is wrong.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "broker/conform/case_loader.h"
#include "broker/conform/envelope_builder.h"
#include "broker/conform/service_setup.h"

namespace renkei::conform {
namespace {

namespace fs = std::filesystem;

const fs::path kConform = fs::path(RENKEI_SOURCE_DIR) / "conform";

class TempCases {
 public:
  TempCases() : dir_(fs::temp_directory_path() / ("renkei_cases_" + std::to_string(getpid()))) {
    fs::create_directories(dir_);
  }
  ~TempCases() { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
};

std::string loadError(const std::vector<fs::path>& dirs) {
  try {
    loadCases(dirs, kConform / "conform.xsd");
  } catch (const ConformInputError& e) {
    return e.what();
  }
  return "";
}

TEST(ConformCases, BuiltInCasesLoadWithStableIdsAndRules) {
  const auto cases = loadCases({kConform / "cases"}, kConform / "conform.xsd");
  ASSERT_GE(cases.size(), 20u);
  for (const auto& c : cases) {
    EXPECT_FALSE(c.rule_source.empty()) << c.id;
    EXPECT_TRUE(!c.wsdl_check.empty() || c.exchange || !c.received_check.empty()) << c.id;
  }
  EXPECT_EQ(cases.front().id, "WSDL-001");
}

TEST(ConformCases, EveryBuiltInDataSetMatchesItsWsdl) {
  const auto sets = loadDataSets(kConform / "data", kConform / "conform.xsd");
  const auto schemas = xml::SchemaSet::loadDirectory(fs::path(RENKEI_SOURCE_DIR) / "xsd");
  ASSERT_EQ(sets.size(), 4u);
  for (const auto& set : sets) {
    const ServiceUnderTest s = prepareService(sets, set.service + ":" + set.version, std::nullopt);
    EXPECT_NO_THROW(checkDataSetBodies(s, schemas)) << set.file;
  }
}

TEST(ConformCases, SchemaErrorNamesFileLineAndElement) {
  TempCases t;
  t.write("lab.xml", R"(<?xml version="1.0"?>
<cases xmlns="urn:renkei:conform:v1">
  <case id="LAB-1" title="bad id">
    <rule source="lab" ref="x">text</rule>
    <wsdl check="soap-action"/>
  </case>
</cases>)");
  const std::string error = loadError({t.dir()});
  EXPECT_NE(error.find("lab.xml:3:"), std::string::npos) << error;
  EXPECT_NE(error.find("[A-Z]{2,8}-[0-9]{3}"), std::string::npos) << error;  // which rule
}

TEST(ConformCases, DuplicateIdNamesBothFiles) {
  TempCases t;
  t.write("lab.xml", R"(<?xml version="1.0"?>
<cases xmlns="urn:renkei:conform:v1">
  <case id="RSP-001" title="again">
    <rule source="lab" ref="x">text</rule>
    <wsdl check="soap-action"/>
  </case>
</cases>)");
  const std::string error = loadError({kConform / "cases", t.dir()});
  EXPECT_NE(error.find("lab.xml: case RSP-001 is already defined in"), std::string::npos) << error;
  EXPECT_NE(error.find("20-answers.xml"), std::string::npos) << error;
}

TEST(ConformCases, WrongRootElementIsNamed) {
  TempCases t;
  t.write("x.xml", R"(<?xml version="1.0"?><dataset xmlns="urn:other"/>)");
  EXPECT_NE(loadError({t.dir()}).find("x.xml: the root element must be"), std::string::npos);
}

TEST(ConformTemplate, FillsPlaceholdersAndNamesUnknownOnes) {
  EXPECT_EQ(fillTemplate("<a xmlns=\"${ns}\"/>", {{"ns", "urn:x"}}, "here"),
            "<a xmlns=\"urn:x\"/>");
  try {
    fillTemplate("${recever}", {{"receiver", "x"}}, "lab.xml: case LAB-001");
    FAIL();
  } catch (const ConformInputError& e) {
    EXPECT_NE(std::string(e.what()).find("lab.xml: case LAB-001: unknown placeholder ${recever}"),
              std::string::npos);
  }
}

TEST(ConformTemplate, PaddingReachesTheRequestedSize) {
  RequestParts parts;
  parts.body = "<b/>";
  const std::string e = buildEnvelope(ExchangeSpec{}, parts, 100000, "here");
  EXPECT_EQ(e.size(), 100000u);
  EXPECT_NE(e.find("<!--xxx"), std::string::npos);
}

}  // namespace
}  // namespace renkei::conform
