// The real `renkei serve` with <mynumber gatewayUnit>: a message towards the gateway unit that
// carries a 個人番号 is refused with Client.PersonalNumberExposed, naming the element and line,
// and afterwards no file in the broker's state directory holds the digits: not the store, not
// its WAL, not the log, not the access log, not the archive (whose decrypted copy is masked
// too). A clean message to the same unit still goes through. The sample 住基 unit stands in
// for the gateway (adapters/mynumber is a unit like any other to the pipeline).
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"

namespace renkei::testing {
namespace {

constexpr const char* kNumber = "123456789018";  // valid check digit
constexpr const char* kGateway = "062022/juki";

// Every byte of every file under `dir`, with the names of the files that hold `needle`.
std::vector<std::string> filesHolding(const std::filesystem::path& dir, const std::string& needle) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    if (readTextFile(entry.path().string()).find(needle) != std::string::npos) {
      found.push_back(entry.path().string());
    }
  }
  return found;
}

TEST(PersonalNumberGuard, ANumberTowardsTheGatewayIsRefusedAndLeftInNoFile) {
  char tmpl[] = "/tmp/renkei-mnkey-XXXXXX";
  const std::string key_dir = mkdtemp(tmpl);
  const std::string key = key_dir + "/archive.key";
  ASSERT_EQ(runRenkeiCommand("archive keygen --out " + key).status, 0);

  UnitProcess gateway("unit_juki");
  BrokerSetup setup{{{kGateway, gateway.url()}}};
  // The archive and the access log live in the broker's own directory, so one walk covers
  // every file it writes.
  setup.config_edits = {
      {"  <services>", "  <mynumber gatewayUnit=\"" + std::string(kGateway) + "\"/>\n  <services>"},
      {"  <admin ", "  <archive dir=\"archive\" keyFile=\"" + key + "\"/>\n  <admin "},
      {"<schemas ", "<log access=\"access.log\"/>\n  <schemas "}};
  BrokerProcess broker(setup);
  const std::filesystem::path state = std::filesystem::path(broker.dbPath()).parent_path();
  SoapClient client;

  const std::string in_body =
      withElementText(trafficFile("ido-joho-shokai.kokuho-to-juki.xml"), "AtenaNo", kNumber);
  ASSERT_NE(in_body.find(kNumber), std::string::npos);
  const std::string id = firstElementText(in_body, "MessageId");
  const HttpAnswer refused = client.postAsIs(broker.url(), in_body);
  EXPECT_EQ(refused.status, 500);
  EXPECT_NE(refused.body.find("Client.PersonalNumberExposed"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("/Envelope/Body/IdoJohoShokaiRequest/AtenaNo"), std::string::npos)
      << refused.body;
  EXPECT_NE(refused.body.find("line 22"), std::string::npos) << refused.body;
  EXPECT_EQ(refused.body.find(kNumber), std::string::npos) << refused.body;

  // In a header field the unit would otherwise accept (free text), written as a character
  // reference so the bytes never show the digits whole.
  const std::string in_header = withElementText(trafficFile("ido-joho-shokai.kokuho-to-juki.xml"),
                                                "CaseReference", "照会 &#49;23456789018");
  const HttpAnswer refused_header = client.postAsIs(broker.url(), in_header);
  EXPECT_NE(refused_header.body.find("Client.PersonalNumberExposed"), std::string::npos)
      << refused_header.body;
  EXPECT_NE(refused_header.body.find("CaseReference"), std::string::npos) << refused_header.body;

  // The same unit, no number: routed as before.
  const HttpAnswer clean =
      client.post(broker.url(), trafficFile("ido-joho-shokai.kokuho-to-juki.xml"));
  EXPECT_EQ(clean.status, 200) << clean.body.substr(0, 400);

  // The access log and the audit are written after the answer: wait for the clean exchange's
  // line (three lines) rather than for a fixed time.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string log = std::filesystem::exists(state / "access.log")
                                ? readTextFile((state / "access.log").string())
                                : std::string();
    if (std::count(log.begin(), log.end(), '\n') >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(std::filesystem::exists(state / "access.log"));
  ASSERT_TRUE(std::filesystem::exists(state / "archive"));
  EXPECT_NE(readTextFile((state / "access.log").string()).find("Client.PersonalNumberExposed"),
            std::string::npos);

  EXPECT_EQ(filesHolding(state, kNumber), std::vector<std::string>{})
      << "the 個人番号 is in a file the broker wrote";
  // Decrypted, the archived request has the number masked, not merely enciphered.
  const CommandOutput archived =
      runRenkeiCommand("archive show " + id + " --part request --config " + broker.configPath());
  ASSERT_EQ(archived.status, 0) << archived.text;
  EXPECT_EQ(archived.text.find(kNumber), std::string::npos) << archived.text;
  EXPECT_NE(archived.text.find("<juki:AtenaNo>************</juki:AtenaNo>"), std::string::npos)
      << archived.text;
  std::error_code ignored;
  std::filesystem::remove_all(key_dir, ignored);
}

}  // namespace
}  // namespace renkei::testing
