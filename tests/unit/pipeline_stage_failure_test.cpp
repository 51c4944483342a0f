// A stage that throws (a bug, a library error) costs its exchange a Server.Internal fault: the
// caller is told which stage failed but not the exception's text (it may name internal hosts),
// no later stage runs, and the trail records the exchange as failed with that code.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "broker/core/pipeline.h"
#include "tests/unit/support/capturing_audit_sink.h"

namespace renkei {
namespace {

class ThrowingStage : public Stage {
 public:
  std::string_view name() const override { return "lookup"; }
  StageResult process(Exchange&) override {
    throw std::runtime_error("cannot reach directory at 10.20.30.40:389");
  }
};

class CountingStage : public Stage {
 public:
  explicit CountingStage(int& runs) : runs_(runs) {}
  std::string_view name() const override { return "forward"; }
  StageResult process(Exchange&) override {
    ++runs_;
    return StageResult::proceed();
  }

 private:
  int& runs_;
};

using test_support::CapturingSink;

HttpReply runThroughFailingStage(const std::string& content_type, int& later_runs,
                                 CapturingSink& sink) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<ThrowingStage>());
  stages.push_back(std::make_unique<CountingStage>(later_runs));
  Pipeline pipeline(std::move(stages), sink);
  HttpRequest request;
  request.content_type = content_type;
  request.body = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/>";
  return pipeline.run(std::move(request));
}

TEST(PipelineStageFailureTest, AThrowingStageIsAServerInternalFaultAuditedAsSuch) {
  int later_runs = 0;
  CapturingSink sink;
  const HttpReply reply = runThroughFailingStage("text/xml; charset=utf-8", later_runs, sink);

  EXPECT_EQ(reply.status, 500);
  EXPECT_NE(reply.body.find("<faultcode>soap:Server.Internal</faultcode>"), std::string::npos)
      << reply.body;
  EXPECT_NE(reply.body.find("lookup failed; the broker&apos;s log has details"), std::string::npos)
      << reply.body;
  EXPECT_EQ(reply.body.find("10.20.30.40"), std::string::npos) << "internals stay in the log";
  EXPECT_EQ(later_runs, 0) << "nothing after the failed stage runs";

  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0].fault_code, "Server.Internal");
  EXPECT_EQ(sink.records[0].outcome, "failed");
}

}  // namespace
}  // namespace renkei
