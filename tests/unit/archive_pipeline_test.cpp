// The pipeline hands every exchange with a request body to the archive after its audit record,
// with what the caller is actually answered; an archive is never asked to fail an exchange.
#include <gtest/gtest.h>

#include <vector>

#include "broker/core/exchange_archive.h"
#include "broker/core/pipeline.h"

namespace renkei {
namespace {

struct Kept {
  archive::ArchiveMeta meta;
  std::string request;
  std::string response;
};

class RecordingArchive : public archive::ExchangeArchive {
 public:
  void keep(archive::ArchiveMeta meta, std::string_view request,
            std::string_view response) noexcept override {
    kept.push_back({std::move(meta), std::string(request), std::string(response)});
  }
  std::vector<Kept> kept;
};

class MemoryAudit : public AuditSink {
 public:
  using AuditSink::record;
  void record(AuditRecord record, const UnavailableRecord& if_unavailable) override {
    if (down) {
      records.push_back(if_unavailable(record));
      throw AuditUnavailableError("store down");
    }
    records.push_back(std::move(record));
  }
  bool healthy() const override { return !down; }
  bool down = false;
  std::vector<AuditRecord> records;
};

// Answers every request with a fixed body, as a unit would.
class AnswerStage : public Stage {
 public:
  std::string_view name() const override { return "answer"; }
  StageResult process(Exchange& exchange) override {
    exchange.response_http_status = 200;
    exchange.response_content_type = "text/xml; charset=utf-8";
    exchange.response_body = "<answer/>";
    return StageResult::proceed();
  }
};

class RefuseStage : public Stage {
 public:
  std::string_view name() const override { return "refuse"; }
  StageResult process(Exchange&) override {
    return StageResult::refuse(FaultCode::kSchemaViolation, "no");
  }
};

template <typename S>
std::vector<std::unique_ptr<Stage>> stagesOf() {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<S>());
  return stages;
}

HttpRequest requestWith(std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.content_type = "text/xml; charset=utf-8";
  request.body = std::move(body);
  return request;
}

TEST(ArchivePipeline, ARoutedExchangeIsArchivedWithTheAnswerSent) {
  MemoryAudit audit;
  RecordingArchive archive;
  Pipeline pipeline(stagesOf<AnswerStage>(), audit, &archive);
  const HttpReply reply = pipeline.run(requestWith("<request/>"));
  ASSERT_EQ(archive.kept.size(), 1u);
  EXPECT_EQ(archive.kept[0].request, "<request/>");
  EXPECT_EQ(archive.kept[0].response, reply.body);
  EXPECT_EQ(archive.kept[0].meta.outcome, "routed");
  ASSERT_EQ(audit.records.size(), 1u);
  EXPECT_EQ(archive.kept[0].meta.time, audit.records[0].time) << "archive and trail match";
}

TEST(ArchivePipeline, ARefusedExchangeIsArchivedWithItsFault) {
  MemoryAudit audit;
  RecordingArchive archive;
  Pipeline pipeline(stagesOf<RefuseStage>(), audit, &archive);
  const HttpReply reply = pipeline.run(requestWith("<bad/>"));
  ASSERT_EQ(archive.kept.size(), 1u);
  EXPECT_EQ(archive.kept[0].meta.outcome, "refused");
  EXPECT_EQ(archive.kept[0].meta.fault_code, "Client.SchemaViolation");
  EXPECT_EQ(archive.kept[0].response, reply.body);
  EXPECT_NE(reply.body.find("Client.SchemaViolation"), std::string::npos);
}

TEST(ArchivePipeline, AnExchangeWithoutABodyLeavesNoRecord) {
  MemoryAudit audit;
  RecordingArchive archive;
  Pipeline pipeline(stagesOf<RefuseStage>(), audit, &archive);
  pipeline.refuse(faultOf(FaultCode::kMessageTooLarge, "empty"), requestWith(""));
  EXPECT_TRUE(archive.kept.empty());
  EXPECT_EQ(audit.records.size(), 1u) << "still audited";
}

TEST(ArchivePipeline, WhenTheTrailIsDownTheArchiveKeepsTheAuditUnavailableAnswer) {
  MemoryAudit audit;
  audit.down = true;
  RecordingArchive archive;
  Pipeline pipeline(stagesOf<AnswerStage>(), audit, &archive);
  const HttpReply reply = pipeline.run(requestWith("<request/>"));
  ASSERT_EQ(archive.kept.size(), 1u);
  EXPECT_EQ(archive.kept[0].meta.outcome, "failed");
  EXPECT_EQ(archive.kept[0].meta.fault_code, "Server.AuditUnavailable");
  EXPECT_EQ(archive.kept[0].response, reply.body);
  EXPECT_NE(reply.body.find("Server.AuditUnavailable"), std::string::npos);
}

TEST(ArchivePipeline, WithoutAnArchiveNothingChanges) {
  MemoryAudit audit;
  Pipeline pipeline(stagesOf<AnswerStage>(), audit);
  EXPECT_EQ(pipeline.run(requestWith("<request/>")).body, "<answer/>");
}

}  // namespace
}  // namespace renkei
