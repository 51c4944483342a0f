// `renkei conform --as-receiver`: the harness plays the broker towards a client. The real
// sample client (gSOAP, generated from wsdl/) conforms; a hand-made bad request is caught by
// exactly the checks it breaks, and answered with a SOAP Fault.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <set>
#include <sstream>

#include "tests/integration/support/soap_client.h"

namespace renkei::testing {
namespace {

// `renkei conform --as-receiver ...` running in the background; its port comes from its first
// line of output.
class ReceiverHarness {
 public:
  explicit ReceiverHarness(const std::string& args) {
    const std::string command = std::string(RENKEI_BINARY_DIR) +
                                "/broker/renkei conform --as-receiver --listen 127.0.0.1:0 " +
                                args + " 2>&1";
    pipe_ = popen(command.c_str(), "r");
    char line[512] = {};
    if (pipe_ != nullptr && std::fgets(line, sizeof line, pipe_) != nullptr) {
      first_line_ = line;
      const size_t colon = first_line_.find("127.0.0.1:");
      if (colon != std::string::npos) port_ = std::stoi(first_line_.substr(colon + 10));
    }
  }
  ~ReceiverHarness() {
    if (pipe_ != nullptr) finish();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  int port() const { return port_; }
  const std::string& firstLine() const { return first_line_; }

  // Waits for the harness to end; its exit status and the rest of its output.
  int finish() {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe_)) > 0) output_.append(buf, n);
    const int status = WEXITSTATUS(pclose(pipe_));
    pipe_ = nullptr;
    return status;
  }
  const std::string& output() const { return output_; }

 private:
  FILE* pipe_ = nullptr;
  int port_ = 0;
  std::string first_line_;
  std::string output_;
};

std::set<std::string> failedCases(const std::string& output) {
  std::set<std::string> ids;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("  FAIL  ", 0) == 0) ids.insert(line.substr(8, line.find(' ', 8) - 8));
  }
  return ids;
}

int runSampleClient(const std::string& url, const std::string& extra) {
  const std::string command = std::string(RENKEI_BINARY_DIR) +
                              "/examples/renkei_sample_client --broker " + url +
                              " --service IdoJohoShokai --sender 062022/kokuho --receiver "
                              "062022/juki --purpose KOKUHO-SHIKAKU --atena 000000000000001 " +
                              extra + " >/dev/null 2>&1";
  return WEXITSTATUS(std::system(command.c_str()));
}

TEST(ConformAsReceiver, TheSampleClientConformsInBothSoapVersions) {
  ReceiverHarness harness("--service IdoJohoShokai --count 2 --wait 30");
  ASSERT_GT(harness.port(), 0) << harness.firstLine();
  EXPECT_EQ(runSampleClient(harness.url(), ""), 0);  // 0: the client got an answer
  EXPECT_EQ(runSampleClient(harness.url(), "--soap12"), 0);
  EXPECT_EQ(harness.finish(), 0) << harness.output();
  EXPECT_NE(harness.output().find("request 1: IdoJohoShokai, SOAP 1.1 — conforms, answered"),
            std::string::npos)
      << harness.output();
  EXPECT_NE(harness.output().find("request 2: IdoJohoShokai, SOAP 1.2 — conforms"),
            std::string::npos)
      << harness.output();
  EXPECT_NE(harness.output().find("5 passed, 0 failed"), std::string::npos) << harness.output();
}

TEST(ConformAsReceiver, ABadRequestFailsExactlyTheChecksItBreaks) {
  ReceiverHarness harness("--service IdoJohoShokai --count 1 --wait 30");
  ASSERT_GT(harness.port(), 0) << harness.firstLine();
  SoapClient client;
  // SOAP 1.1 sent as text/plain, without SOAPAction, with a body that breaks the schema.
  const HttpAnswer answer =
      client.post(harness.url(), trafficFile("ido-joho-shokai.schema-invalid.xml"), "text/plain");
  EXPECT_EQ(answer.status, 500);
  EXPECT_NE(answer.body.find("Client.SchemaViolation"), std::string::npos) << answer.body;
  EXPECT_EQ(harness.finish(), 1) << harness.output();
  EXPECT_EQ(failedCases(harness.output()), (std::set<std::string>{"RCV-002", "RCV-003", "RCV-005"}))
      << harness.output();
  EXPECT_NE(harness.output().find("Content-Type is \"text/plain\" for a SOAP 1.1 envelope"),
            std::string::npos)
      << harness.output();
  EXPECT_NE(harness.output().find("/Envelope/Body/IdoJohoShokaiRequest/SeinenGappi"),
            std::string::npos)
      << harness.output();
}

TEST(ConformAsReceiver, NoRequestWithinTheWaitIsAFailure) {
  ReceiverHarness harness("--service IdoJohoShokai --wait 1");
  EXPECT_EQ(harness.finish(), 1);
  EXPECT_NE(harness.output().find("no request arrived within 1 s"), std::string::npos)
      << harness.output();
}

}  // namespace
}  // namespace renkei::testing
