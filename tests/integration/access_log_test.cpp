// The JSON-lines access log (<log access>): one line per exchange, each valid JSON with the
// exchange's identifiers and timings, and nothing from any message body.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "tests/integration/support/running_broker.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/unit_process.h"
#include "tests/support/json_check.h"

namespace renkei::testing {
namespace {

std::vector<std::string> linesOf(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(AccessLog, OneJsonLinePerExchangeWithoutMessageContent) {
  UnitProcess juki("unit_juki");
  char tmpl[] = "/tmp/renkei-access-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  const std::string path = dir + "/access.log";
  BrokerSetup setup{{{"062022/juki", juki.url()}}};
  setup.config_edits = {{"<schemas ", "<log access=\"" + path + "\"/>\n  <schemas "}};
  RunningBroker broker(setup);
  SoapClient client;
  std::set<std::string> sent_ids;
  const auto send = [&](const std::string& file) {
    const std::string body = trafficFile(file);
    sent_ids.insert(elementTextOf(body, "MessageId"));
    return client.postAsIs(broker.url(), body);
  };
  for (int i = 0; i < 4; ++i) ASSERT_EQ(send("ido-joho-shokai.kokuho-to-juki.xml").status, 200);
  for (int i = 0; i < 2; ++i) ASSERT_NE(send("ido-joho-shokai.schema-invalid.xml").status, 200);
  ASSERT_NE(client.postAsIs(broker.url(), "not xml at all").status, 200);

  // Each line is written before its reply is sent: no waiting needed.
  const std::vector<std::string> lines = linesOf(path);
  ASSERT_EQ(lines.size(), 7u);
  std::set<std::string> logged_ids;
  int routed = 0;
  for (const std::string& line : lines) {
    std::string error;
    ASSERT_TRUE(isValidJson(line, &error)) << error << ": " << line;
    for (const char* key : {"\"time\":", "\"message_id\":", "\"sender\":", "\"receiver\":",
                            "\"service\":", "\"outcome\":", "\"fault_code\":", "\"latency_us\":",
                            "\"stages_us\":{", "\"peer\":\"127.0.0.1:", "\"instance\":"}) {
      EXPECT_NE(line.find(key), std::string::npos) << key << " missing: " << line;
    }
    // Nothing from a body: the example's 宛名番号 and name, the invalid file's kana name.
    for (const char* content : {"000000000000001", "AtenaNo", "ナオエ", "not xml"}) {
      EXPECT_EQ(line.find(content), std::string::npos) << content << " leaked: " << line;
    }
    const std::string id = jsonStringField(line, "message_id");
    if (!id.empty()) logged_ids.insert(id);
    if (line.find("\"outcome\":\"routed\"") != std::string::npos) {
      ++routed;
      EXPECT_NE(line.find("\"forward\":"), std::string::npos) << line;
    }
  }
  EXPECT_EQ(routed, 4);
  EXPECT_EQ(logged_ids, sent_ids);
  EXPECT_NE(lines.back().find("\"fault_code\":\"Client.InvalidXml\""), std::string::npos)
      << lines.back();

  // Rotation: the file moved away and reopened (what SIGUSR1 does in `renkei serve`).
  std::filesystem::rename(path, path + ".1");
  broker.runtime().reopenLogs();
  ASSERT_EQ(send("ido-joho-shokai.kokuho-to-juki.xml").status, 200);
  EXPECT_EQ(linesOf(path).size(), 1u);
  EXPECT_EQ(linesOf(path + ".1").size(), 7u);
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

// journald stalled, or `renkei serve 2>&1 | less` left paused: the access log's reader stops
// reading. The line is written by the thread that settles the exchange, the audit writer
// among them; traffic must go on, the lines that do not fit dropped and counted.
TEST(AccessLog, AReaderThatStopsReadingDoesNotStopTraffic) {
  UnitProcess juki("unit_juki");
  char tmpl[] = "/tmp/renkei-access-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  const std::string fifo = dir + "/access.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);  // never read
  ASSERT_GE(reader, 0);
  BrokerSetup setup{{{"062022/juki", juki.url()}}};
  setup.config_edits = {{"<schemas ", "<log access=\"" + fifo + "\"/>\n  <schemas "}};
  RunningBroker broker(setup);
  SoapClient client;
  // About 500 bytes a line: 400 lines are three times what the pipe holds.
  const std::string body = trafficFile("ido-joho-shokai.kokuho-to-juki.xml");
  int answered = 0;
  for (int i = 0; i < 400; ++i) {
    const auto reply = client.post(broker.url(), body);
    ASSERT_EQ(reply.status, 200) << "exchange " << i << ": " << reply.body;
    ++answered;
  }
  EXPECT_EQ(answered, 400);
  ::close(reader);
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace
}  // namespace renkei::testing
