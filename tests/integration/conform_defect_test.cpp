// The proof of the conformance harness: `renkei conform` against the real sample units passes
// every case, and against each --defect exactly the cases of the broken rule fail, with a
// reason a vendor can act on.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

// "  FAIL  BAD-001   ..." progress lines -> {"BAD-001"}.
std::set<std::string> failedCases(const std::string& output) {
  std::set<std::string> ids;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("  FAIL  ", 0) != 0) continue;
    const std::string rest = line.substr(8);
    ids.insert(rest.substr(0, rest.find(' ')));
  }
  return ids;
}

std::string conformArgs(const UnitProcess& unit, const std::string& services) {
  return "conform --endpoint " + unit.url() + " " + services;
}

struct HealthyUnit {
  const char* program;
  const char* services;
};

void PrintTo(const HealthyUnit& u, std::ostream* os) { *os << u.program; }

class HealthyUnitTest : public ::testing::TestWithParam<HealthyUnit> {};

TEST_P(HealthyUnitTest, PassesEveryCase) {
  UnitProcess unit(GetParam().program);
  const CommandOutput out = runRenkeiCommand(conformArgs(unit, GetParam().services));
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_EQ(failedCases(out.text), std::set<std::string>{}) << out.text;
  EXPECT_NE(out.text.find(" 0 failed"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("  PASS  BAD-005"), std::string::npos) << out.text;
}

INSTANTIATE_TEST_SUITE_P(
    SampleUnits, HealthyUnitTest,
    ::testing::Values(HealthyUnit{"unit_juki",
                                  "--service IdoJohoShokai:1 --service JuminIdoTsuchi"},
                      HealthyUnit{"unit_kokuho", "--service ShikakuJohoShokai"},
                      HealthyUnit{"unit_juminzei", "--service KazeiJohoShokai:1"}),
    [](const auto& info) { return std::string(info.param.program); });

struct Defect {
  const char* name;
  std::set<std::string> failing;
  const char* reason;  // part of what the vendor reads
};

void PrintTo(const Defect& d, std::ostream* os) { *os << d.name; }

class DefectTest : public ::testing::TestWithParam<Defect> {};

TEST_P(DefectTest, FailsExactlyTheCasesOfTheBrokenRule) {
  UnitProcess unit("unit_juki", {"--defect", GetParam().name});
  const CommandOutput out = runRenkeiCommand(conformArgs(unit, "--service IdoJohoShokai"));
  EXPECT_EQ(out.status, 1) << out.text;
  EXPECT_EQ(failedCases(out.text), GetParam().failing) << out.text;
  EXPECT_NE(out.text.find(GetParam().reason), std::string::npos) << out.text;
}

INSTANTIATE_TEST_SUITE_P(
    SampleUnits, DefectTest,
    ::testing::Values(
        Defect{"no-fault-on-invalid",
               {"BAD-001"},
               "HTTP 200 with an answer ({urn:renkei:unit:juki:v1}IdoJohoShokaiResponse): the "
               "unit processed a request it must refuse"},
        Defect{"wrong-namespace",
               {"RSP-001", "RSP-002"},
               "the body is {urn:renkei:unit:juki:v9}IdoJohoShokaiResponse, but the WSDL declares "
               "{urn:renkei:unit:juki:v1}IdoJohoShokaiResponse"},
        Defect{
            "missing-correlation", {"HDR-001"}, "the answer's PlatformHeader has no CorrelationId"},
        Defect{"soap-version-mismatch",
               {"SOAP-002"},
               "the SOAP 1.2 request got a SOAP 1.1 fault with Content-Type \"text/xml"},
        Defect{"mangles-non-bmp",
               {"TXT-001"},
               "\"髙﨑 𠮷子\" (U+9AD9 U+FA11 U+0020 U+20BB7 U+5B50) is not in the answer; closest: "
               "Shimei = \"髙﨑 吉子\""}),
    [](const auto& info) {
      std::string name = info.param.name;
      for (char& c : name) c = c == '-' ? '_' : c;
      return name;
    });

TEST(ConformCommand, OnlyRunsTheNamedCasesAndRefusesUnknownIds) {
  UnitProcess unit("unit_kokuho");
  const CommandOutput out =
      runRenkeiCommand(conformArgs(unit, "--service ShikakuJohoShokai --only RSP-001,HDR-002"));
  EXPECT_EQ(out.status, 0) << out.text;
  EXPECT_NE(out.text.find("2 passed, 0 failed, 0 skipped of 2"), std::string::npos) << out.text;
  const CommandOutput bad =
      runRenkeiCommand(conformArgs(unit, "--service ShikakuJohoShokai --only RSP-999"));
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.text.find("--only RSP-999: no case has this ID"), std::string::npos) << bad.text;
}

TEST(ConformCommand, SoapOneOneOnlySkipsTheOneTwoExchanges) {
  UnitProcess unit("unit_kokuho");
  const CommandOutput out =
      runRenkeiCommand(conformArgs(unit, "--service ShikakuJohoShokai --soap 1.1 --only SOAP-001"));
  EXPECT_EQ(out.status, 0) << out.text;
  const CommandOutput unknown = runRenkeiCommand(conformArgs(unit, "--service Nothing"));
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.text.find("--service Nothing: no data set for it"), std::string::npos)
      << unknown.text;
}

TEST(ConformCommand, UnreachableUnitFailsWithTheTransportError) {
  const CommandOutput out = runRenkeiCommand(
      "conform --endpoint http://127.0.0.1:1/ --service ShikakuJohoShokai --only RSP-001");
  EXPECT_EQ(out.status, 1) << out.text;
  EXPECT_NE(out.text.find("no HTTP answer"), std::string::npos) << out.text;
}

}  // namespace
}  // namespace renkei::testing
