// An exchange parked by a stage (Exchange::resume, StageResult::park): the thread that ran it
// is free at once; whoever resumes it continues it at that same stage (inside the 照会/通知
// branch too), each later stage runs once, the caller is answered and audited once, and the
// parked stage's time includes its wait. A resume that comes before the parking thread has
// left the exchange is not lost: that thread goes on itself.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "broker/config/notify_config.h"
#include "broker/core/exchange_observer.h"
#include "broker/core/pipeline.h"
#include "broker/stages/service_kind_switch_stage.h"
#include "tests/unit/support/capturing_audit_sink.h"

namespace renkei {
namespace {

using std::chrono::milliseconds;

// Every stage writes its name here when it runs.
using Trace = std::vector<std::string>;

class TracingStage : public Stage {
 public:
  TracingStage(std::string name, Trace& trace) : name_(std::move(name)), trace_(trace) {}
  std::string_view name() const override { return name_; }
  StageResult process(Exchange&) override {
    trace_.push_back(name_);
    return StageResult::proceed();
  }

 private:
  std::string name_;
  Trace& trace_;
};

// Parks the first time (keeping the resume for the test), proceeds once resumed.
class ParkingStage : public Stage {
 public:
  explicit ParkingStage(Trace& trace, bool resume_before_leaving = false)
      : trace_(trace), resume_before_leaving_(resume_before_leaving) {}
  std::string_view name() const override { return "waits"; }
  StageResult process(Exchange& exchange) override {
    if (exchange.parked_result.has_value()) {
      trace_.push_back("waits:resumed");
      exchange.parked_result.reset();
      return StageResult::proceed();
    }
    trace_.push_back("waits:parked");
    EXPECT_TRUE(exchange.resume) << "runThen lets a stage park";
    exchange.parked_result = std::string("slot");
    if (resume_before_leaving_) {
      exchange.resume();  // as if the slot came free before this thread returned
    } else {
      resume = exchange.resume;
    }
    return StageResult::park();
  }
  std::function<void()> resume;

 private:
  Trace& trace_;
  bool resume_before_leaving_;
};

using test_support::CapturingSink;

// The stages' names and times each finished exchange reported.
class TimingObserver : public ExchangeObserver {
 public:
  void finished(const ExchangeReport& report) override {
    std::vector<StageTiming> stages(report.stages.begin(), report.stages.end());
    reports.push_back(std::move(stages));
  }
  std::vector<std::vector<StageTiming>> reports;
};

std::vector<std::string> namesOf(const std::vector<StageTiming>& timings) {
  std::vector<std::string> names;
  for (const StageTiming& t : timings) names.emplace_back(t.stage);
  return names;
}

HttpRequest someRequest() {
  HttpRequest request;
  request.content_type = "text/xml; charset=utf-8";
  request.body = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"/>";
  return request;
}

struct Answered {
  int calls = 0;
  std::optional<HttpReply> reply;
  Pipeline::Done done() {
    return [this](HttpReply r) {
      ++calls;
      reply = std::move(r);
    };
  }
};

TEST(PipelineParkingTest, AParkedExchangeFreesItsThreadAndGoesOnWhereItParked) {
  Trace trace;
  CapturingSink sink;
  auto parking = std::make_unique<ParkingStage>(trace);
  ParkingStage& waits = *parking;
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<TracingStage>("before", trace));
  stages.push_back(std::move(parking));
  stages.push_back(std::make_unique<TracingStage>("after", trace));
  TimingObserver observer;
  Pipeline pipeline(std::move(stages), sink, &observer);

  Answered answered;
  pipeline.runThen(someRequest(), answered.done());
  EXPECT_EQ(trace, (Trace{"before", "waits:parked"}));
  EXPECT_EQ(answered.calls, 0) << "runThen returned while the exchange waits";
  EXPECT_TRUE(sink.records.empty());
  ASSERT_TRUE(waits.resume);

  std::this_thread::sleep_for(milliseconds(30));
  std::thread([resume = std::exchange(waits.resume, nullptr)] { resume(); }).join();
  EXPECT_EQ(trace, (Trace{"before", "waits:parked", "waits:resumed", "after"}));
  ASSERT_EQ(answered.calls, 1);
  EXPECT_FALSE(answered.reply->fault) << answered.reply->body;
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0].outcome, "routed");
  // The waiting stage is timed once, its wait included.
  ASSERT_EQ(observer.reports.size(), 1u);
  EXPECT_EQ(namesOf(observer.reports[0]), (std::vector<std::string>{"before", "waits", "after"}));
  EXPECT_GE(observer.reports[0][1].elapsed, milliseconds(25));
}

TEST(PipelineParkingTest, AResumeBeforeTheParkingThreadLeftIsContinuedByThatThread) {
  Trace trace;
  CapturingSink sink;
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<ParkingStage>(trace, /*resume_before_leaving=*/true));
  stages.push_back(std::make_unique<TracingStage>("after", trace));
  Pipeline pipeline(std::move(stages), sink);

  Answered answered;
  pipeline.runThen(someRequest(), answered.done());
  EXPECT_EQ(trace, (Trace{"waits:parked", "waits:resumed", "after"}));
  EXPECT_EQ(answered.calls, 1);
  EXPECT_EQ(sink.records.size(), 1u);
}

TEST(PipelineParkingTest, AnExchangeParkedInsideTheRequestBranchGoesOnInsideIt) {
  Trace trace;
  CapturingSink sink;
  NotifyConfig notify;  // no topics: every message takes the request branch
  auto parking = std::make_unique<ParkingStage>(trace);
  ParkingStage& waits = *parking;
  std::vector<std::unique_ptr<Stage>> requests;
  requests.push_back(std::make_unique<TracingStage>("link", trace));
  requests.push_back(std::move(parking));
  requests.push_back(std::make_unique<TracingStage>("answer", trace));
  std::vector<std::unique_ptr<Stage>> notifications;
  notifications.push_back(std::make_unique<TracingStage>("outbox", trace));
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<TracingStage>("header", trace));
  stages.push_back(std::make_unique<ServiceKindSwitchStage>(notify, std::move(requests),
                                                            std::move(notifications)));
  stages.push_back(std::make_unique<TracingStage>("sign", trace));
  TimingObserver observer;
  Pipeline pipeline(std::move(stages), sink, &observer);

  Answered answered;
  pipeline.runThen(someRequest(), answered.done());
  ASSERT_TRUE(waits.resume);
  std::exchange(waits.resume, nullptr)();
  EXPECT_EQ(trace, (Trace{"header", "link", "waits:parked", "waits:resumed", "answer", "sign"}));
  EXPECT_EQ(answered.calls, 1);
  ASSERT_EQ(sink.records.size(), 1u);
  ASSERT_EQ(observer.reports.size(), 1u);
  EXPECT_EQ(namesOf(observer.reports[0]),
            (std::vector<std::string>{"header", "link", "waits", "answer", "sign"}));
}

TEST(PipelineParkingTest, RunLetsNoStagePark) {
  Trace trace;
  CapturingSink sink;

  class MustNotPark : public Stage {
   public:
    std::string_view name() const override { return "waits"; }
    StageResult process(Exchange& exchange) override {
      EXPECT_FALSE(exchange.resume) << "run() answers on its own thread: the stage must wait";
      return StageResult::proceed();
    }
  };
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<MustNotPark>());
  Pipeline pipeline(std::move(stages), sink);
  const HttpReply reply = pipeline.run(someRequest());
  EXPECT_FALSE(reply.fault) << reply.body;
  EXPECT_EQ(sink.records.size(), 1u);
}

}  // namespace
}  // namespace renkei
